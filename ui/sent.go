package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/flow"
	"ksn/model"
	"ksn/ui/help"
)

// The "Data sent" window (docs/sent.md): the requests ksn has sent for this
// user, newest first; enter shows one whole.

// sentReadMsg is sent.jsonl as read, for the "Data sent" window.
type sentReadMsg struct{ data flow.DataSent }

// readSent reads sent.jsonl in the background while in is in force.
func readSent(store *model.Store, in flow.InForce) tea.Cmd {
	return func() tea.Msg { return sentReadMsg{data: flow.ReadDataSent(store, in, time.Time{})} }
}

// sentWindow lists the requests sent, newest first.
type sentWindow struct {
	drawn
	sh     *shared
	data   flow.DataSent
	loaded bool
	focus  int // the index of the request with the focus
	width  int
	height int
	scroll bodyScroll
	full   drawn
}

// newSentWindow returns the "Data sent" window; it reads sent.jsonl when
// it opens.
func newSentWindow(sh *shared) *sentWindow { return &sentWindow{sh: sh} }

// Title implements screen.
func (w *sentWindow) Title() string { return w.sh.say.T("ui.title.sent") }

// Topic implements screen.
func (w *sentWindow) Topic() help.Name { return help.KSN }

// Init implements screen: it reads sent.jsonl.
func (w *sentWindow) Init() tea.Cmd { return readSent(w.sh.opts.Store, w.sh.state()) }

// Resume implements screen.
func (w *sentWindow) Resume() {}

// SetSize implements screen.
func (w *sentWindow) SetSize(width, height int) tea.Cmd {
	w.width, w.height = width, height
	w.scroll.focusMoved()
	w.redraw()
	return nil
}

// Refresh implements screen.
func (w *sentWindow) Refresh() { w.redraw() }

// Update implements screen.
func (w *sentWindow) Update(msg tea.Msg) (tea.Cmd, action) {
	k := w.sh.keys
	n := len(w.data.Entries)
	focus := w.focus
	var act action
	switch msg := msg.(type) {
	case sentReadMsg:
		w.data, w.loaded = msg.data, true
		w.focus = min(w.focus, max(len(w.data.Entries)-1, 0))
		w.redraw()
		return nil, nil
	case tea.KeyPressMsg:
		switch {
		case w.scroll.key(k, msg, n < 2):
		case n > 1 && key.Matches(msg, k.Next, k.Down):
			w.focus = (w.focus + 1) % n
			w.scroll.focusMoved()
		case n > 1 && key.Matches(msg, k.Prev, k.Up):
			w.focus = (w.focus + n - 1) % n
			w.scroll.focusMoved()
		case n > 0 && key.Matches(msg, k.Enter):
			if !shown(w.zones, w.focus) {
				w.scroll.focusMoved()
				break
			}
			act = navigate{to: newSentEntryWindow(w.sh, w.data.Entries[w.focus])}
		}
	case tea.MouseWheelMsg:
		w.scroll.wheel(msg)
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return nil, nil
		}
		if id, ok := hit(w.zones, msg.X, msg.Y); ok && id < n {
			w.focus = id
			act = navigate{to: newSentEntryWindow(w.sh, w.data.Entries[id])}
		}
	}
	if w.focus != focus {
		w.redraw()
	} else {
		w.place()
	}
	return nil, act
}

// redraw draws the whole body again, then places it.
func (w *sentWindow) redraw() {
	w.full.body, w.full.zones = w.draw()
	w.place()
}

// place cuts the whole body to the height, the focus kept in view.
func (w *sentWindow) place() {
	y0, y1 := zoneLines(w.full.zones, w.focus)
	w.body, w.zones = w.scroll.fit(w.full.body, w.full.zones, y0, y1, w.height, w.sh.marks)
}

// draw renders the whole body: what there is to say (nothing sent, or
// since when while off), then a line a request, newest first.
func (w *sentWindow) draw() (string, []zone) {
	sh, st := w.sh, w.sh.styles
	b := body{width: w.width}
	width := min(w.width, proseWidth)
	if !w.loaded {
		b.add(st.Muted.Render("…"), -1)
		return b.String(), b.zones
	}
	if w.data.Err != nil {
		b.add(wrapLines(st.Bad, sh.say.Err(w.data.Err), width), -1)
		return b.String(), b.zones
	}
	if note := sh.say.NothingSent(w.data, sh.now()); note != "" {
		b.add(wrapLines(st.Muted, note, width), -1)
		if len(w.data.Entries) > 0 {
			b.blank()
		}
	}
	for i, e := range w.data.Entries {
		marker, style := "  ", st.Item
		if i == w.focus {
			marker, style = "› ", st.ItemFocused
		}
		// A line too long for a narrow terminal goes on under itself: nothing cut.
		b.add(marker+indentRest(wrapLines(style, sh.say.SentLine(e, sh.now()), max(width-2, 1)), 2), i)
	}
	return b.String(), b.zones
}

// ShortHelp implements help.KeyMap: only the keys that act now.
func (w *sentWindow) ShortHelp() []key.Binding {
	k := w.sh.keys
	n := len(w.data.Entries)
	return []key.Binding{
		enabled(k.Enter, n > 0),
		enabled(k.Next, n > 1),
		moreKey(w.sh, w.scroll),
		k.Help, k.Back, k.FullHelp,
	}
}

// FullHelp implements help.KeyMap.
func (w *sentWindow) FullHelp() [][]key.Binding {
	k, v := w.sh.keys, w.sh.say
	n := len(w.data.Entries)
	many := n > 1
	return [][]key.Binding{
		append([]key.Binding{
			merged(v.T("ui.key.focus"), enabled(k.Next, many), enabled(k.Prev, many), enabled(k.Up, many), enabled(k.Down, many)),
		}, scrollHelp(w.sh, w.scroll, !many)...),
		{enabled(k.Enter, n > 0)},
		{k.Help, k.Back, merged(v.T("ui.key.quit"), k.Quit, k.ForceQuit)},
	}
}

// sentEntryWindow shows one request whole: when, the request line, the
// answer, every header and the body.
type sentEntryWindow struct {
	drawn
	sh     *shared
	entry  model.SentEntry
	width  int
	height int
	scroll bodyScroll
	full   string
}

// newSentEntryWindow returns the window of request e.
func newSentEntryWindow(sh *shared, e model.SentEntry) *sentEntryWindow {
	return &sentEntryWindow{sh: sh, entry: e}
}

// Title implements screen.
func (w *sentEntryWindow) Title() string { return w.sh.say.T("ui.title.request") }

// Topic implements screen.
func (w *sentEntryWindow) Topic() help.Name { return help.KSN }

// Init implements screen.
func (w *sentEntryWindow) Init() tea.Cmd { return nil }

// Resume implements screen.
func (w *sentEntryWindow) Resume() {}

// SetSize implements screen.
func (w *sentEntryWindow) SetSize(width, height int) tea.Cmd {
	w.width, w.height = width, height
	w.redraw()
	return nil
}

// Refresh implements screen.
func (w *sentEntryWindow) Refresh() { w.redraw() }

// Update implements screen: the arrows, pgup, pgdown and the wheel scroll.
func (w *sentEntryWindow) Update(msg tea.Msg) (tea.Cmd, action) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		w.scroll.key(w.sh.keys, msg, true)
	case tea.MouseWheelMsg:
		w.scroll.wheel(msg)
	}
	w.place()
	return nil, nil
}

// redraw draws the request whole, every line wrapped to the width (a
// header's value, a hash, broken where it must be: nothing is cut).
func (w *sentEntryWindow) redraw() {
	width := max(min(w.width, proseWidth)-1, 1)
	var lines []string
	for i, l := range w.sh.say.SentWhole(w.entry, w.sh.now()) {
		content := strings.TrimLeft(l, " ")
		lead := min(len(l)-len(content), width/4)
		avail := max(width-lead-2, 8)
		wrapped := ansi.Hardwrap(ansi.Wrap(content, avail, ""), avail, true)
		wrapped = strings.Repeat(" ", lead) + indentRest(wrapped, lead+2)
		if i == 0 {
			wrapped = w.sh.styles.Section.Render(wrapped)
		}
		lines = append(lines, indent(wrapped, 1))
	}
	w.full = strings.Join(lines, "\n")
	w.place()
}

// place cuts the request to the height at the scroll offset.
func (w *sentEntryWindow) place() {
	w.body, w.zones = w.scroll.fit(w.full, nil, 0, 0, w.height, w.sh.marks)
}

// ShortHelp implements help.KeyMap.
func (w *sentEntryWindow) ShortHelp() []key.Binding {
	k := w.sh.keys
	return []key.Binding{moreKey(w.sh, w.scroll), k.Help, k.Back, k.FullHelp}
}

// FullHelp implements help.KeyMap.
func (w *sentEntryWindow) FullHelp() [][]key.Binding {
	k, v := w.sh.keys, w.sh.say
	return [][]key.Binding{
		scrollHelp(w.sh, w.scroll, true),
		{k.Help, k.Back, merged(v.T("ui.key.quit"), k.Quit, k.ForceQuit)},
	}
}

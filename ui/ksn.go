package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/flow"
	"ksn/model"
	"ksn/say"
	"ksn/ui/help"
)

// Focus targets of the KSN window.
const (
	focusNone    = int(flow.NoControl)     // a locked window: nothing to focus
	focusToggle  = int(flow.Toggle)        // info layout
	focusRead    = int(flow.ReadButton)    // info layout: "Read the statement"
	focusAccept  = int(flow.AcceptButton)  // statement layout
	focusDecline = int(flow.DeclineButton) // statement layout
	focusSent    = int(flow.SentButton)    // either layout: "Data sent"
)

// Widths on wide terminals (docs/screens.md).
const (
	toggleWidth = 80 // the toggle's box, so its value stays near its label
)

// checkNowMsg asks the App for a connection check now: the first
// command of an App and of the KSN window.
type checkNowMsg struct{}

// ksnWindow is the Kaspersky Security Network window, in either layout.
type ksnWindow struct {
	drawn
	sh      *shared
	refused bool // a locked control was clicked or its key pressed: say why
	focus   int
	width   int
	height  int
	scroll  bodyScroll
	full    drawn // the whole body but the connection status, however tall, before it is cut to the height
	// placed is the height place last had, and the room it gave what
	// scrolls: the whole body, or the part above the connection status.
	placed struct{ height, room int }

	details    string     // the text about KSN, as detailsText made it
	detailsFor detailsKey // what details was made for
	status     string     // the "Connection status" section, as connection made it
	head       body       // the statement layout's lines above the lock note and the buttons
}

// detailsKey is what the details text depends on.
type detailsKey struct {
	width  int
	locked bool
}

// newKSN returns the KSN window with the focus docs/screens.md gives it.
func newKSN(sh *shared) *ksnWindow {
	w := &ksnWindow{sh: sh}
	w.Resume()
	return w
}

// Title implements screen.
func (w *ksnWindow) Title() string { return w.sh.say.T("ui.title.ksn") }

// Topic implements screen.
func (w *ksnWindow) Topic() help.Name { return help.KSN }

// Init implements screen: opening the window checks the connection.
func (w *ksnWindow) Init() tea.Cmd { return func() tea.Msg { return checkNowMsg{} } }

// Resume implements screen: the focus returns to the toggle or "Accept".
func (w *ksnWindow) Resume() {
	w.focus = focusNone
	if ts := w.targets(); len(ts) > 0 {
		w.focus = ts[0]
	}
	w.scroll.focusMoved()
}

// SetSize implements screen.
func (w *ksnWindow) SetSize(width, height int) tea.Cmd {
	w.width, w.height = width, height
	w.scroll.focusMoved()
	w.Refresh()
	return nil
}

// Refresh implements screen: the state in force, the check or the look
// changed.
func (w *ksnWindow) Refresh() {
	w.clampFocus(w.targets())
	if k := (detailsKey{width: w.width, locked: w.sh.consentLocked()}); k != w.detailsFor || w.details == "" {
		w.details, w.detailsFor = w.detailsText(), k
	}
	w.status = w.connection()
	w.head = w.drawHead()
	w.redraw()
}

// redraw draws the whole body again, then places it.
func (w *ksnWindow) redraw() {
	w.full.body, w.full.zones = w.draw()
	w.place()
}

// place cuts the body to the height, scrolled to keep the focus in view.
// The connection status, the point of the window, stays in view at the
// bottom when the body does not fit (docs/screens.md): what scrolls is the
// part above it, as long as that part keeps more than half the height,
// and room for its tallest control and both markers; else (a short
// terminal) the whole body scrolls. When the status grows or shrinks (a
// check began or ended), what scrolls starts again from the top, keeping
// the focus in view.
func (w *ksnWindow) place() {
	y0, y1 := zoneLines(w.full.zones, w.focus)
	b := body{width: w.width}
	b.blank()
	b.add(w.status, -1)
	tail := b.String()
	whole := w.full.body + "\n" + tail
	room := w.height - len(b.lines)
	pinned := lineCount(whole) > w.height && room*2 > w.height && room >= tallest(w.full.zones)+2
	if !pinned {
		room = w.height
	}
	if w.height == w.placed.height && room != w.placed.room {
		w.scroll.offset = 0
		w.scroll.focusMoved()
	}
	w.placed.height, w.placed.room = w.height, room
	if !pinned {
		w.body, w.zones = w.scroll.fit(whole, w.full.zones, y0, y1, room, w.sh.marks)
		return
	}
	top, zones := w.scroll.fit(w.full.body, w.full.zones, y0, y1, room, w.sh.marks)
	w.body, w.zones = top+"\n"+tail, zones
}

// tallest is the most lines a zone of zones spans; at least 1.
func tallest(zones []zone) int {
	n := 1
	for _, z := range zones {
		n = max(n, z.y1-z.y0)
	}
	return n
}

// targets lists the focusable controls of the layout in force, in focus
// order: none while the administrator decides participation.
func (w *ksnWindow) targets() []int { return focusOrder(w.sh.windowOf(flow.KSNWindow)) }

// Update implements screen.
func (w *ksnWindow) Update(msg tea.Msg) (tea.Cmd, action) {
	ts := w.targets()
	w.clampFocus(ts)
	focus, refused := w.focus, w.refused
	var act action
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		act = w.key(msg, ts)
	case tea.MouseWheelMsg:
		w.scroll.wheel(msg)
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return nil, nil
		}
		if id, ok := hit(w.zones, msg.X, msg.Y); ok {
			if !slices.Contains(ts, id) {
				w.refused = true // a locked control: say why
				break
			}
			w.focus = id
			act = w.activate(id)
		}
	}
	if w.focus != focus || w.refused != refused {
		w.redraw()
	} else {
		w.place()
	}
	return nil, act
}

// key acts on a key, ts being the focus targets.
func (w *ksnWindow) key(msg tea.KeyPressMsg, ts []int) action {
	k := w.sh.keys
	w.refused = false
	switch {
	case w.sh.consentLocked() && key.Matches(msg, k.Toggle):
		w.refused = true // the locked toggle's key: say why, as a click does
	case key.Matches(msg, k.Recheck):
		return checkNow{}
	case w.scroll.key(k, msg, len(ts) < 2):
	case len(ts) > 1 && key.Matches(msg, k.Next, k.Down, k.Right):
		w.focus = ts[(slices.Index(ts, w.focus)+1)%len(ts)]
		w.scroll.focusMoved()
	case len(ts) > 1 && key.Matches(msg, k.Prev, k.Up, k.Left):
		w.focus = ts[(slices.Index(ts, w.focus)+len(ts)-1)%len(ts)]
		w.scroll.focusMoved()
	case len(ts) > 0 && key.Matches(msg, k.Enter, k.Toggle):
		if !shown(w.zones, w.focus) {
			w.scroll.focusMoved() // scrolled away: show it, press it next time
			return nil
		}
		return w.activate(w.focus)
	}
	return nil
}

// clampFocus puts the focus on the first of ts if the layout in force
// (which another process or a policy may change) has no control where it
// was.
func (w *ksnWindow) clampFocus(ts []int) {
	switch {
	case len(ts) == 0:
		w.focus = focusNone
	case !slices.Contains(ts, w.focus):
		w.focus = ts[0]
	}
}

// activate presses control id, as flow.WindowOf says it acts.
func (w *ksnWindow) activate(id int) action {
	return pressControl(w.sh, w.sh.windowOf(flow.KSNWindow), id)
}

// draw renders the body above the connection status (place adds it),
// however tall.
func (w *ksnWindow) draw() (string, []zone) {
	v := w.sh.say
	b := body{width: w.width}
	locked := w.sh.consentLocked()
	if w.sh.window() == model.WindowStatement {
		b.addBody(w.head)
		if locked {
			b.add(w.lockNote(), -1)
		}
		b.addRow([]string{
			w.button(v.T("ui.button.accept"), focusAccept, locked),
			w.button(v.T("ui.button.decline"), focusDecline, locked),
		}, []int{focusAccept, focusDecline}, 1, markerWidth)
		b.addRow([]string{w.button(v.T("ui.button.sent"), focusSent, false)}, []int{focusSent}, 0, markerWidth)
	} else {
		b.add(w.toggle(locked), focusToggle)
		if locked {
			b.add(w.lockNote(), -1)
		}
		read, sent := w.button(v.T("ui.button.read"), focusRead, false), w.button(v.T("ui.button.sent"), focusSent, false)
		if lipgloss.Width(read)+1+lipgloss.Width(sent) <= w.width {
			b.addRow([]string{read, sent}, []int{focusRead, focusSent}, 1, markerWidth)
		} else {
			b.addRow([]string{read}, []int{focusRead}, 0, markerWidth)
			b.addRow([]string{sent}, []int{focusSent}, 0, markerWidth)
		}
		if w.height >= 14 {
			b.blank() // room to breathe, where there is room
		}
		b.add(w.details, -1)
	}
	return b.String(), b.zones
}

// drawHead draws the statement layout's participation, heading and
// statement state.
func (w *ksnWindow) drawHead() body {
	st, v := w.sh.styles, w.sh.say
	b := body{width: w.width}
	if w.sh.window() != model.WindowStatement {
		return b
	}
	b.add(row(st, v.T("ui.ksn.participation"), onOff(w.sh, w.sh.state()), 15, w.width), -1)
	b.blank()
	b.add(wrapLines(st.Section, v.T("ui.title.statement"), min(w.width, proseWidth)), -1)
	b.add(wrap(statementState(w.sh), min(w.width, proseWidth)), -1)
	return b
}

// button renders a button of the statement layout, dim when locked.
func (w *ksnWindow) button(label string, id int, locked bool) string {
	if locked {
		return "  " + w.sh.styles.Muted.Render("[ "+label+" ]")
	}
	return button(w.sh.styles, label, w.focus == id)
}

// lockNote says who decides participation: "Set by your administrator
// (PATH)", and why a click or space did nothing.
func (w *ksnWindow) lockNote() string {
	st := w.sh.styles
	path := w.sh.files.Policy.Path
	width := min(w.width, proseWidth)
	if w.refused {
		return st.Warn.Render(indentRest(wrap("⚠ "+w.sh.say.LockedRefusal(path), width-2), 2))
	}
	return st.Muted.Render(indentRest(wrap("🔒 "+w.sh.say.Locked(path), width-3), 3))
}

// toggle renders the participation switch: in a box at most toggleWidth
// wide, or on a short terminal as a plain row marked "›" when focused; dim
// and without focus when locked.
func (w *ksnWindow) toggle(locked bool) string {
	st := w.sh.styles
	focused := w.focus == focusToggle
	box := st.Box
	if focused {
		box = st.BoxFocused
	}
	narrow := w.height < 14
	width := min(w.width, toggleWidth)
	frame := box.GetHorizontalFrameSize()
	if narrow {
		frame = 2 // the focus marker
	}
	value := st.Off.Render("( ○ " + w.sh.say.OnOff(false) + " )")
	switch {
	case w.sh.saving:
		value = st.Muted.Render("(  …  )")
	case w.sh.participating():
		value = st.On.Render("( ● " + w.sh.say.OnOff(true) + " )")
	}
	label := w.sh.say.T("ui.ksn.toggle")
	if locked {
		value = st.Muted.Render(ansi.Strip(value))
		label = st.Muted.Render(label)
	}
	inner := max(width-frame, 1)
	labelWidth := max(inner-lipgloss.Width(value)-1, 1)
	label = wrap(label, labelWidth)
	gap := max(inner-lipgloss.Width(label)-lipgloss.Width(value), 1)
	content := lipgloss.JoinHorizontal(lipgloss.Top, label, strings.Repeat(" ", gap), value)
	if narrow {
		marker := "  "
		if focused {
			marker = st.ItemFocused.Render("› ")
		}
		return marker + indentRest(content, 2)
	}
	return box.Width(width).Render(content)
}

// detailsText renders the text about KSN under the toggle, wrapped at
// proseWidth at most.
func (w *ksnWindow) detailsText() string {
	last := w.sh.say.T("ui.ksn.voluntary")
	if w.sh.consentLocked() {
		last = w.sh.say.T("ui.ksn.managed")
	}
	return details(w.sh.say, w.width, last)
}

// details renders the details of KSN (what it is and what is sent) and
// then last, the paragraph on ending it, in a body width wide, wrapped at
// proseWidth at most: the KSN window's text, which `ksn setup` shows too.
func details(v say.Voice, width int, last string) string {
	paragraphs := []string{v.T("ui.ksn.what"), v.T("ui.ksn.sent"), last}
	width = min(width, proseWidth) - 1
	parts := make([]string, len(paragraphs))
	// A "›" of a path (sh.say.Where()) never starts a line, where it would look
	// like the focus marker: it is glued to the word before.
	const glued = "\u00a0›"
	for i, p := range paragraphs {
		parts[i] = strings.ReplaceAll(wrap(strings.ReplaceAll(p, " ›", glued), width), glued, " ›")
	}
	return indent(strings.Join(parts, "\n"), 1)
}

// connection renders the "Connection status" section: the state, when it
// was checked, the reason and what to do, and the restriction, each
// wrapped whole.
func (w *ksnWindow) connection() string {
	sh, st := w.sh, w.sh.styles
	in := sh.state()
	width := min(w.width, proseWidth)
	lines := []string{wrapLines(st.Section, sh.say.T("ui.ksn.connection_status"), width)}
	r := in.Check
	word := sh.say.Connection(in.Connection(), sh.checking)
	var status string
	switch {
	case sh.checking:
		status = sh.spinner.View() + " " + word
	case r == nil:
		status = indentRest(wrapLines(st.Muted, word+" · "+sh.say.T("ui.ksn.press_r"), width-2), 2)
	case r.Connected:
		status = st.OK.Render("✓ " + word)
	default:
		status = st.Bad.Render("✗ " + word)
	}
	if r != nil && !sh.checking {
		stamp := st.Muted.Render(sh.say.Checked(r.CheckedAt, sh.now()))
		if gap := width - lipgloss.Width(status) - lipgloss.Width(stamp); gap >= 2 {
			status += strings.Repeat(" ", gap) + stamp
		} else {
			status += "\n  " + stamp
		}
	}
	lines = append(lines, status)
	if r != nil && !r.Connected && !sh.checking {
		reason := sh.say.Reason(r.Reason)
		lines = append(lines, indent(wrap(reason, width-2), 2))
		if todo := sh.say.WhatToDoHere(in, false); todo != "" {
			lines = append(lines, st.Muted.Render(indent(wrap(sh.say.WhatToDoLabel()+todo, width-2), 2)))
		}
	}
	if note := sh.say.Restriction(r, sh.now()); note != "" {
		lines = append(lines, st.Warn.Render("⚠ "+indentRest(wrap(note, width-2), 2)))
	}
	return strings.Join(lines, "\n")
}

// ShortHelp implements help.KeyMap: only the keys that act now.
func (w *ksnWindow) ShortHelp() []key.Binding {
	k, v := w.sh.keys, w.sh.say
	ts := w.targets()
	onToggle := w.focus == focusToggle
	return []key.Binding{
		enabled(k.Toggle, onToggle && !w.sh.saving),
		enabled(with(k.Enter, v.T("ui.key.press")), len(ts) > 0 && !onToggle && !w.sh.saving),
		enabled(k.Next, len(ts) > 1),
		k.Recheck,
		moreKey(w.sh, w.scroll),
		k.Help, k.Back, k.FullHelp,
	}
}

// FullHelp implements help.KeyMap.
func (w *ksnWindow) FullHelp() [][]key.Binding {
	k, v := w.sh.keys, w.sh.say
	ts := w.targets()
	many := len(ts) > 1
	toggle := slices.Contains(ts, focusToggle)
	buttons := len(ts) > 0 && !(len(ts) == 1 && toggle)
	return [][]key.Binding{
		append([]key.Binding{
			merged(v.T("ui.key.focus"), enabled(k.Next, many), enabled(k.Prev, many), enabled(k.Left, many), enabled(k.Right, many)),
		}, scrollHelp(w.sh, w.scroll, !many)...),
		{
			merged(v.T("ui.key.toggle"), enabled(k.Toggle, toggle), enabled(k.Enter, toggle)),
			merged(v.T("ui.key.press"), enabled(k.Enter, buttons), enabled(k.Toggle, buttons)),
			k.Recheck,
		},
		{k.Help, k.Back, merged(v.T("ui.key.quit"), k.Quit, k.ForceQuit)},
	}
}

// lineCount counts the lines of s.
func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

// indent prefixes every line of s with n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// wrapLines wraps s at width and renders each line in style: a heading
// that does not fit is wrapped, never cut.
func wrapLines(style lipgloss.Style, s string, width int) string {
	lines := strings.Split(wrap(s, width), "\n")
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return strings.Join(lines, "\n")
}

// indentRest prefixes every line of s but the first with n spaces.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

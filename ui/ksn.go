package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"ksn/model"
	"ksn/netcheck"
	"ksn/say"
	"ksn/ui/help"
)

// KSN window texts (SPEC §3).
const (
	ksnTitle         = "Kaspersky Security Network"
	toggleLabel      = "Participation in Kaspersky Security Network"
	statementSection = "Kaspersky Security Network Statement"
	connectionTitle  = "Connection status"
)

// The details of KSN under the toggle in the info layout, one paragraph each.
const (
	detailsWhat      = "Kaspersky Security Network (KSN) is a cloud knowledge base with the reputation of applications and websites. Participating makes protection respond faster to new threats and reduces false positives."
	detailsSent      = "While you participate, this computer sends: the configuration of its operating system; the start and completion time of processes. The license key is never sent, only its SHA-256 hash."
	detailsVoluntary = "Participation is voluntary; turn it off here at any time."
	detailsManaged   = "Participation is voluntary; on this computer your administrator decides it."
)

// Focus targets of the KSN window.
const (
	focusToggle = iota // info layout
	focusAccept        // statement layout
	focusDecline
)

// checkNowMsg asks the App for a connection check now.
type checkNowMsg struct{}

// ksnWindow is the Kaspersky Security Network window, in either layout.
type ksnWindow struct {
	sh      *shared
	refused bool // a locked control was pressed: say why
	focus   int
	width   int
	height  int
	cache   viewCache[viewKey]
	details textCache[viewKey] // by width only
	status  textCache[viewKey] // by shared state and width
	terse   textCache[viewKey] // the same without what to do
}

// newKSN returns the KSN window with the focus SPEC §3 gives it.
func newKSN(sh *shared) *ksnWindow {
	w := &ksnWindow{sh: sh}
	w.Resume()
	return w
}

// Title implements screen.
func (w *ksnWindow) Title() string { return ksnTitle }

// Topic implements screen.
func (w *ksnWindow) Topic() help.Name { return help.KSN }

// Init implements screen: opening the window checks the connection.
func (w *ksnWindow) Init() tea.Cmd { return func() tea.Msg { return checkNowMsg{} } }

// Resume implements screen: the focus returns to the toggle or "Accept".
func (w *ksnWindow) Resume() {
	w.focus = focusToggle
	if w.sh.window() == model.WindowStatement {
		w.focus = focusAccept
	}
}

// SetSize implements screen.
func (w *ksnWindow) SetSize(width, height int) tea.Cmd {
	w.width, w.height = width, height
	return nil
}

// targets lists the focusable controls of the layout in force, in focus order.
func (w *ksnWindow) targets() []int {
	if w.sh.window() == model.WindowStatement {
		return []int{focusAccept, focusDecline}
	}
	return []int{focusToggle}
}

// Update implements screen.
func (w *ksnWindow) Update(msg tea.Msg) tea.Cmd {
	k := w.sh.keys
	ts := w.targets()
	w.clampFocus(ts)
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		w.refused = false
		switch {
		case key.Matches(msg, k.Recheck):
			w.sh.checkNow()
		case key.Matches(msg, k.Next, k.Down, k.Right):
			w.focus = ts[(slices.Index(ts, w.focus)+1)%len(ts)]
		case key.Matches(msg, k.Prev, k.Up, k.Left):
			w.focus = ts[(slices.Index(ts, w.focus)+len(ts)-1)%len(ts)]
		case key.Matches(msg, k.Enter, k.Toggle):
			w.activate(w.focus)
		}
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return nil
		}
		_, zones := w.View()
		if id, ok := hit(zones, msg.X, msg.Y); ok {
			w.focus = id
			w.activate(id)
		}
	}
	return nil
}

// clampFocus puts the focus on the first of ts if the layout in force
// (which another process may change) has no control where it was.
func (w *ksnWindow) clampFocus(ts []int) {
	if !slices.Contains(ts, w.focus) {
		w.focus = ts[0]
	}
}

// activate presses control id.
func (w *ksnWindow) activate(id int) {
	if w.sh.saving {
		return
	}
	if w.sh.consentLocked() {
		w.refused = true
		return
	}
	switch id {
	case focusToggle:
		if w.sh.participating() {
			w.sh.decide(decideWithdraw, false)
			return
		}
		w.sh.navigate(newStatementWindow(w.sh, "I agree"))
	case focusAccept:
		w.sh.navigate(newStatementWindow(w.sh, "Accept"))
	case focusDecline:
		w.sh.decide(decideDecline, false)
	}
}

// View implements screen.
func (w *ksnWindow) View() (string, []zone) {
	w.clampFocus(w.targets())
	key := viewKey{rev: w.sh.rev, focus: w.focus, width: w.width, height: w.height, flag: w.refused}
	return w.cache.get(key, w.draw)
}

// draw renders the body.
func (w *ksnWindow) draw() (string, []zone) {
	st := w.sh.styles
	b := body{width: w.width}
	bottom := w.status.get(viewKey{rev: w.sh.rev, width: w.width}, func() string { return w.connection(true) })
	if w.sh.window() == model.WindowStatement {
		b.add(row(st, "Participation", onOff(w.sh, w.sh.state()), 15, w.width), -1)
		if w.height >= 10 { // on a short terminal the reason needs the line
			b.blank()
		}
		b.add(st.Section.Render(statementSection), -1)
		b.add(wrap(statementState(w.sh), w.width), -1)
		if w.sh.consentLocked() {
			b.add(w.lockNote(), -1)
		}
		b.addRow([]string{
			button(st, "Accept", w.focus == focusAccept),
			button(st, "Decline", w.focus == focusDecline),
		}, []int{focusAccept, focusDecline}, 1, markerWidth)
	} else {
		b.add(w.toggle(), focusToggle)
		if w.sh.consentLocked() {
			b.add(w.lockNote(), -1)
		}
		// The details, if at least two lines of them fit.
		room := w.height - b.height() - lineCount(bottom) - 2
		if room >= 2 {
			key := viewKey{width: w.width, flag: w.sh.consentLocked()}
			b.add(clip(w.details.get(key, w.detailsText), room), -1)
		}
	}
	if b.height()+lineCount(bottom) > w.height {
		// Until the body scrolls, what to do gives way to what is.
		bottom = w.terse.get(viewKey{rev: w.sh.rev, width: w.width}, func() string { return w.connection(false) })
	}
	if b.height()+lineCount(bottom)+1 <= w.height {
		b.blank()
	}
	b.add(bottom, -1)
	return b.String(), b.zones
}

// lockNote says who decides participation, and why a press did nothing.
func (w *ksnWindow) lockNote() string {
	st := w.sh.styles
	path := w.sh.files.Policy.Path
	if w.refused {
		return st.Warn.Render(wrap("⚠ "+say.LockedRefusal(path), w.width))
	}
	return st.Muted.Render(wrap("🔒 "+say.Locked(path), w.width))
}

// toggle renders the participation switch: in a box, or on a short
// terminal as a plain row marked "›" when focused.
func (w *ksnWindow) toggle() string {
	st := w.sh.styles
	box := st.Box
	if w.focus == focusToggle {
		box = st.BoxFocused
	}
	narrow := w.height < 14
	frame := box.GetHorizontalFrameSize()
	if narrow {
		frame = 2 // the focus marker
	}
	value := st.Off.Render("( ○ Off )")
	switch {
	case w.sh.saving:
		value = st.Muted.Render("(  …  )")
	case w.sh.participating():
		value = st.On.Render("( ● On )")
	}
	inner := max(w.width-frame, 1)
	labelWidth := max(inner-lipgloss.Width(value)-1, 1)
	label := wrap(toggleLabel, labelWidth)
	gap := max(inner-lipgloss.Width(label)-lipgloss.Width(value), 1)
	content := lipgloss.JoinHorizontal(lipgloss.Top, label, strings.Repeat(" ", gap), value)
	if narrow {
		marker := "  "
		if w.focus == focusToggle {
			marker = st.ItemFocused.Render("› ")
		}
		return marker + indentRest(content, 2)
	}
	return box.Width(w.width).Render(content)
}

// detailsText renders the text about KSN under the toggle.
func (w *ksnWindow) detailsText() string {
	paragraphs := []string{detailsWhat, detailsSent, detailsVoluntary}
	if w.sh.consentLocked() {
		paragraphs[2] = detailsManaged
	}
	parts := make([]string, len(paragraphs))
	for i, p := range paragraphs {
		parts[i] = wrap(p, w.width-1)
	}
	return indent(strings.Join(parts, "\n"), 1)
}

// connection renders the "Connection status" section, with what to do
// about a failure if withTodo.
func (w *ksnWindow) connection(withTodo bool) string {
	sh, st := w.sh, w.sh.styles
	in := sh.state()
	lines := []string{st.Section.Render(connectionTitle)}
	r := in.Check
	word := say.Connection(in.Connection(), sh.checking)
	var status string
	switch {
	case sh.checking:
		status = sh.spinner.View() + " " + word
	case r == nil:
		status = st.Muted.Render(word + " · press r to check")
	case r.Connected:
		status = st.OK.Render("✓ " + word)
	default:
		status = st.Bad.Render("✗ " + word)
	}
	if r != nil && !sh.checking {
		stamp := st.Muted.Render(say.Checked(r.CheckedAt, sh.now()))
		if gap := w.width - lipgloss.Width(status) - lipgloss.Width(stamp); gap >= 2 {
			status += strings.Repeat(" ", gap) + stamp
		}
	}
	lines = append(lines, status)
	if r != nil && !r.Connected && !sh.checking {
		lines = append(lines, indent(wrap(r.Message, w.width-2), 2))
		if todo := say.WhatToDo(r); withTodo && todo != "" && !(in.ConsentLocked && r.Reason == netcheck.ReasonNotParticipating) {
			lines = append(lines, st.Muted.Render(indent(wrap(say.WhatToDoLabel+todo, w.width-2), 2)))
		}
	}
	if note := say.Restriction(r, sh.now()); note != "" {
		lines = append(lines, st.Warn.Render("⚠ "+indentRest(wrap(note, w.width-2), 2)))
	}
	return strings.Join(lines, "\n")
}

// ShortHelp implements help.KeyMap.
func (w *ksnWindow) ShortHelp() []key.Binding {
	k := w.sh.keys
	if w.sh.consentLocked() { // nothing here to press
		return []key.Binding{k.Recheck, k.Help, k.Back, k.FullHelp}
	}
	if w.sh.window() == model.WindowStatement {
		return []key.Binding{with(k.Enter, "press"), k.Next, k.Recheck, k.Help, k.Back, k.FullHelp}
	}
	return []key.Binding{k.Toggle, k.Recheck, k.Help, k.Back, k.FullHelp}
}

// FullHelp implements help.KeyMap.
func (w *ksnWindow) FullHelp() [][]key.Binding {
	k := w.sh.keys
	act := []key.Binding{with(k.Toggle, "toggle"), with(k.Enter, "toggle"), k.Recheck}
	if w.sh.window() == model.WindowStatement {
		act = []key.Binding{with(k.Enter, "press"), with(k.Toggle, "press"), k.Recheck}
	}
	return [][]key.Binding{
		{k.Next, k.Prev, k.Left, k.Right},
		act,
		{k.Help, k.Back, k.Quit, k.ForceQuit},
	}
}

// clip keeps the first n lines of s, marking a cut with "…".
func clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	lines = lines[:n]
	lines[n-1] = " …"
	return strings.Join(lines, "\n")
}

// lineCount counts the lines of s.
func lineCount(s string) int { return strings.Count(s, "\n") + 1 }

// indent prefixes every line of s with n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// indentRest prefixes every line of s but the first with n spaces.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

package ui

import (
	"bytes"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ksn/flow"
	"ksn/ui/help"
)

// Focus targets of the Statement window, in tab order.
const (
	focusText = iota
	focusAgree
	focusCancel
)

// statementWindow shows the statement with an agree button and "Cancel",
// or, read-only, with "Close" alone.
type statementWindow struct {
	drawn
	sh     *shared
	agree  string // "I agree" (info layout) or "Accept" (statement layout), in the session's words; "" read-only
	doc    docView
	focus  int
	width  int
	height int
	// buttons is the row of buttons, drawn when the focus, the size or the
	// look changes.
	buttons body
}

// newStatementWindow returns the Statement window; the text has the focus.
// With agree "" it is read-only: the text and "Close" (`ksn setup`'s "Read
// the statement").
func newStatementWindow(sh *shared, agree string) *statementWindow {
	return &statementWindow{
		sh:    sh,
		agree: agree,
		doc:   newDocView(sh, "statement", withoutTitle(sh.statement().Markdown())),
	}
}

// Title implements screen.
func (s *statementWindow) Title() string { return s.sh.say.T("ui.title.statement") }

// Topic implements screen.
func (s *statementWindow) Topic() help.Name { return help.Statement }

// Init implements screen.
func (s *statementWindow) Init() tea.Cmd { return nil }

// Resume implements screen.
func (s *statementWindow) Resume() {}

// SetSize implements screen: two lines go to the indicator (or the search
// prompt) and the buttons.
func (s *statementWindow) SetSize(width, height int) tea.Cmd {
	s.width, s.height = width, height
	cmd := s.doc.resize(width, height-2)
	s.Refresh()
	return cmd
}

// Refresh implements screen.
func (s *statementWindow) Refresh() {
	s.drawButtons()
	s.layout()
}

// capturing reports whether the search prompt takes every key as text: the
// App must then hand it every key but ctrl+c, q and ? included.
func (s *statementWindow) capturing() bool { return s.doc.capturing() }

var _ capturer = (*statementWindow)(nil)

// Update implements screen.
func (s *statementWindow) Update(msg tea.Msg) (tea.Cmd, action) {
	focus := s.focus
	var act action
	switch msg := msg.(type) {
	case renderedMsg:
		s.doc.rendered(msg)
	case tea.MouseWheelMsg:
		s.doc.wheel(msg)
	case tea.PasteMsg:
		s.doc.paste(msg)
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return nil, nil
		}
		if id, ok := hit(s.zones, msg.X, msg.Y); ok {
			s.setFocus(id)
			act = s.press(id)
		}
	case tea.KeyPressMsg:
		act = s.key(msg)
	}
	if s.focus != focus {
		s.drawButtons()
	}
	s.layout()
	return nil, act
}

// key acts on a key.
func (s *statementWindow) key(msg tea.KeyPressMsg) action {
	k := s.sh.keys
	switch {
	case s.focus == focusText && s.doc.capturing():
		s.doc.key(msg)
	case key.Matches(msg, k.Back) && s.doc.showingSearch():
		s.doc.find.clear() // whatever has the focus: the matches are shown
	case key.Matches(msg, k.Next):
		s.setFocus(s.step(1))
	case key.Matches(msg, k.Prev):
		s.setFocus(s.step(-1))
	case s.focus == focusText:
		s.doc.key(msg)
	case s.readOnly() && key.Matches(msg, k.Left, k.Up, k.Right, k.Down):
		// One button: the arrows have nowhere to go.
	case key.Matches(msg, k.Left, k.Up):
		s.focus = focusAgree
	case key.Matches(msg, k.Right, k.Down):
		s.focus = focusCancel
	case key.Matches(msg, k.Enter, k.Toggle):
		return s.press(s.focus)
	}
	return nil
}

// readOnly reports whether the window only shows the text, with "Close".
func (s *statementWindow) readOnly() bool { return s.agree == "" }

// targets are the focus targets in tab order.
func (s *statementWindow) targets() []int {
	if s.readOnly() {
		return []int{focusText, focusCancel}
	}
	return []int{focusText, focusAgree, focusCancel}
}

// step is the target n places from the focus in tab order, round.
func (s *statementWindow) step(n int) int {
	ts := s.targets()
	i := slices.Index(ts, s.focus)
	return ts[((i+n)%len(ts)+len(ts))%len(ts)]
}

// cancel is the label of the button that closes the window.
func (s *statementWindow) cancel() string {
	if s.readOnly() {
		return s.sh.say.T("ui.button.close")
	}
	return s.sh.say.T("ui.button.cancel")
}

// setFocus moves the focus to id; the search prompt closes when the text
// loses it.
func (s *statementWindow) setFocus(id int) {
	if id != focusText && s.doc.capturing() {
		s.doc.find.close()
	}
	s.focus = id
}

// press presses button id (or focuses the text).
func (s *statementWindow) press(id int) action {
	switch id {
	case focusAgree:
		return decide{choice: flow.Accept, closeTop: true}
	case focusCancel:
		return goBack{}
	}
	return nil
}

// layout draws the body: the text, the indicator and the buttons in a
// column of prose at the body's left, so that the text lines up with the
// header at every width.
func (s *statementWindow) layout() {
	b := body{width: proseFor(s.width)}
	if s.height >= 3 {
		b.addFitted(s.doc.View(), focusText)
	}
	b.addFitted(s.doc.indicator(b.width, s.focus == focusText), -1)
	b.addBody(s.buttons)
	s.body, s.zones = b.String(), b.zones
}

// drawButtons draws the row of buttons.
func (s *statementWindow) drawButtons() {
	st := s.sh.styles
	b := body{width: proseFor(s.width)}
	if s.readOnly() {
		b.addRow([]string{button(st, s.cancel(), s.focus == focusCancel)}, []int{focusCancel}, 1, markerWidth)
	} else {
		b.addRow([]string{
			button(st, s.agree, s.focus == focusAgree),
			button(st, s.cancel(), s.focus == focusCancel),
		}, []int{focusAgree, focusCancel}, 1, markerWidth)
	}
	s.buttons = b
}

// tabKeys are tab and shift+tab, saying where each moves the focus: from
// the text to the buttons, from one button to the next, from the last one
// back to the text.
func (s *statementWindow) tabKeys() (next, prev key.Binding) {
	k, v := s.sh.keys, s.sh.say
	button, buttons, text := v.T("ui.key.to_button"), v.T("ui.key.to_buttons"), v.T("ui.key.to_text")
	if s.readOnly() {
		to := [3]string{focusText: button, focusCancel: text}[s.focus]
		return with(k.Next, to), with(k.Prev, to)
	}
	nexts := [3]string{buttons, v.T("ui.key.next"), text}
	prevs := [3]string{buttons, text, v.T("ui.key.previous")}
	return with(k.Next, nexts[s.focus]), with(k.Prev, prevs[s.focus])
}

// arrowKey is the arrow that moves between the buttons from the focused
// one (none with one button).
func (s *statementWindow) arrowKey() key.Binding {
	k, v := s.sh.keys, s.sh.say
	if s.readOnly() {
		return enabled(k.Right, false)
	}
	if s.focus == focusAgree {
		return with(k.Right, v.T("ui.key.to", "Button", s.cancel()))
	}
	return with(k.Left, v.T("ui.key.to", "Button", s.agree))
}

// backKey is esc, which is "Cancel" (or "Close").
func (s *statementWindow) backKey() key.Binding {
	if s.readOnly() {
		return with(s.sh.keys.Back, s.sh.say.T("ui.key.close"))
	}
	return with(s.sh.keys.Back, s.sh.say.T("ui.key.cancel"))
}

// ShortHelp implements help.KeyMap: only keys that act now.
func (s *statementWindow) ShortHelp() []key.Binding {
	k, r := s.sh.keys, s.doc.active()
	next, _ := s.tabKeys()
	switch {
	case s.focus != focusText:
		return enabledOf(with(k.Enter, s.sh.say.T("ui.key.press")), next, r.leave(s.backKey()), k.Help, k.FullHelp)
	case r.Run.Enabled():
		return enabledOf(r.Run, r.Cancel, k.ForceQuit)
	}
	return enabledOf(r.scroll(), r.Search, r.stepMatch(), r.leave(s.backKey()), next, k.Help, k.FullHelp)
}

// FullHelp implements help.KeyMap: only keys that act now.
func (s *statementWindow) FullHelp() [][]key.Binding {
	k, r := s.sh.keys, s.doc.active()
	next, prev := s.tabKeys()
	if next.Help().Desc == prev.Help().Desc { // both go to the buttons
		next, prev = merged(next.Help().Desc, next, prev), key.Binding{}
	}
	leave := []key.Binding{r.leave(s.backKey()), k.Help, merged(s.sh.say.T("ui.key.quit"), k.Quit, k.ForceQuit)}
	switch {
	case s.focus != focusText:
		return enabledGroups(
			[]key.Binding{with(k.Enter, s.sh.say.T("ui.key.press")), with(k.Toggle, s.sh.say.T("ui.key.press")), s.arrowKey()},
			[]key.Binding{next, prev},
			leave,
		)
	case r.Run.Enabled():
		return enabledGroups([]key.Binding{r.Run, r.Cancel}, []key.Binding{k.ForceQuit})
	}
	return enabledGroups(r.moves(), r.finds(), []key.Binding{next, prev}, leave)
}

// withoutTitle drops the document's first heading, its title in whatever
// language, which the header already shows: each title once (docs/screens.md).
// The text accepted and hashed is the whole document; only what is drawn
// leaves it out.
func withoutTitle(doc []byte) []byte {
	if !bytes.HasPrefix(doc, []byte("# ")) {
		return doc
	}
	_, rest, ok := bytes.Cut(doc, []byte("\n"))
	if !ok {
		return nil
	}
	return bytes.TrimLeft(rest, "\n")
}

// showingSearch implements searchShower.
func (s *statementWindow) showingSearch() bool { return s.doc.showingSearch() }

package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"ksn/flow"
	"ksn/model"
	"ksn/statement"
	"ksn/ui/help"
)

// Start is the screen an App opens on (flow.Start).
type Start = flow.Start

// The screens an App may open on.
const (
	StartMain  = flow.StartMain
	StartSetup = flow.StartSetup
)

// SetupOutcome is how an App opened with StartSetup ended.
type SetupOutcome = flow.SetupOutcome

// Outcome is how an App opened with StartSetup ended: read it after the
// program has ended (and WaitSaves has returned).
func (a *App) Outcome() SetupOutcome { return a.outcome }

// setupOutcome is the outcome of a decision saved.
func setupOutcome(msg savedMsg) SetupOutcome { return msg.outcome.Setup() }

// setupLabelWidth is where "On"/"Off" stands after "Participation". The
// setup screen's details are the KSN window's (details), but for the last
// paragraph: "here" would not be true.
const setupLabelWidth = 15

// The choices of the setup screen, in focus order.
const (
	choiceRead    = int(flow.ReadButton)
	choiceJoin    = int(flow.JoinButton)
	choiceDecline = int(flow.NotJoinButton)
)

// setupChoices are the setup screen's choices, in focus order.
func setupChoices() []int { return []int{choiceRead, choiceJoin, choiceDecline} }

// setupScreen asks the install-time question (docs/install.md) on one screen: the
// short details of KSN, then "Read the statement", "Participate" and "Do
// not participate". The choices stay in view; the text above them scrolls
// when it does not fit.
type setupScreen struct {
	drawn
	sh      *shared
	focus   int
	refused bool // a locked choice was clicked: say why
	width   int
	height  int
	scroll  bodyScroll // the text above the choices
	text    string     // the text above the choices, as drawText made it
}

// newSetup returns the setup screen; "Read the statement", which records
// nothing, has the focus.
func newSetup(sh *shared) *setupScreen {
	return &setupScreen{sh: sh, focus: choiceRead}
}

// Title implements screen.
func (s *setupScreen) Title() string { return s.sh.say.T("ui.title.setup") }

// Topic implements screen.
func (s *setupScreen) Topic() help.Name { return help.Setup }

// Init implements screen.
func (s *setupScreen) Init() tea.Cmd { return nil }

// Resume implements screen: the focus stays on the choice that opened the
// Statement window.
func (s *setupScreen) Resume() {}

// SetSize implements screen.
func (s *setupScreen) SetSize(width, height int) tea.Cmd {
	s.width, s.height = width, height
	s.Refresh()
	return nil
}

// Refresh implements screen.
func (s *setupScreen) Refresh() {
	if ts := s.targets(); !slices.Contains(ts, s.focus) { // a policy arrived
		s.focus = ts[0]
	}
	s.text = s.drawText()
	s.layout()
}

// targets lists the choices that can take the focus: only "Read the
// statement" while the administrator decides participation.
func (s *setupScreen) targets() []int { return focusOrder(s.sh.windowOf(flow.SetupWindow)) }

// Update implements screen.
func (s *setupScreen) Update(msg tea.Msg) (tea.Cmd, action) {
	ts := s.targets()
	if !slices.Contains(ts, s.focus) { // a policy arrived
		s.focus = ts[0]
	}
	refused := s.refused
	var act action
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		act = s.key(msg, ts)
	case tea.MouseWheelMsg:
		s.scroll.wheel(msg)
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return nil, nil
		}
		if id, ok := hit(s.zones, msg.X, msg.Y); ok {
			if !slices.Contains(ts, id) {
				s.refused = true // a locked choice: say why
				break
			}
			s.focus = id
			act = s.choose(id)
		}
	}
	if s.refused != refused {
		s.text = s.drawText()
	}
	s.layout()
	return nil, act
}

// key acts on a key, ts being the focus targets.
func (s *setupScreen) key(msg tea.KeyPressMsg, ts []int) action {
	k := s.sh.keys
	s.refused = false
	switch {
	case s.scroll.key(k, msg, len(ts) < 2):
	case len(ts) > 1 && key.Matches(msg, k.Next, k.Down, k.Right):
		s.focus = ts[(slices.Index(ts, s.focus)+1)%len(ts)]
	case len(ts) > 1 && key.Matches(msg, k.Prev, k.Up, k.Left):
		s.focus = ts[(slices.Index(ts, s.focus)+len(ts)-1)%len(ts)]
	case key.Matches(msg, k.Enter, k.Toggle):
		return s.choose(s.focus)
	}
	return nil
}

// choose acts on choice id, as flow.WindowOf says it acts; a locked
// choice says who decides. A choice that is the decision in force already
// is answered by flow.Decide, which records nothing.
func (s *setupScreen) choose(id int) action {
	w := s.sh.windowOf(flow.SetupWindow)
	if c, ok := w.Control(flow.ControlID(id)); ok && c.Locked {
		s.refused = true
		return nil
	}
	return pressControl(s.sh, w, id)
}

// layout draws the body: the text, scrolled to the room the choices leave
// it, then the choices, in a row when they fit one, else one a line.
func (s *setupScreen) layout() {
	st := s.sh.styles
	locked := s.sh.consentLocked()
	v := s.sh.say
	labels := []string{v.T("ui.button.read"), v.T("ui.button.join"), v.T("ui.button.not_join")}
	parts, ids := make([]string, len(labels)), setupChoices()
	rowWidth := 0
	for i, l := range labels {
		if locked && ids[i] != choiceRead {
			parts[i] = "  " + st.Muted.Render("[ "+l+" ]")
		} else {
			parts[i] = button(st, l, s.focus == ids[i])
		}
		rowWidth += lipgloss.Width(parts[i]) + 1
	}
	inRow := rowWidth-1 <= s.width
	choicesHeight := len(labels)
	if inRow {
		choicesHeight = 1
	}

	text := s.text
	room := s.height - choicesHeight
	// A blank line between the text and the choices, unless the text
	// needs it more (at 40×12 the "↓ more" marker stands there).
	gap := lineCount(text) < room || room > 8
	if gap {
		room--
	}
	b := body{width: s.width}
	if room > 0 {
		shown, _ := s.scroll.fit(text, nil, 0, 0, room, s.sh.marks)
		b.addFitted(shown, -1)
	}
	if gap {
		b.blank()
	}
	if inRow {
		b.addRow(parts, ids, 1, markerWidth)
	} else {
		for i, p := range parts {
			b.addRow([]string{p}, []int{ids[i]}, 0, markerWidth)
		}
	}
	s.body, s.zones = b.String(), b.zones
}

// drawText renders the text above the choices: the lock or the decision
// already made, the question, and the details of KSN.
func (s *setupScreen) drawText() string {
	sh, st := s.sh, s.sh.styles
	width := min(s.width, proseWidth)
	in := sh.state()
	var lines []string
	last := sh.say.T("ui.setup.voluntary", "Where", sh.say.Where())
	switch {
	case in.ConsentLocked:
		lines = append(lines, row(st, sh.say.T("ui.ksn.participation"), onOff(sh, in), setupLabelWidth, width), s.lockNote(width), "")
		last = sh.say.T("ui.ksn.managed")
	case s.decided(in) != "":
		lines = append(lines, wrap(s.decided(in), width), "")
	}
	lines = append(lines, wrapLines(st.Section, sh.say.T("ui.setup.question"), width))
	lines = append(lines, details(sh.say, s.width, last))
	return strings.Join(lines, "\n")
}

// decided says what was decided already and that it can be changed; ""
// when nothing was, or when the banner says the statement has changed.
func (s *setupScreen) decided(in flow.InForce) string {
	d := in.Settings.KSN.Statement
	if (d.Decision != model.DecisionAccepted && d.Decision != model.DecisionDeclined) || in.StatementChanged {
		return ""
	}
	text := s.sh.say.Decision(d, in.Participating, statement.Current(), s.sh.now())
	if !slices.Contains(statement.Current(), d.SHA256) {
		return text + "."
	}
	return s.sh.say.T("ui.setup.already", "Decision", text)
}

// lockNote says who decides participation, and why a click did nothing.
func (s *setupScreen) lockNote(width int) string {
	st := s.sh.styles
	path := s.sh.files.Policy.Path
	if s.refused {
		return st.Warn.Render(indentRest(wrap("⚠ "+s.sh.say.LockedRefusal(path), width-2), 2))
	}
	return st.Muted.Render(indentRest(wrap("🔒 "+s.sh.say.Locked(path), width-3), 3))
}

// ShortHelp implements help.KeyMap: only the keys that act now.
func (s *setupScreen) ShortHelp() []key.Binding {
	k, v := s.sh.keys, s.sh.say
	many := len(s.targets()) > 1
	return []key.Binding{
		enabled(with(k.Enter, v.T("ui.key.choose")), !s.sh.saving),
		enabled(k.Next, many),
		moreKey(s.sh, s.scroll),
		k.Help,
		with(k.Back, v.T("ui.key.quit")),
		k.FullHelp,
	}
}

// FullHelp implements help.KeyMap.
func (s *setupScreen) FullHelp() [][]key.Binding {
	k, v := s.sh.keys, s.sh.say
	many := len(s.targets()) > 1
	return [][]key.Binding{
		append([]key.Binding{
			merged(v.T("ui.key.focus"), enabled(k.Next, many), enabled(k.Prev, many), enabled(k.Up, many), enabled(k.Down, many),
				enabled(k.Left, many), enabled(k.Right, many)),
		}, scrollHelp(s.sh, s.scroll, !many)...),
		{merged(v.T("ui.key.choose"), enabled(k.Enter, !s.sh.saving), enabled(k.Toggle, !s.sh.saving))},
		{k.Help, merged(v.T("ui.key.quit_undecided"), k.Back, k.Quit, k.ForceQuit)},
	}
}

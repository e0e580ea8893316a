package access

import (
	"slices"

	"ksn/flow"
	"ksn/model"
	"ksn/safe"
	"ksn/statement"
)

// setup asks `ksn setup`'s install-time question (docs/commands.md "First run") as the TUI's
// setup screen does: the lock or the decision made already, the question
// and the details of KSN; then "Read the statement", "Participate" (the
// statement, then "I agree") and "Do not participate", or only the first
// while a policy decides participation; and "Quit", which leaves it
// without a decision. It checks no connection. A choice that is the
// decision in force already ends it without recording anything; Outcome
// says how it ended.
func (s *Session) setup() {
	v := s.v
	for !s.ended() {
		s.refresh(false)
		in := s.state()
		s.out.line("")
		s.out.line(s.setupFacts(in)...)
		var controls []flow.Control
		var labels []string
		for _, c := range flow.WindowOf(flow.SetupWindow, in).Controls {
			if !c.Locked {
				controls = append(controls, c)
				labels = append(labels, s.setupLabel(c.ID))
			}
		}
		n, ok := s.choose(append(labels, v.T("access.choice.quit")), noPaging)
		if !ok || n == len(controls) {
			return
		}
		switch c := controls[n]; {
		case c.Choice == flow.NoChoice:
			s.read("")
		case c.Reads:
			if s.read(v.T("ui.button.agree")) && s.settle(c.Choice) {
				return
			}
		case s.settle(c.Choice):
			return
		}
	}
}

// setupLabel is what the choice of setup's control id says.
func (s *Session) setupLabel(id flow.ControlID) string {
	switch id {
	case flow.JoinButton:
		return s.v.T("ui.button.join")
	case flow.NotJoinButton:
		return s.v.T("ui.button.not_join")
	}
	return s.v.T("ui.button.read")
}

// setupFacts are the lines of the setup screen above its choices.
func (s *Session) setupFacts(in flow.InForce) []string {
	v := s.v
	lines := []string{v.T("ui.title.setup")}
	last := v.T("ui.setup.voluntary", "Where", v.Where())
	switch {
	case in.ConsentLocked:
		lines = append(lines, v.T("access.fact.participation", "State", v.OnOff(in.Participating)), v.Locked(in.Policy.Path))
		last = v.T("ui.ksn.managed")
	case s.decided(in) != "":
		lines = append(lines, s.decided(in))
	}
	return append(lines, v.T("ui.setup.question"), v.T("ui.ksn.what"), v.T("ui.ksn.sent"), last)
}

// decided says what was decided already and that it can be changed; ""
// when nothing was, or when a notice says the statement has changed.
func (s *Session) decided(in flow.InForce) string {
	d := in.Settings.KSN.Statement
	if (d.Decision != model.DecisionAccepted && d.Decision != model.DecisionDeclined) || in.StatementChanged {
		return ""
	}
	text := s.decision(in)
	if !slices.Contains(statement.Current(), d.SHA256) {
		return s.v.T("access.setup.decided", "Decision", text)
	}
	return s.v.T("ui.setup.already", "Decision", text)
}

// settle records c as the answer to the question, without a word: `ksn
// setup` says what was recorded once the session has ended, as it does
// for the TUI. It reports whether the question is answered; a refusal is
// said, and the question asked again.
func (s *Session) settle(c flow.Choice) bool {
	o, err := s.record(c)
	switch {
	case s.ctx.Err() != nil:
		return true
	case err != nil:
		s.out.line(safe.Line(s.v.NotDecided(c, err), 0))
		return false
	}
	s.outcome = o.Setup()
	return true
}

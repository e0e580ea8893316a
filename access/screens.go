package access

import (
	"ksn/flow"
	"ksn/model"
	"ksn/say"
	"ksn/statement"
)

// mainWindow is the main application window: participation, the
// connection and the license, and Settings.
type mainWindow struct{}

func (mainWindow) facts(s *Session) []string {
	in := s.state()
	v := s.v
	return []string{
		say.Product,
		v.T("access.fact.ksn", "State", v.OnOff(in.Participating)),
		v.T("access.fact.connection", "State", v.ConnectionWhy(in, false)),
		v.T("access.fact.license", "State", v.License(in.License)),
	}
}

func (mainWindow) choices(s *Session) []choice { return s.choices(flow.MainWindow) }

// settings is the Settings window: Security settings.
type settings struct{}

func (settings) facts(s *Session) []string { return []string{s.v.T("ui.title.settings")} }

func (settings) choices(s *Session) []choice { return s.choices(flow.SettingsWindow) }

// security is the Security settings window: Kaspersky Security Network,
// with its state.
type security struct{}

func (security) facts(s *Session) []string { return []string{s.v.T("ui.title.security")} }

func (security) choices(s *Session) []choice { return s.choices(flow.SecurityWindow) }

// ksnWindow is the Kaspersky Security Network window, in the layout in
// force (model.Window): the participation toggle and the details of KSN,
// or the statement's state with Accept and Decline; then the connection.
// While the administrator's policy decides participation, that is said,
// and no choice that would change it is offered.
type ksnWindow struct{}

func (ksnWindow) facts(s *Session) []string {
	in := s.state()
	v := s.v
	lines := []string{v.T("ui.title.ksn")}
	if in.Window == model.WindowStatement {
		lines = append(lines,
			v.T("access.fact.participation", "State", v.OnOff(in.Participating)),
			v.T("access.fact.statement", "Decision", s.decision(in)))
		if in.ConsentLocked {
			lines = append(lines, v.Locked(in.Policy.Path))
		}
	} else {
		lines = append(lines, v.T("access.fact.toggle", "State", v.OnOff(in.Participating)))
		last := v.T("ui.ksn.voluntary")
		if in.ConsentLocked {
			lines = append(lines, v.Locked(in.Policy.Path))
			last = v.T("ui.ksn.managed")
		}
		lines = append(lines, v.T("ui.ksn.what"), v.T("ui.ksn.sent"), last)
	}
	return append(lines, s.connection(in)...)
}

func (ksnWindow) choices(s *Session) []choice { return s.choices(flow.KSNWindow) }

// choices are the controls of window id as flow.WindowOf makes it, as
// numbered choices: those a policy locks are left out (the window's facts
// say who decides).
func (s *Session) choices(id flow.WindowID) []choice {
	var out []choice
	for _, c := range flow.WindowOf(id, s.state()).Controls {
		if !c.Locked {
			out = append(out, choice{label: s.label(c), act: s.act(c)})
		}
	}
	return out
}

// label is what the choice of control c says.
func (s *Session) label(c flow.Control) string {
	v := s.v
	switch c.ID {
	case flow.OpenSettings:
		return v.T("ui.title.settings")
	case flow.OpenSecurity:
		return v.T("access.fact.item", "Label", v.T("ui.title.security"), "State", v.T("ui.title.ksn"))
	case flow.OpenKSN:
		return v.T("access.fact.item", "Label", v.T("ui.title.ksn"), "State", v.Summary(s.state(), false))
	case flow.Toggle:
		if c.Choice == flow.Withdraw {
			return v.T("access.choice.turn_off")
		}
		return v.T("access.choice.turn_on")
	case flow.AcceptButton:
		return v.T("ui.button.accept")
	case flow.DeclineButton:
		return v.T("ui.button.decline")
	case flow.ReadButton:
		return v.T("ui.button.read")
	case flow.SentButton:
		return v.T("ui.button.sent")
	}
	return v.T("access.choice.check")
}

// act is what choosing control c does.
func (s *Session) act(c flow.Control) action {
	switch {
	case c.ID == flow.CheckNow:
		return checkNow
	case c.Reads:
		agree := s.v.T("ui.button.agree")
		if c.ID == flow.AcceptButton {
			agree = s.v.T("ui.button.accept")
		}
		return accept(agree, c.Choice)
	case c.Choice != flow.NoChoice:
		return decideThen(c.Choice)
	case c.Opens == flow.StatementWindow:
		return readOnly
	case c.Opens == flow.SentWindow:
		return open(dataSent{data: &flow.DataSent{}})
	case c.Opens == flow.KSNWindow:
		return func(s *Session, stack []screen) ([]screen, bool) {
			s.check() // opening the window checks the connection, as in the TUI
			return append(stack, ksnWindow{}), true
		}
	}
	return open(windowScreen(c.Opens))
}

// windowScreen is the screen of the walk that says window id.
func windowScreen(id flow.WindowID) screen {
	switch id {
	case flow.SettingsWindow:
		return settings{}
	case flow.SecurityWindow:
		return security{}
	case flow.KSNWindow:
		return ksnWindow{}
	}
	return mainWindow{}
}

// accept is the action that shows the statement in pages with agree and
// "Cancel", and records c on agree. The KSN window is said again either
// way.
func accept(agree string, c flow.Choice) action {
	return func(s *Session, stack []screen) ([]screen, bool) {
		if s.read(agree) {
			return decideThen(c)(s, stack)
		}
		return stack, true
	}
}

// readOnly shows the statement in pages with only "Close", records
// nothing, and says the window again.
func readOnly(s *Session, stack []screen) ([]screen, bool) {
	s.read("")
	return stack, true
}

// decideThen is the action that records d and then checks the connection,
// as the TUI does once a decision is saved.
func decideThen(c flow.Choice) action {
	return func(s *Session, stack []screen) ([]screen, bool) {
		if s.decide(c) {
			s.check()
		}
		return stack, true
	}
}

// checkNow checks the connection and says what it found, line by line.
func checkNow(s *Session, stack []screen) ([]screen, bool) {
	s.check()
	if !s.ended() {
		s.out.line(s.connection(s.state())...)
	}
	return stack, false
}

// decision is the statement's state in the statement layout.
func (s *Session) decision(in flow.InForce) string {
	return s.v.Decision(in.Settings.KSN.Statement, in.Participating, statement.Current(), s.now())
}

// connection is the "Connection status" of the KSN window: the state and
// when it was checked, the reason and what to do, and the restriction,
// one line each.
func (s *Session) connection(in flow.InForce) []string {
	v, r, now := s.v, in.Check, s.now()
	word := v.Connection(in.Connection(), false)
	if r == nil {
		return []string{v.T("access.fact.status", "State", word)}
	}
	lines := []string{v.T("access.fact.status_checked", "State", word, "Checked", v.Checked(r.CheckedAt, now))}
	if !r.Connected {
		lines = append(lines, v.Reason(r.Reason))
		if todo := v.WhatToDoHere(in, true); todo != "" {
			lines = append(lines, v.WhatToDoLabel()+todo)
		}
	}
	if note := v.Restriction(r, now); note != "" {
		lines = append(lines, note)
	}
	return lines
}

package access

import (
	"strings"

	"ksn/flow"
	"ksn/safe"
)

// check runs a connection check with the state in force and waits for it,
// with the checker the TUI uses and its guard: while participation is off,
// nothing is sent. "Checking…" is said first when the check may reach the
// service. A check the session's end cancels leaves the last result.
func (s *Session) check() {
	in := s.state()
	ci := in.CheckInput(s.o.Timeout)
	if ci.Participating {
		s.out.line(s.v.Connection(in.Connection(), true))
	}
	res := s.o.Checker.Check(s.ctx, ci)
	if s.ctx.Err() != nil {
		return
	}
	s.result, s.checked, s.doneAt = &res, ci, s.now()
}

// refresh reads the files again before a screen is said, as the TUI
// follows them: it says what changed elsewhere and the notices about the
// files (once each), and with checks, checks again when what the check
// depends on has changed, the last check is older than the interval, or
// the restriction it found has ended.
func (s *Session) refresh(checks bool) {
	before := s.state()
	s.reload()
	in := s.state()
	now := s.now()
	if flow.Changed(before, in, s.o.Timeout).Participation { // the session's own decisions read the files at once
		s.out.line(s.v.ChangedElsewhere(now, now, in.Participating))
	}
	if notes := s.notices(in); strings.Join(notes, "\n") != s.notice {
		s.notice = strings.Join(notes, "\n")
		s.out.line(notes...)
	}
	if !checks || s.result == nil {
		return
	}
	if flow.CheckDue(in, s.o.Timeout, s.result, s.checked, s.doneAt, now) {
		s.check()
	}
}

// notices are what the TUI's banner says about the files: one that could
// not be read or was kept aside, a statement changed since it was
// accepted, a policy ignored, a license that cannot be used.
func (s *Session) notices(in flow.InForce) []string {
	notes := s.v.Notices(s.files, s.kept, in)
	for i, n := range notes {
		notes[i] = safe.Line(n, 0)
	}
	return notes
}

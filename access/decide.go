package access

import (
	"strings"
	"time"

	"ksn/model"
	"ksn/statement"
	"ksn/ui"
)

// decision is a decision about the statement, as the TUI makes them.
type decision int

const (
	acceptance decision = iota + 1 // "I agree" or "Accept"
	decline                        // "Decline", "Do not participate"
	withdraw                       // participation turned off
)

// currentSHAs are the sha256s of the current statement, one per language.
func currentSHAs() []string { return statement.Current() }

// decide records d about the session's statement, as the TUI does: the
// files are read again, a policy that decides participation refuses it,
// and declining a statement declined already records nothing. The consent
// line and the settings are written by model.Store.Update with the
// decision model.Settings makes, and the session says what it recorded.
// A decision being written is finished even if the session ends meanwhile
// (Saves counts it, for a server's shutdown). It returns when the decision
// was recorded, and whether it was.
func (s *Session) decide(d decision) (time.Time, bool) {
	s.reload()
	if s.files.Policy.LocksConsent() {
		s.out.line(s.v.LockedRefusal(s.files.Policy.Path))
		return time.Time{}, false
	}
	if d == decline && s.files.User.Declines(currentSHAs()...) {
		return time.Time{}, false
	}
	if s.ctx.Err() != nil {
		return time.Time{}, false // ended (ctrl+c, shutdown): nothing more is decided
	}
	st := ui.DecidedOn(s.statement())
	at := s.now()
	s.o.Saves.Add(1)
	saved, err := s.o.Store.Update(func(cur *model.Settings) (*model.ConsentEntry, error) {
		var e model.ConsentEntry
		switch d {
		case acceptance:
			*cur, e = cur.Accept(st, at, s.o.Via)
		case decline:
			*cur, e = cur.Decline(st, at, s.o.Via)
		case withdraw:
			*cur, e = cur.Withdraw(st, at, s.o.Via)
		}
		return &e, nil
	})
	s.o.Saves.Done()
	if err != nil {
		s.out.line(oneLine(err.Error()))
		return time.Time{}, false
	}
	s.files.User = saved
	s.on = s.state().Participating
	now := s.now()
	switch d {
	case acceptance:
		s.out.line(s.v.TurnedOn(at, now))
	case decline:
		s.out.line(s.v.Declined(at, now))
	case withdraw:
		s.out.line(s.v.TurnedOff(at, now))
	}
	return at, true
}

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
	s.reload()
	in := s.state()
	now := s.now()
	if in.Participating != s.on {
		s.on = in.Participating
		s.out.line(s.v.ChangedElsewhere(now, now, s.on))
	}
	if notes := s.notices(in); strings.Join(notes, "\n") != s.notice {
		s.notice = strings.Join(notes, "\n")
		s.out.line(notes...)
	}
	if !checks || s.result == nil {
		return
	}
	r := s.result
	ended := r.Restricted() && !r.RestrictedUntil().After(now)
	if in.CheckInput(s.o.Timeout) != s.checked || now.Sub(s.doneAt) >= in.Interval || ended {
		s.check()
	}
}

// notices are what the TUI's banner says about the files: one that could
// not be read or was kept aside, a statement changed since it was
// accepted, a policy ignored, a license that cannot be used.
func (s *Session) notices(in model.InForce) []string {
	kept := ""
	if s.files.LoadErr == nil {
		kept = s.files.Notice.CorruptCopy
	}
	notes := s.v.Notices(s.files, kept, in.StatementChanged)
	for i, n := range notes {
		notes[i] = oneLine(n)
	}
	return notes
}

package access

import (
	"time"

	"ksn/model"
	"ksn/safe"
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
	if d == decline && s.files.User.Declines(statement.Current()...) {
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
		s.out.line(safe.Line(err.Error(), 0))
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

package access

import (
	"ksn/flow"
	"ksn/safe"
)

// record records c about the session's statement with flow.Decide, the
// decision function of the TUI and the CLI too, and reads the files again.
// A decision being written is finished even if the session ends meanwhile
// (Saves counts it, for a server's shutdown); once the session has ended,
// nothing more is decided.
func (s *Session) record(c flow.Choice) (flow.Outcome, error) {
	if s.ctx.Err() != nil {
		return flow.Outcome{}, s.ctx.Err()
	}
	s.o.Saves.Add(1)
	s.kept = ""
	o, err := flow.Decide(s.o.Store, flow.Request{
		Choice: c, Statement: flow.DecidedOn(s.statement()), Via: s.o.Via, Key: s.o.Key,
		At: s.now(), PolicyDirs: s.o.PolicyDirs,
		OnlyIfChanged: s.o.Start == flow.StartSetup, // the question answers "already"
	})
	s.o.Saves.Done()
	s.reload()
	return o, err
}

// decide records c and says what it did: the decision recorded, that it
// was so already, or why it was refused (a policy that decides
// participation, a file that could not be written). It reports whether
// the decision is now in force.
func (s *Session) decide(c flow.Choice) bool {
	o, err := s.record(c)
	switch {
	case s.ctx.Err() != nil:
		return false
	case err != nil:
		s.out.line(safe.Line(s.v.NotDecided(c, err), 0))
		return false
	}
	s.out.line(s.v.Decided(o, s.now()))
	return true
}

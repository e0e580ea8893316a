package access

import (
	"time"

	"ksn/flow"
	"ksn/model"
)

// dataSent is the "Data sent" window (docs/sent.md): what is to say when
// nothing was sent (or, while off, since when nothing has been), then one
// numbered choice a request, newest first; choosing one says it whole.
// sent.jsonl is read afresh whenever the window is said.
type dataSent struct {
	data *flow.DataSent // read by facts, for choices
}

func (d dataSent) facts(s *Session) []string {
	*d.data = flow.ReadDataSent(s.o.Store, s.state(), time.Time{})
	lines := []string{s.v.T("ui.title.sent")}
	if d.data.Err != nil {
		return append(lines, s.v.Err(d.data.Err))
	}
	if note := s.v.NothingSent(*d.data, s.now()); note != "" {
		lines = append(lines, note)
	}
	return lines
}

func (d dataSent) choices(s *Session) []choice {
	var out []choice
	for _, e := range d.data.Entries {
		out = append(out, choice{label: s.v.SentLine(e, s.now()), act: sayRequest(e)})
	}
	return out
}

// sayRequest says request e whole, a line a fact, and then the choices of
// "Data sent" again.
func sayRequest(e model.SentEntry) action {
	return func(s *Session, stack []screen) ([]screen, bool) {
		s.out.line("")
		s.out.line(s.v.SentWhole(e, s.now())...)
		return stack, false
	}
}

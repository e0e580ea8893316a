package netcheck

import "time"

// Restriction is a temporary restriction the service has put on requests.
type Restriction struct {
	// Scope is what is restricted, for example "file_reputation".
	Scope string `json:"scope"`
	// Until is when the restriction ends.
	Until time.Time `json:"until"`
}

// Result is the outcome of one check.
type Result struct {
	// Connected is whether the computer is connected to KSN (possibly
	// restricted).
	Connected bool
	// Reason is why not; ReasonNone when connected.
	Reason Reason
	// Restrictions are the restrictions in force: their Until is after the
	// time of the check. Only set when connected.
	Restrictions []Restriction
	// CheckedAt is when the check finished, by Options.Now.
	CheckedAt time.Time
	// Latency is the time of the HTTP exchange, from sending the request
	// to reading the answer; 0 if no answer arrived.
	Latency time.Duration
	// Requested is whether the check tried to reach the endpoint. It is
	// false whenever one of the first three steps failed.
	Requested bool
	// KeyState is what the service said of the key; KeyUnknown when it said
	// nothing understood or was not asked.
	KeyState KeyState
	// Steps are the steps taken, in order; the last one failed unless the
	// computer is connected.
	Steps []Step
	// Trouble is the technical side of a network or service failure; the
	// zero Trouble otherwise. It never contains the license key.
	Trouble Trouble
}

// Restricted reports whether a temporary restriction is in force, that is
// whether the restriction notice of docs/check.md should be shown.
func (r Result) Restricted() bool {
	return r.Connected && len(r.Restrictions) > 0
}

// RestrictedUntil returns when the last restriction in force ends, or the
// zero time when none is.
func (r Result) RestrictedUntil() time.Time {
	var until time.Time
	if !r.Connected {
		return until
	}
	for _, x := range r.Restrictions {
		if x.Until.After(until) {
			until = x.Until
		}
	}
	return until
}

// FailedStep returns the step that failed and true, or a zero Step and
// false when every step passed.
func (r Result) FailedStep() (Step, bool) {
	for _, s := range r.Steps {
		if !s.OK {
			return s, true
		}
	}
	return Step{}, false
}

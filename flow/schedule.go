package flow

import (
	"time"

	"ksn/model"
	"ksn/netcheck"
)

// RestrictionEnds is how long after now the check that res asks for is
// due, because the restriction it found ends then: the service's end, and
// within netcheck.RecheckWithin whatever it says. lastEnd is when the last
// check asked for this way ran (zero if none): the next is never sooner
// than model.MinCheckInterval after it, so that a service that answers
// "until a millisecond from now" again and again is not asked again at
// once (docs/files.md). It reports false when res has no restriction
// still in force.
func RestrictionEnds(res netcheck.Result, now, lastEnd time.Time) (time.Duration, bool) {
	until := res.RestrictedUntil()
	if !res.Restricted() || !until.After(now) {
		return 0, false
	}
	wait := min(until.Sub(now), netcheck.RecheckWithin)
	if !lastEnd.IsZero() {
		wait = max(wait, lastEnd.Add(model.MinCheckInterval).Sub(now))
	}
	return wait, true
}

// CheckDue reports whether a connection check is due at now for the state
// in force in, the last check (nil before the first) having been made
// with input last and answered at doneAt: what the check depends on has
// changed since (participation, the endpoint, the license: a decision is
// checked at once), or, no sooner than model.MinCheckInterval after the
// last (docs/files.md), the last is older than the interval or the
// restriction it found has ended.
func CheckDue(in InForce, timeout time.Duration, res *netcheck.Result, last netcheck.Input, doneAt, now time.Time) bool {
	if res == nil || in.CheckInput(timeout) != last {
		return true
	}
	age := now.Sub(doneAt)
	if age < model.MinCheckInterval {
		return false
	}
	ended := res.Restricted() && !res.RestrictedUntil().After(now)
	return age >= in.Interval || ended
}

// Change is what reading the files again changed, for a face to follow.
type Change struct {
	// Participation changed: made elsewhere (another process or session),
	// unless it was the face's own decision, which it answers itself.
	Participation bool
	// CheckInput changed (participation, the endpoint, the license): check
	// again at once; a check in flight answers for the old input.
	CheckInput bool
	// Interval changed: the periodic check starts again with the new one.
	Interval bool
}

// Changed is what changed from before to after, two states in force on
// either side of reading the files again, for checks bounded by timeout.
func Changed(before, after InForce, timeout time.Duration) Change {
	return Change{
		Participation: before.Participating != after.Participating,
		CheckInput:    before.CheckInput(timeout) != after.CheckInput(timeout),
		Interval:      before.Interval != after.Interval,
	}
}

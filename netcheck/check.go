package netcheck

import (
	"context"
	"time"
)

// outcome is what a check found, before it becomes a Result.
type outcome struct {
	reason       Reason
	err          string
	restrictions []Restriction
	latency      time.Duration
	requested    bool
	keyState     KeyState
}

// Check runs one connection check (SPEC §4) and returns what it found; it
// never fails otherwise. It sends nothing at all when participation is
// off, when there is no activated license, or when the license has expired
// (ExpiresAt non-zero and before now): it returns the reason with
// Requested false. Otherwise it sends one request (following at most three
// redirects), bounded as a whole by in.Timeout and by ctx.
func (c *Checker) Check(ctx context.Context, in Input) Result {
	c = c.ready()
	now := c.now()
	var st steps
	var out outcome
	if localChecks(&st, in, now, &out) {
		c.exchange(ctx, in, now, &st, &out)
	}
	return Result{
		Connected:    out.reason == ReasonNone,
		Reason:       out.reason,
		Message:      out.reason.Sentence(),
		Restrictions: out.restrictions,
		CheckedAt:    c.now(),
		Latency:      out.latency,
		Requested:    out.requested,
		KeyState:     out.keyState,
		Steps:        st,
		Err:          oneLine(out.err),
	}
}

// localChecks takes the steps that need no network: settings, activation
// and license. It reports whether the check may go on to the network.
func localChecks(st *steps, in Input, now time.Time, out *outcome) bool {
	if !in.Participating {
		st.fail(StepSettings, "participation is off", hintNotParticipating)
		out.reason = ReasonNotParticipating
		return false
	}
	st.ok(StepSettings, "participation is on")

	lic := in.License
	switch {
	case !lic.Present:
		st.fail(StepActivation, "no license is installed", HintNoLicense)
	case !lic.Activated:
		st.fail(StepActivation, "the license is not activated", hintNotActivated)
	case !isHexDigest(lic.KeySHA256):
		st.fail(StepActivation, "the license key's SHA-256 is missing or malformed", hintBadDigest)
	default:
		st.ok(StepActivation, "the license is activated")
	}
	if !(*st)[len(*st)-1].OK {
		out.reason = ReasonNotActivated
		return false
	}

	if !lic.ExpiresAt.IsZero() && lic.ExpiresAt.Before(now) {
		st.fail(StepLicense, "the license expired on "+lic.ExpiresAt.UTC().Format(time.RFC3339), hintExpired)
		st.at(lic.ExpiresAt)
		out.reason = ReasonLicenseExpired
		return false
	}
	if lic.ExpiresAt.IsZero() {
		st.ok(StepLicense, "the license has no expiry date")
	} else {
		st.ok(StepLicense, "the license is valid until "+lic.ExpiresAt.UTC().Format(time.RFC3339))
		st.at(lic.ExpiresAt)
	}
	return true
}

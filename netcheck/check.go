package netcheck

import (
	"context"
	"time"
)

// outcome is what a check found, before it becomes a Result.
type outcome struct {
	reason       Reason
	trouble      Trouble
	restrictions []Restriction
	latency      time.Duration
	requested    bool
	keyState     KeyState
}

// Check runs one connection check (docs/check.md) and returns what it found; it
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
		Restrictions: out.restrictions,
		CheckedAt:    c.now(),
		Latency:      out.latency,
		Requested:    out.requested,
		KeyState:     out.keyState,
		Steps:        st,
		Trouble:      out.trouble,
	}
}

// localChecks takes the steps that need no network: settings, activation
// and license. It reports whether the check may go on to the network.
func localChecks(st *steps, in Input, now time.Time, out *outcome) bool {
	if !in.Participating {
		st.fail(StepSettings, DetailSettingsOff, Facts{}, HintNotParticipating)
		out.reason = ReasonNotParticipating
		return false
	}
	st.ok(StepSettings, DetailSettingsOn, Facts{})

	lic := in.License
	switch {
	case !lic.Present && lic.Broken != "":
		st.fail(StepActivation, DetailActivationBroken, Facts{File: outside(lic.Broken)}, HintBrokenLicense)
	case !lic.Present:
		st.fail(StepActivation, DetailActivationNone, Facts{}, HintNoLicense)
	case !lic.Activated:
		st.fail(StepActivation, DetailActivationNotActivated, Facts{}, HintNotActivated)
	case !isHexDigest(lic.KeySHA256):
		st.fail(StepActivation, DetailActivationBadDigest, Facts{}, HintBadDigest)
	default:
		st.ok(StepActivation, DetailActivationOK, Facts{})
	}
	if !(*st)[len(*st)-1].OK {
		out.reason = ReasonNotActivated
		return false
	}

	switch {
	case !lic.ExpiresAt.IsZero() && lic.ExpiresAt.Before(now):
		st.fail(StepLicense, DetailLicenseExpired, Facts{Date: lic.ExpiresAt}, HintExpired)
		out.reason = ReasonLicenseExpired
		return false
	case lic.ExpiresAt.IsZero():
		st.ok(StepLicense, DetailLicenseForever, Facts{})
	default:
		st.ok(StepLicense, DetailLicenseUntil, Facts{Date: lic.ExpiresAt})
	}
	return true
}

// Package say holds the words of ksn: every sentence the CLI, the TUI and
// the help topics say about the state in force (participation, the
// connection, the license, the restriction, the statement decision, locks
// and confirmations), and the one formatter of times (SPEC §3.2). Each
// sentence exists here once, so that every front end says a fact the same
// way, and so that it has one place to be translated.
//
// The sentences of the connection check itself (the reasons of SPEC §4,
// the restriction notice and the what-to-do hints) live in netcheck,
// because the check's JSON carries them; say only puts them together.
//
// Text from outside ksn that a sentence names (paths, a key's suffix, a
// policy's problem) goes through safe.Text.
package say

import (
	"strings"
	"time"

	"ksn/model"
	"ksn/netcheck"
	"ksn/safe"
)

// OnOff is "On" or "Off".
func OnOff(on bool) string {
	if on {
		return "On"
	}
	return "Off"
}

// StatementChanged tells a participant whose accepted statement has since
// changed that participation counts as off.
const StatementChanged = "The KSN Statement has changed since you accepted it: participation is off until you read it and accept it again."

// Where names the screen where participation is decided.
const Where = "Settings › Security settings › Kaspersky Security Network"

// Connection names the state of the connection in a few words:
// "Connected", "Connected · restricted", "Not connected", or "Checking…"
// while checking is true, and "Not checked yet" before the first check.
func Connection(c model.Connection, checking bool) string {
	switch {
	case checking:
		return "Checking…"
	case c == model.Connected:
		return "Connected"
	case c == model.Restricted:
		return "Connected · restricted"
	case c == model.NotConnected:
		return "Not connected"
	}
	return "Not checked yet"
}

// Summary is participation and the connection in one line, e.g.
// "On · Connected · restricted".
func Summary(in model.InForce, checking bool) string {
	return OnOff(in.Participating) + " · " + Connection(in.Connection(), checking)
}

// License describes the license in one line without its key, but for its
// last characters, e.g. "Active · key …PQRST · until 29 Nov 2027".
func License(l model.LicenseInfo) string {
	key := " · key …" + safe.Text(l.KeySuffix)
	switch {
	case l.Err != nil:
		return "Not usable: license.json is not valid"
	case !l.Installed:
		return "Not activated · no license installed"
	case l.State == model.LicenseNotActivated:
		return "Not activated" + key
	case l.State == model.LicenseDenylisted:
		return "Key on a denylist" + key
	case l.State == model.LicenseExpired && !l.ExpiresAt.IsZero():
		return "Expired on " + Date(l.ExpiresAt) + key
	case l.State == model.LicenseExpired:
		return "Expired" + key
	case l.ExpiresAt.IsZero():
		return "Active" + key + " · never expires"
	}
	return "Active" + key + " · until " + Date(l.ExpiresAt)
}

// LicenseWhatToDo says what to do about the license, "" when it is active.
func LicenseWhatToDo(l model.LicenseInfo) string {
	switch {
	case l.Err != nil:
		return "Install a valid license with ksn license install FILE."
	case !l.Installed:
		return netcheck.HintNoLicense
	case l.State == model.LicenseNotActivated:
		return netcheck.ReasonNotActivated.Hint()
	case l.State == model.LicenseDenylisted:
		return netcheck.ReasonKeyDenylisted.Hint()
	case l.State == model.LicenseExpired:
		return netcheck.ReasonLicenseExpired.Hint()
	}
	return ""
}

// Restriction is the restriction notice with the time it ends, as the
// service gave it (SPEC §4); "" when no restriction is in force.
func Restriction(res *netcheck.Result, now time.Time) string {
	if res == nil || !res.Restricted() {
		return ""
	}
	return netcheck.RestrictionNotice + " Until " + When(res.RestrictedUntil(), now) + "."
}

// WhatToDo is the "What to do: …" sentence for a check that did not
// connect: its failed step's hint (the same line `ksn check` prints), else
// its reason's; "" when connected.
func WhatToDo(res *netcheck.Result) string {
	if res == nil || res.Connected {
		return ""
	}
	if s, ok := res.FailedStep(); ok && s.Hint != "" {
		return s.Hint
	}
	return res.Reason.Hint()
}

// WhatToDoIn is WhatToDo for the check in force, "" where nothing can be
// done here: participation off because the administrator's policy says so.
func WhatToDoIn(in model.InForce) string {
	if in.ConsentLocked && in.Check != nil && in.Check.Reason == netcheck.ReasonNotParticipating {
		return ""
	}
	return WhatToDo(in.Check)
}

// WhatToDoLabel starts the line that says what to do.
const WhatToDoLabel = "What to do: "

// StepDetail is a check step's detail for people: the times it names (RFC
// 3339 UTC in JSON) as local times; the license's date as the license
// line gives it.
func StepDetail(s netcheck.Step, now time.Time) string {
	d := s.Detail
	for _, t := range s.Times {
		local := When(t, now)
		if s.Name == netcheck.StepLicense {
			local = Date(t)
		}
		d = strings.Replace(d, t.UTC().Format(time.RFC3339), local, 1)
	}
	return d
}

// Decision describes the decision about the statement, currentSHA being
// the current statement's sha256, e.g. "Accepted on 1 Dec 13:07".
func Decision(d model.StatementDecision, participating bool, currentSHA string, now time.Time) string {
	at := When(d.DecidedAt, now)
	switch {
	case d.Decision == model.DecisionAccepted && d.SHA256 != currentSHA:
		return "Not accepted: the statement has changed since you accepted it on " + at
	case d.Decision == model.DecisionAccepted && !participating:
		return "Accepted on " + at + "; participation is off"
	case d.Decision == model.DecisionAccepted:
		return "Accepted on " + at
	case d.Decision == model.DecisionDeclined:
		return "Declined on " + at
	}
	return "Not accepted"
}

// Locked says who sets a locked value: "Set by your administrator (PATH)".
func Locked(policyPath string) string {
	return "Set by your administrator (" + safe.Text(policyPath) + ")"
}

// LockedRefusal says why participation was not changed.
func LockedRefusal(policyPath string) string {
	return Locked(policyPath) + ": participation cannot be changed here."
}

// Source says where the endpoint in force came from.
func Source(s model.Source) string {
	switch s {
	case model.SourceFlag:
		return "from --endpoint"
	case model.SourceEnvironment:
		return "from $KSN_ENDPOINT"
	case model.SourceSettings:
		return "from settings.json"
	case model.SourcePolicy:
		return "set by your administrator"
	}
	return "the default"
}

// IgnoredOverride says that the policy's endpoint beats --endpoint or
// KSN_ENDPOINT.
func IgnoredOverride(s model.Source, policyPath string) string {
	what := "--endpoint"
	if s == model.SourceEnvironment {
		what = "KSN_ENDPOINT"
	}
	return what + " is ignored: the endpoint is set by your administrator (" + safe.Text(policyPath) + ")"
}

// Kept says where a broken settings.json was kept.
func Kept(path string) string {
	return "settings.json could not be read, so defaults are in use; it was kept as " + safe.Text(path)
}

// PolicyNote is what to tell the user of a policy ignored, whole (err) or
// in part; "" if nothing is.
func PolicyNote(pol model.Policy, err error) string {
	switch {
	case err != nil:
		return safe.Text(err.Error())
	case pol.Problem != "":
		return "policy " + safe.Text(pol.Path) + ": " + safe.Text(pol.Problem)
	}
	return ""
}

// TurnedOn confirms an acceptance recorded at at.
func TurnedOn(at, now time.Time) string {
	return "Participation turned on. Consent recorded at " + When(at, now) + "."
}

// TurnedOff confirms a withdrawal recorded at at.
func TurnedOff(at, now time.Time) string {
	return "Participation turned off. Withdrawal recorded at " + When(at, now) + "."
}

// Declined confirms a declined statement recorded at at.
func Declined(at, now time.Time) string {
	return "Statement declined. Recorded at " + When(at, now) + "."
}

// ChangedElsewhere tells of a change of participation made by another
// process or session, seen at at.
func ChangedElsewhere(at, now time.Time, on bool) string {
	return "Changed elsewhere at " + When(at, now) + ": participation is now " + OnOff(on) + "."
}

// RecordedIn names the consent history a decision was written to.
func RecordedIn(path string) string { return "Recorded in " + safe.Text(path) + "." }

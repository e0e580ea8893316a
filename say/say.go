// Package say holds the words of ksn: every sentence the CLI, the TUI and
// the help topics say about the state in force (participation, the
// connection, the license, the restriction, the statement decision, locks
// and confirmations), and the one formatter of times (docs/choices.md "One state, one voice"). Each
// sentence exists here once, so that every front end says a fact the same
// way, and so that it has one place to be translated.
//
// The connection check (netcheck) returns codes and facts and says
// nothing; say has its sentences (check.*.yaml: the reasons of docs/check.md, the
// restriction notice, the what-to-do hints and the details of its steps),
// in the Voice's language for people and in English for the check's JSON
// (check.go).
//
// Text from outside ksn that a sentence names (paths, a key's suffix, a
// policy's problem) goes through safe.Text.
package say

import (
	"slices"
	"strconv"
	"time"

	"ksn/flow"
	"ksn/lang"
	"ksn/model"
	"ksn/netcheck"
	"ksn/safe"
)

// Voice is ksn's words in one language. The zero Voice speaks English to
// a person; JSON is the English of the JSON.
type Voice struct {
	lang.Lang
	// plain writes durations in Go's notation and nothing with NBSP, as
	// the JSON has them (docs/languages.md).
	plain bool
}

// In is the Voice of l.
func In(l lang.Lang) Voice { return Voice{Lang: l} }

// JSON is the English of ksn's JSON: the words of the zero Voice, but
// plain ASCII spaces and Go's durations ("30s").
func JSON() Voice { return Voice{plain: true} }

// OnOff is "On" or "Off".
func (v Voice) OnOff(on bool) string {
	if on {
		return v.T("say.on")
	}
	return v.T("say.off")
}

// StatementChanged tells a participant whose accepted statement has since
// changed that participation counts as off.
func (v Voice) StatementChanged() string { return v.T("say.statement_changed") }

// Unrecorded says, in short, that the acceptance settings.json records
// has no record in consent.jsonl and counts as none (docs/files.md);
// Tell's Unrecorded notice names the files.
func (v Voice) Unrecorded() string { return v.T("say.unrecorded_short") }

// Where names the screen where participation is decided.
func (v Voice) Where() string { return v.T("say.where") }

// Connection names the state of the connection in a few words:
// "Connected", "Connected · restricted", "Not connected", or "Checking…"
// while checking is true, and "Not checked yet" before the first check.
func (v Voice) Connection(c flow.Connection, checking bool) string {
	switch {
	case checking:
		return v.T("say.connection.checking")
	case c == flow.Connected:
		return v.T("say.connection.connected")
	case c == flow.Restricted:
		return v.T("say.connection.restricted")
	case c == flow.NotConnected:
		return v.T("say.connection.not_connected")
	}
	return v.T("say.connection.not_checked")
}

// ConnectionWhy is Connection with, when not connected, why in a few
// words: "Not connected · not participating", "Not connected · no
// Internet" (the main window's line, docs/screens.md).
func (v Voice) ConnectionWhy(in flow.InForce, checking bool) string {
	word := v.Connection(in.Connection(), checking)
	if checking || in.Connection() != flow.NotConnected {
		return word
	}
	if why := v.say(whyID(in.Check.Reason)); why != "" {
		return word + " · " + why
	}
	return word
}

// Summary is participation and the connection in one line, e.g.
// "On · Connected · restricted".
func (v Voice) Summary(in flow.InForce, checking bool) string {
	return v.T("say.summary", "Participation", v.OnOff(in.Participating), "Connection", v.Connection(in.Connection(), checking))
}

// License describes the license in one line without its key, but for its
// last characters, e.g. "Active · key …PQRST · until 29 Nov 2027".
func (v Voice) License(l flow.LicenseInfo) string {
	key := safe.Text(l.KeySuffix)
	switch {
	case l.Err != nil, l.State == flow.LicenseUnreadable:
		return v.T("say.license.broken")
	case !l.Installed:
		return v.T("say.license.none")
	case l.State == flow.LicenseNotActivated:
		return v.T("say.license.not_activated", "Key", key)
	case l.State == flow.LicenseDenylisted:
		return v.T("say.license.denylisted", "Key", key)
	case l.State == flow.LicenseExpired && l.ReportedExpired:
		// license.json's date is ahead: never say it as a day gone by
		return v.T("say.license.reported_expired", "Key", key)
	case l.State == flow.LicenseExpired:
		return v.T("say.license.expired_on", "Key", key, "Date", v.Date(l.ExpiresAt))
	case l.ExpiresAt.IsZero():
		return v.T("say.license.forever", "Key", key)
	}
	return v.T("say.license.until", "Key", key, "Date", v.Date(l.ExpiresAt))
}

// LicenseWhatToDo says what to do about the license, "" when it is active.
func (v Voice) LicenseWhatToDo(l flow.LicenseInfo) string {
	switch {
	case l.Err != nil, l.State == flow.LicenseUnreadable:
		return v.T("say.license.install_valid")
	case !l.Installed:
		return v.Hint(netcheck.HintNoLicense)
	case l.State == flow.LicenseNotActivated:
		return v.ReasonHint(netcheck.ReasonNotActivated)
	case l.State == flow.LicenseDenylisted:
		return v.ReasonHint(netcheck.ReasonKeyDenylisted)
	case l.State == flow.LicenseExpired:
		return v.ReasonHint(netcheck.ReasonLicenseExpired)
	}
	return ""
}

// Restriction is the restriction notice with the time it ends, as the
// service gave it (docs/check.md); "" when no restriction is in force.
func (v Voice) Restriction(res *netcheck.Result, now time.Time) string {
	if res == nil || !res.Restricted() {
		return ""
	}
	return v.T("say.restriction_until", "Notice", v.RestrictionNotice(), "When", v.When(res.RestrictedUntil(), now))
}

// WhatToDo is the "What to do: …" sentence for a check that did not
// connect: its failed step's hint (the same line `ksn check` prints), else
// its reason's; "" when connected.
func (v Voice) WhatToDo(res *netcheck.Result) string {
	if res == nil || res.Connected {
		return ""
	}
	if s, ok := res.FailedStep(); ok && s.Hint != netcheck.HintNone {
		return v.Hint(s.Hint)
	}
	return v.ReasonHint(res.Reason)
}

// WhatToDoIn is WhatToDo for the check in force, "" where nothing can be
// done here: participation off because the administrator's policy says so.
func (v Voice) WhatToDoIn(in flow.InForce) string {
	if in.ConsentLocked && in.Check != nil && in.Check.Reason == netcheck.ReasonNotParticipating {
		return ""
	}
	return v.WhatToDo(in.Check)
}

// WhatToDoHere is WhatToDoIn said inside the Kaspersky Security Network
// window, where participation is turned on with the toggle or "Accept"
// (docs/screens.md): not the way there from elsewhere. numbered is
// the accessible mode, which names the choice to make instead.
func (v Voice) WhatToDoHere(in flow.InForce, numbered bool) string {
	todo := v.WhatToDoIn(in)
	if todo == "" || in.Check.Reason != netcheck.ReasonNotParticipating {
		return todo
	}
	statement := in.Window == model.WindowStatement
	switch {
	case numbered && statement:
		return v.T("say.here.choose", "Choice", v.T("ui.button.accept"))
	case numbered:
		return v.T("say.here.choose", "Choice", v.T("access.choice.turn_on"))
	case statement:
		return v.T("say.here.accept")
	}
	return v.T("say.here.toggle")
}

// WhatToDoLabel starts the line that says what to do.
func (v Voice) WhatToDoLabel() string { return v.T("say.what_to_do_label") }

// Decision describes the decision about the statement, current the
// sha256s of the current statement (one per language), e.g. "Accepted at 13:07" today, "Accepted on 1 Dec 2026" before.
func (v Voice) Decision(d model.StatementDecision, participating bool, current []string, now time.Time) string {
	at := v.AtOn(d.DecidedAt, now)
	switch {
	case d.Decision == model.DecisionAccepted && !slices.Contains(current, d.SHA256):
		return v.T("say.decision.changed", "When", at)
	case d.Decision == model.DecisionAccepted && !participating:
		return v.T("say.decision.accepted_off", "When", at)
	case d.Decision == model.DecisionAccepted:
		return v.T("say.decision.accepted", "When", at)
	case d.Decision == model.DecisionDeclined:
		return v.T("say.decision.declined", "When", at)
	}
	return v.T("say.decision.none")
}

// Locked says who sets a locked value: "Set by your administrator (PATH)".
func (v Voice) Locked(policyPath string) string {
	return v.T("say.locked", "Path", safe.Text(policyPath))
}

// LockedRefusal says why participation was not changed.
func (v Voice) LockedRefusal(policyPath string) string {
	return v.T("say.locked_refusal", "Path", safe.Text(policyPath))
}

// Source says where the endpoint in force came from.
func (v Voice) Source(s flow.Source) string {
	switch s {
	case flow.SourceFlag:
		return v.T("say.source.flag")
	case flow.SourceEnvironment:
		return v.T("say.source.environment")
	case flow.SourceSettings:
		return v.T("say.source.settings")
	case flow.SourcePolicy:
		return v.T("say.source.policy")
	}
	return v.T("say.source.default")
}

// IgnoredOverride says that the policy's endpoint beats --endpoint or
// KSN_ENDPOINT.
func (v Voice) IgnoredOverride(s flow.Source, policyPath string) string {
	what := "--endpoint"
	if s == flow.SourceEnvironment {
		what = "KSN_ENDPOINT"
	}
	return v.T("say.ignored_override", "What", what, "Path", safe.Text(policyPath))
}

// Kept says where a broken settings.json was kept.
func (v Voice) Kept(path string) string {
	return v.T("say.kept", "Path", safe.Text(path))
}

// PolicyNote is what to tell the user of a policy ignored, whole (err) or
// in part; "" if nothing is.
func (v Voice) PolicyNote(pol model.Policy, err error) string {
	if n, ok := flow.PolicyNotice(pol, err); ok {
		return v.Tell(n)
	}
	return ""
}

// TurnedOn confirms an acceptance recorded at at.
func (v Voice) TurnedOn(at, now time.Time) string {
	return v.T("say.turned_on", "When", v.When(at, now))
}

// TurnedOff confirms a withdrawal recorded at at.
func (v Voice) TurnedOff(at, now time.Time) string {
	return v.T("say.turned_off", "When", v.When(at, now))
}

// Declined confirms a declined statement recorded at at.
func (v Voice) Declined(at, now time.Time) string {
	return v.T("say.declined", "When", v.When(at, now))
}

// ChangedElsewhere tells of a change of participation made by another
// process or session, seen at at: the state said as a word in the
// sentence, not as the toggle's short label (docs/languages.md).
func (v Voice) ChangedElsewhere(at, now time.Time, on bool) string {
	if on {
		return v.T("say.changed_elsewhere.on", "When", v.When(at, now))
	}
	return v.T("say.changed_elsewhere.off", "When", v.When(at, now))
}

// RecordedIn names the consent history a decision was written to.
func (v Voice) RecordedIn(path string) string {
	return v.T("say.recorded_in", "Path", safe.Text(path))
}

// Notices are what the TUI's banner and the accessible mode say about the
// files just read, f, and what is in force from them, in (see
// flow.Notices).
func (v Voice) Notices(f model.Files, kept string, in flow.InForce) []string {
	var notes []string
	for _, n := range flow.Notices(f, kept, in) {
		notes = append(notes, v.Tell(n))
	}
	return notes
}

// Tell says one of flow.Notices.
func (v Voice) Tell(n flow.Notice) string {
	switch n.Kind {
	case flow.Unreadable, flow.LicenseUnusable:
		return v.Err(n.Err)
	case flow.SettingsNotice:
		return v.Notice(n.Load)
	case flow.KeptAside:
		return v.Kept(n.Path)
	case flow.StatementChanged:
		return v.StatementChanged() + " (" + v.Where() + ")"
	case flow.Unrecorded:
		return v.T("say.unrecorded", "Path", safe.Text(n.Path), "Consent", safe.Text(n.Consent))
	case flow.IntervalRaised:
		return v.T("say.interval_raised", "Got", strconv.Quote(n.Interval.String()), "Path", safe.Text(n.Path),
			"Min", v.Duration(model.MinCheckInterval))
	case flow.PolicyIgnored:
		if n.Err != nil {
			return v.Err(n.Err)
		}
		return v.T("say.policy_problem", "Path", safe.Text(n.Policy.Path), "Problem", v.Problem(n.Policy.Problem))
	}
	return ""
}

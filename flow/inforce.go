// Package flow is ksn's one flow, between the store (model) and its three
// faces (the TUI in ui, the accessible mode in access, the CLI): what is in
// force, every decision about the statement, the notices and the check
// schedule. A front end draws what flow works out and decides nothing
// itself (docs/design.md).
package flow

import (
	"slices"
	"time"

	"ksn/model"
	"ksn/netcheck"
)

// Source says where a value in force came from (docs/policy.md).
type Source string

// The sources of a value, from the weakest to the strongest.
const (
	// SourceDefault is ksn's own default.
	SourceDefault Source = "default"
	// SourceSettings is the user's settings.json.
	SourceSettings Source = "settings"
	// SourceEnvironment is an environment variable (KSN_ENDPOINT).
	SourceEnvironment Source = "environment"
	// SourceFlag is a command-line flag.
	SourceFlag Source = "flag"
	// SourcePolicy is the administrator's policy.json.
	SourcePolicy Source = "policy"
)

// LicenseState is the state of the license: the "state" of the "license"
// object of `ksn status --json` (docs/commands.md "JSON").
type LicenseState string

// The license states.
const (
	// LicenseActive is an activated license that has not expired.
	LicenseActive LicenseState = "active"
	// LicenseNotActivated is no license, or one not activated.
	LicenseNotActivated LicenseState = "not_activated"
	// LicenseExpired is a license past its date, or one the service says
	// has expired.
	LicenseExpired LicenseState = "expired"
	// LicenseDenylisted is a key the service says is on a denylist.
	LicenseDenylisted LicenseState = "denylisted"
	// LicenseUnreadable is a license.json that is there but cannot be
	// used: it could not be read, or it is not a valid license file
	// (LicenseInfo.Err says which).
	LicenseUnreadable LicenseState = "unreadable"
)

// Overrides are the values given for one run on the command line or in the
// environment; the policy still wins over them.
type Overrides struct {
	// Endpoint is from --endpoint or KSN_ENDPOINT, already validated; ""
	// for none.
	Endpoint string
	// EndpointSource is SourceFlag or SourceEnvironment.
	EndpointSource Source
	// Window is from --window; "" for none.
	Window model.Window
}

// LicenseInfo is the license in force, without its key.
type LicenseInfo struct {
	// State is the license state, the last check's answer counted.
	State LicenseState
	// Installed reports whether license.json is there, usable or not.
	Installed bool
	// Err is why an installed license.json cannot be used; nil if it can.
	Err error
	// Path is license.json, named when it cannot be used.
	Path string
	// Activated is license.json's "activated".
	Activated bool
	// ExpiresAt is license.json's "expires_at"; zero for never.
	ExpiresAt time.Time
	// ReportedExpired reports that the service says the key has expired
	// while license.json's date is still ahead (or absent): the license is
	// expired, on no date ksn knows (docs/screens.md).
	ReportedExpired bool
	// KeySuffix is the last characters of the key, all that is shown.
	KeySuffix string
	// keySHA256 is the hex SHA-256 of the key, all that a check sends of it.
	keySHA256 string
}

// Usable reports whether license.json is there and valid.
func (l LicenseInfo) Usable() bool { return l.Installed && l.Err == nil }

// Connection is the state of the connection to KSN, as the last check
// found it.
type Connection int

// The connection states.
const (
	// NotChecked means no check has answered yet.
	NotChecked Connection = iota
	// Connected means connected, without a restriction in force.
	Connected
	// Restricted means connected, with a temporary restriction in force.
	Restricted
	// NotConnected means not connected; the check's Reason says why.
	NotConnected
)

// InForce is what is in force: settings.json with the administrator's
// policy and the command line applied, the license, and what the last
// connection check found. It is made by Derive, the one place that works
// this out for the CLI, the TUI and `ksn serve` alike.
type InForce struct {
	// Settings are the user's settings with the policy applied.
	Settings model.Settings
	// Participating applies the invariant (docs/files.md): participation is on,
	// the current statement is accepted, and consent.jsonl holds that
	// acceptance as its latest decision (unless the policy accepts it).
	Participating bool
	// Unrecorded reports that settings.json says participation is on with
	// an acceptance consent.jsonl does not hold: it counts as none.
	Unrecorded bool
	// StatementChanged reports that the user turned participation on with
	// an earlier statement: it counts as off until they accept this one.
	StatementChanged bool
	// Policy is the administrator's policy; the zero Policy if none.
	Policy model.Policy
	// ConsentLocked reports whether the policy decides participation.
	ConsentLocked bool
	// Window is the KSN window's layout.
	Window model.Window
	// Endpoint is the KSN service, and EndpointSource where it came from.
	Endpoint       string
	EndpointSource Source
	// IgnoredOverride is the source of an --endpoint or KSN_ENDPOINT that
	// the policy's endpoint beats; "" if none was.
	IgnoredOverride Source
	// Interval is the time between background checks, at least
	// model.MinCheckInterval.
	Interval time.Duration
	// IntervalRaised is check_interval's value when it is shorter than
	// model.MinCheckInterval, which Interval is instead; 0 if it is not.
	// IntervalFrom is the file it came from: settings.json or the policy.
	IntervalRaised model.Duration
	IntervalFrom   string
	// License is the license.
	License LicenseInfo
	// Check is the last connection check; nil before the first.
	Check *netcheck.Result
}

// Derive works out what is in force from the files, the overrides and the
// last check (nil if none), at now, with current the sha256s (one per language) of the
// current statement.
func Derive(f model.Files, o Overrides, last *netcheck.Result, now time.Time, current ...string) InForce {
	pol := f.Policy
	in := InForce{
		Settings:      pol.Apply(f.User),
		Policy:        pol,
		ConsentLocked: pol.LocksConsent(),
		Check:         last,
	}
	in.Unrecorded = unrecorded(in.Settings, f)
	in.Participating = in.Settings.Participating(current...) && consentCounts(in.Settings, f)
	st := in.Settings.KSN.Statement
	in.StatementChanged = in.Settings.KSN.Participation && st.Decision == model.DecisionAccepted && !slices.Contains(current, st.SHA256)

	in.Window = in.Settings.KSN.Window
	switch {
	case o.Window != "" && !pol.Locks(model.KeyWindow):
		in.Window = o.Window
	case in.Window == "":
		in.Window = model.WindowInfo
	}

	in.Endpoint, in.EndpointSource = endpointInForce(f, o, in.Settings)
	if in.EndpointSource == SourcePolicy && o.Endpoint != "" {
		in.IgnoredOverride = o.EndpointSource
	}

	in.Interval, in.IntervalRaised, in.IntervalFrom = intervalInForce(f, in.Settings)
	in.License = licenseInForce(f, last, now)
	return in
}

// endpointInForce applies the precedence (docs/choices.md, "One state, one voice"): policy, flag,
// environment, settings.json, default. A settings file that names the
// default endpoint (every saved file does) counts as the default.
func endpointInForce(f model.Files, o Overrides, s model.Settings) (string, Source) {
	switch {
	case f.Policy.Locks(model.KeyEndpoint):
		return s.KSN.Endpoint, SourcePolicy
	case o.Endpoint != "":
		return o.Endpoint, o.EndpointSource
	case f.EndpointInFile && s.KSN.Endpoint != "" && s.KSN.Endpoint != model.DefaultEndpoint:
		return s.KSN.Endpoint, SourceSettings
	}
	return model.DefaultEndpoint, SourceDefault
}

// intervalInForce is the check interval in force, at least
// model.MinCheckInterval (docs/files.md), and, if a shorter value was
// raised to it, that value and the file it came from.
func intervalInForce(f model.Files, s model.Settings) (time.Duration, model.Duration, string) {
	d := s.KSN.CheckInterval
	taken, raised := d.Interval()
	if !raised {
		return taken, 0, ""
	}
	if f.Policy.Locks(model.KeyCheckInterval) {
		return taken, d, f.Policy.Path
	}
	return taken, d, f.SettingsPath
}

// licenseInForce is the license, the last check's word on the key counted.
func licenseInForce(f model.Files, last *netcheck.Result, now time.Time) LicenseInfo {
	l := LicenseInfo{Installed: f.HasLicense || f.LicenseErr != nil, Err: f.LicenseErr, Path: f.LicensePath}
	if l.Usable() {
		l.Activated = f.License.Activated
		l.ExpiresAt = f.License.ExpiresAt
		l.KeySuffix = f.License.KeySuffix()
		l.keySHA256 = f.License.KeySHA256()
	}
	var key netcheck.KeyState
	if last != nil {
		key = last.KeyState
	}
	switch {
	case l.Err != nil:
		l.State = LicenseUnreadable
	case !l.Usable() || !l.Activated:
		l.State = LicenseNotActivated
	case key == netcheck.KeyDenylisted:
		l.State = LicenseDenylisted
	case f.License.Expired(now):
		l.State = LicenseExpired
	case key == netcheck.KeyExpired:
		l.State, l.ReportedExpired = LicenseExpired, true
	default:
		l.State = LicenseActive
	}
	return l
}

// CheckInput is the input of a connection check of this state, bounded by
// timeout.
func (in InForce) CheckInput(timeout time.Duration) netcheck.Input {
	ci := netcheck.Input{
		Participating: in.Participating,
		Endpoint:      in.Endpoint,
		Timeout:       timeout,
	}
	if in.License.Err != nil {
		// there but broken: the check says so rather than "no license"
		// (docs/check.md)
		ci.License.Broken = in.License.Path
	}
	if in.License.Usable() {
		ci.License = netcheck.License{
			Present:   true,
			Activated: in.License.Activated,
			ExpiresAt: in.License.ExpiresAt,
			KeySHA256: in.License.keySHA256,
		}
	}
	return ci
}

// Connection is the state of the connection as the last check found it.
func (in InForce) Connection() Connection {
	switch {
	case in.Check == nil:
		return NotChecked
	case in.Check.Restricted():
		return Restricted
	case in.Check.Connected:
		return Connected
	}
	return NotConnected
}

// OffByChoice reports that the last check did not connect only because
// participation is off: the user's (or the administrator's) choice, not a
// failure, so the faces say it without alarm (docs/screens.md).
func (in InForce) OffByChoice() bool {
	return in.Connection() == NotConnected && in.Check.Reason == netcheck.ReasonNotParticipating
}

// Managed maps each key the policy sets to the policy file: the "managed"
// object of `ksn status --json`.
func (in InForce) Managed() map[model.PolicyKey]string {
	m := map[model.PolicyKey]string{}
	for _, k := range in.Policy.Keys() {
		m[k] = in.Policy.PathOf(k)
	}
	return m
}

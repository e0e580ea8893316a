package flow

import "ksn/model"

// NoticeKind names something the faces tell about the files they read:
// the TUI in its banner, the accessible mode as a line, the CLI on stderr.
type NoticeKind int

// The notices, in the order they are told.
const (
	// NoNotice is none.
	NoNotice NoticeKind = iota
	// Unreadable: settings.json could not be read at all (Err).
	Unreadable
	// SettingsNotice: settings.json is not valid or has a newer schema
	// (Load, the notice as the store gave it).
	SettingsNotice
	// KeptAside: a broken settings.json was kept aside at Path.
	KeptAside
	// StatementChanged: the statement accepted has since changed;
	// participation counts as off until the new one is accepted.
	StatementChanged
	// Unrecorded: settings.json (Path) says the statement was accepted,
	// but consent.jsonl (Consent) holds no matching record: participation
	// is off (docs/files.md).
	Unrecorded
	// IntervalRaised: check_interval (Interval) in Path is shorter than
	// model.MinCheckInterval, which is taken instead.
	IntervalRaised
	// PolicyIgnored: a policy is not honoured, whole (Err) or in part
	// (Policy.Problem).
	PolicyIgnored
	// LicenseUnusable: license.json cannot be used (Err).
	LicenseUnusable
)

// Notice is one thing to tell about the files, as codes and facts.
type Notice struct {
	// Kind is what it tells.
	Kind NoticeKind
	// Err is the error it tells of, where there is one.
	Err error
	// Load is settings.json's notice, for SettingsNotice.
	Load model.LoadNotice
	// Path is where a broken settings.json was kept, for KeptAside; the
	// file that says what is told, for Unrecorded and IntervalRaised.
	Path string
	// Consent is consent.jsonl, for Unrecorded.
	Consent string
	// Interval is check_interval as the file gives it, for IntervalRaised.
	Interval model.Duration
	// Policy is the policy honoured in part, for PolicyIgnored without Err.
	Policy model.Policy
}

// Notices are what the files just read, f, and what is in force from them,
// in, give the faces to tell: one that could not be read, or was not
// valid, or was kept aside at kept ("": none); a statement changed since
// it was accepted; an acceptance without its record; a check interval
// raised to the minimum; a policy not honoured; a license that cannot be
// used.
func Notices(f model.Files, kept string, in InForce) []Notice {
	var out []Notice
	switch {
	case f.LoadErr != nil:
		out = append(out, Notice{Kind: Unreadable, Err: f.LoadErr})
	case f.Notice.CorruptCopy == "" && f.Notice.Code != "":
		out = append(out, Notice{Kind: SettingsNotice, Load: f.Notice})
	}
	if kept != "" {
		out = append(out, Notice{Kind: KeptAside, Path: kept})
	}
	if in.StatementChanged {
		out = append(out, Notice{Kind: StatementChanged})
	}
	out = append(out, Warnings(f, in)...)
	if n, ok := PolicyNotice(f.Policy, f.PolicyErr); ok {
		out = append(out, n)
	}
	if f.LicenseErr != nil {
		out = append(out, Notice{Kind: LicenseUnusable, Err: f.LicenseErr})
	}
	return out
}

// PolicyNotice is the notice of a policy not honoured, whole (err) or in
// part, and whether there is one.
func PolicyNotice(pol model.Policy, err error) (Notice, bool) {
	switch {
	case err != nil:
		return Notice{Kind: PolicyIgnored, Err: err}, true
	case pol.Problem != nil:
		return Notice{Kind: PolicyIgnored, Policy: pol}, true
	}
	return Notice{}, false
}

// Warnings are the notices of what is in force, in (derived from f), that
// are no error of a file: an acceptance without its record, and a check
// interval raised to the minimum. The CLI says them on stderr, and `ksn
// status --json` lists them.
func Warnings(f model.Files, in InForce) []Notice {
	var out []Notice
	if in.Unrecorded {
		out = append(out, Notice{Kind: Unrecorded, Path: f.SettingsPath, Consent: f.ConsentPath})
	}
	if in.IntervalRaised != 0 {
		out = append(out, Notice{Kind: IntervalRaised, Path: in.IntervalFrom, Interval: in.IntervalRaised})
	}
	return out
}

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
	// Path is where a broken settings.json was kept, for KeptAside.
	Path string
	// Policy is the policy honoured in part, for PolicyIgnored without Err.
	Policy model.Policy
}

// Notices are what the files just read, f, give the faces to tell: one
// that could not be read, or was not valid, or was kept aside at kept ("":
// none); a statement changed since it was accepted (changed); a policy
// not honoured; a license that cannot be used.
func Notices(f model.Files, kept string, changed bool) []Notice {
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
	if changed {
		out = append(out, Notice{Kind: StatementChanged})
	}
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

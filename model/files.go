package model

import (
	"encoding/json"
)

// Files is what ksn reads from disk about the state in force: the user's
// settings, the administrator's policy and the license. Read it with
// ReadFiles; Derive turns it into what is in force.
type Files struct {
	// User is settings.json as read (the defaults if there is none or it
	// is not valid), and Notice what reading it had to say.
	User   Settings
	Notice LoadNotice
	// LoadErr is why settings.json could not be read at all; the defaults
	// are in User then.
	LoadErr error
	// EndpointInFile reports whether settings.json names an endpoint.
	EndpointInFile bool
	// Policy is the administrators' policies as honoured (LoadPolicy),
	// and PolicyErr the first file not honoured, named.
	Policy    Policy
	PolicyErr error
	// License is license.json if HasLicense; LicenseErr is why it cannot
	// be used (HasLicense false: it could not even be read).
	License    License
	HasLicense bool
	LicenseErr error
	// Consent is the last decision consent.jsonl records, if ConsentOK
	// (Store.LatestConsent): an acceptance in User counts only if it is
	// this one (docs/files.md).
	Consent   ConsentEntry
	ConsentOK bool
	// SettingsPath, ConsentPath and LicensePath are the files, for the
	// notices that name them.
	SettingsPath, ConsentPath, LicensePath string
}

// ReadFiles reads settings.json (the defaults and a notice naming it if it
// is not valid, docs/files.md), the policies in policyDirs, license.json
// and the last decision of consent.jsonl,
// as the CLI, the TUI and `ksn serve` all do. It changes no file.
// current are the current statement's sha256s (one per language), which a policy that turns
// participation on must have accepted.
func ReadFiles(s *Store, policyDirs []string, current ...string) Files {
	var f Files
	f.User, f.Notice, f.LoadErr = s.Load()
	if f.LoadErr == nil && !f.Notice.Invalid {
		f.EndpointInFile = namesEndpoint(s.Paths().SettingsFile())
	}
	f.Policy, _, f.PolicyErr = LoadPolicy(policyDirs, current...)
	f.License, f.HasLicense, f.LicenseErr = s.LoadLicense()
	f.Consent, f.ConsentOK = s.LatestConsent()
	f.SettingsPath, f.ConsentPath = s.Paths().SettingsFile(), s.Paths().ConsentFile()
	f.LicensePath = s.Paths().LicenseFile()
	return f
}

// namesEndpoint reports whether the settings file at path sets ksn.endpoint.
func namesEndpoint(path string) bool {
	data, err := ReadFollow(path)
	if err != nil {
		return false
	}
	var f struct {
		KSN map[string]json.RawMessage `json:"ksn"`
	}
	if json.Unmarshal(data, &f) != nil {
		return false
	}
	_, ok := f.KSN["endpoint"]
	return ok
}

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/safe"
	"ksn/say"
	"ksn/statement"
)

// cliState is what one command reads: the files, and what is in force
// (flow.Derive, the derivation the TUI and `ksn serve` use too).
type cliState struct {
	store *model.Store
	files model.Files
	over  flow.Overrides
	in    flow.InForce
}

// openStore returns the Store over the user's files, as the XDG variables
// say.
func openStore() *model.Store {
	return model.NewStore(model.DefaultPaths())
}

// loadState reads settings.json, the policy and license.json and derives
// what is in force with the overrides o. A settings file that cannot be
// read or is not valid is reported and the defaults used (the next change
// keeps an invalid one aside; docs/files.md); a license file that cannot be read
// or is not valid is in force as unreadable: the command still makes its
// report, and ends with problem.
func loadState(store *model.Store, o flow.Overrides) cliState {
	f := model.ReadFiles(store, model.DefaultPolicyDirs(), statement.Current()...)
	s := cliState{store: store, files: f, over: o}
	s.derive(nil, time.Now())
	return s
}

// derive works out what is in force again, with the check res (nil if
// none) at now.
func (s *cliState) derive(res *netcheck.Result, now time.Time) {
	s.in = flow.Derive(s.files, s.over, res, now, statement.Current()...)
}

// problem is the first error the command should end with after it has
// printed its report: a settings file that could not be read or was not
// valid (it has been reported and the defaults used), or a license file
// that could not be read or is not valid.
func (s cliState) problem(v say.Voice) error {
	if p := s.problemText(v); p != "" {
		return failure("%s", p)
	}
	return nil
}

// problemText is problem's sentence in v's words, "" if there is none: the
// one line on stderr, and, said in English, the "problem" of the JSON.
func (s cliState) problemText(v say.Voice) string {
	switch n := s.files.Notice; {
	case s.files.LoadErr != nil:
		return v.Err(s.files.LoadErr)
	case n.Code != "" && !n.Newer:
		return s.notice(v)
	case s.files.LicenseErr != nil:
		return v.Err(s.files.LicenseErr)
	}
	return ""
}

// notice is what reading settings.json had to say (model.LoadNotice), in
// v's words; "" if nothing.
func (s cliState) notice(v say.Voice) string {
	n := s.files.Notice
	switch {
	case n.CorruptCopy != "" && !n.Invalid && !n.Newer:
		return v.Kept(n.CorruptCopy)
	}
	return v.Notice(n)
}

// warnInfo prints on stderr the notices that are not errors of the user's:
// a settings file of a newer schema, a policy that cannot be honoured, an
// override the policy beats, an acceptance without its record, a check
// interval raised to the minimum.
func warnInfo(cmd *cobra.Command, s cliState) {
	v := voiceOf(cmd)
	var notes []string
	if s.files.Notice.Newer {
		notes = append(notes, s.notice(v))
	}
	if n := v.PolicyNote(s.files.Policy, s.files.PolicyErr); n != "" {
		notes = append(notes, n)
	}
	if s.in.IgnoredOverride != "" {
		notes = append(notes, v.IgnoredOverride(s.in.IgnoredOverride, s.in.Policy.Path))
	}
	notes = append(notes, s.warnings(v)...)
	for _, n := range notes {
		fmt.Fprintln(cmd.ErrOrStderr(), "ksn: "+safe.Line(n, 0))
	}
}

// warnings are flow.Warnings in v's words: what is in force despite the
// files (an acceptance without its record, a check interval raised).
func (s cliState) warnings(v say.Voice) []string {
	var notes []string
	for _, n := range flow.Warnings(s.files, s.in) {
		notes = append(notes, v.Tell(n))
	}
	return notes
}

// loadPolicy reads the administrators' policies (docs/policy.md):
// what is honoured, and the first file that is not, named.
func loadPolicy() (model.Policy, error) {
	pol, _, err := model.LoadPolicy(model.DefaultPolicyDirs(), statement.Current()...)
	return pol, err
}

// licenseJSON is the "license" object of `ksn status --json` (docs/commands.md "JSON").
type licenseJSON struct {
	State     flow.LicenseState `json:"state"`
	ExpiresAt *time.Time        `json:"expires_at"`
	KeySuffix *string           `json:"key_suffix"`
}

// licenseObject returns the "license" object of l.
func licenseObject(l flow.LicenseInfo) licenseJSON {
	out := licenseJSON{State: l.State}
	if l.Usable() {
		if !l.ExpiresAt.IsZero() {
			t := l.ExpiresAt.UTC()
			out.ExpiresAt = &t
		}
		s := l.KeySuffix
		out.KeySuffix = &s
	}
	return out
}

// isNotExist reports whether err says a file is missing.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

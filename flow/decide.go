package flow

import (
	"errors"
	"io/fs"
	"time"

	"ksn/model"
	"ksn/statement"
)

// Choice is a decision about the statement, however it was made: the
// toggle, "I agree", "Accept", "Decline", `ksn enable`, `ksn disable` or
// `ksn setup`.
type Choice int

// The choices.
const (
	// NoChoice decides nothing.
	NoChoice Choice = iota
	// Accept accepts the statement shown and turns participation on.
	Accept
	// Decline declines the statement shown; participation is off.
	Decline
	// Withdraw turns participation off and records the withdrawal.
	Withdraw
)

// Request is one decision to record.
type Request struct {
	// Choice is what was decided.
	Choice Choice
	// Statement is the statement the person read (DecidedOn), in their
	// language; model.Settings.Withdraw names the one that was accepted
	// instead, when one was.
	Statement model.Statement
	// Via is where it was decided: "tui", "cli", "setup" or "ssh:<user>".
	Via string
	// Key is the fingerprint of the SSH key that logged in, for a decision
	// made over `ksn serve`; "" otherwise.
	Key string
	// At is when it was decided.
	At time.Time
	// PolicyDirs are where the administrator's policy is read, again, at
	// the moment of the decision.
	PolicyDirs []string
	// Strict refuses a settings.json that is not valid and changes
	// nothing (the CLI); otherwise such a file is kept aside and the
	// decision starts from the defaults (the TUI, the accessible mode).
	Strict bool
	// OnlyIfChanged records nothing when the settings already say what
	// Choice would (the CLI and `ksn setup`'s question, which answer
	// "already"). Otherwise an acceptance or a withdrawal is recorded
	// again (in the Kaspersky Security Network window, reading the
	// statement and accepting it records it, in the reader's language),
	// and only a decline of a declined statement records nothing.
	OnlyIfChanged bool
}

// Outcome is what Decide did.
type Outcome struct {
	// Choice is the decision that was asked for.
	Choice Choice
	// Recorded reports that the decision was written: its consent line
	// and the settings. When false, the settings already said so and
	// nothing was written.
	Recorded bool
	// At is when it was recorded or, when it was so already, when the
	// decision in force was made.
	At time.Time
	// Settings are the user's settings after the decision.
	Settings model.Settings
	// Entry is the line recorded in consent.jsonl, when Recorded: with
	// Settings, what a face takes as read without reading the files again.
	Entry model.ConsentEntry
	// Dropped reports that participation ended and the pending report (the
	// spool of process times) was deleted with it (docs/sent.md).
	Dropped bool
}

// LockedError refuses a decision that the administrator's policy makes.
type LockedError struct {
	// Path is the policy file that decides participation.
	Path string
}

// Error implements error.
func (e *LockedError) Error() string { return "participation is set by the policy " + e.Path }

// InvalidSettingsError refuses a strict decision while settings.json is
// not valid: it is left as it is.
type InvalidSettingsError struct {
	// Path is settings.json.
	Path string
	// Err is what is wrong with it.
	Err error
}

// Error implements error.
func (e *InvalidSettingsError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap is what is wrong with the file.
func (e *InvalidSettingsError) Unwrap() error { return e.Err }

// errAlready ends an Update that would change nothing.
var errAlready = errors.New("already so")

// Decide records r in store: the one decision function of the TUI, the
// accessible mode and the CLI. It refuses while the administrator's
// policy decides participation (a *LockedError) and, when r is Strict,
// while settings.json is not valid (an *InvalidSettingsError). Under the
// store's lock it reads the settings again and, when they already say
// what r would (participation on with a current statement accepted; off;
// a current statement declined) and r asks only for a change (see
// Request.OnlyIfChanged), writes nothing; otherwise it writes the consent
// line and the settings in one Store.Update. Every face records the same
// line for the same decision.
func Decide(store *model.Store, r Request) (Outcome, error) {
	out := Outcome{Choice: r.Choice}
	if r.Choice == NoChoice {
		return out, nil
	}
	current := statement.Current()
	if pol, _, _ := model.LoadPolicy(r.PolicyDirs, current...); pol.LocksConsent() {
		return out, &LockedError{Path: pol.PathOf(model.KeyParticipation)}
	}
	if r.Strict {
		cur, err := ReadStrict(store)
		if err != nil {
			return out, err
		}
		last, ok := store.LatestConsent()
		if r.once() && already(r.Choice, cur, last, ok, current) { // not even the lock file is touched
			out.Settings, out.At = cur, cur.KSN.Statement.DecidedAt
			return out, nil
		}
	}
	saved, err := store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
		last, ok := store.LatestConsent() // under the lock: what the files say together
		if r.once() && already(r.Choice, *s, last, ok, current) {
			out.Settings, out.At = *s, s.KSN.Statement.DecidedAt
			return nil, errAlready
		}
		var e model.ConsentEntry
		switch r.Choice {
		case Accept:
			*s, e = s.Accept(r.Statement, r.At, r.Via)
		case Decline:
			*s, e = s.Decline(r.Statement, r.At, r.Via)
		case Withdraw:
			*s, e = s.Withdraw(r.Statement, r.At, r.Via)
		}
		e.Key = r.Key
		out.At, out.Entry = e.At, e
		return &e, nil
	})
	switch {
	case errors.Is(err, errAlready):
		return out, nil
	case err != nil:
		return out, err
	}
	out.Recorded, out.Settings = true, saved
	if !saved.KSN.Participation {
		// Nothing is kept for a report once participation ends.
		if out.Dropped, err = store.DropSpool(); err != nil {
			return out, err
		}
	}
	return out, nil
}

// once reports whether r records nothing when the settings already say
// what it would: when it asks so, and always for a decline.
func (r Request) once() bool { return r.OnlyIfChanged || r.Choice == Decline }

// already reports whether s already says what c would: participation on
// with a current statement accepted and that acceptance the latest
// decision of consent.jsonl (last, ok: see Recorded; one without its
// record is recorded now), participation off, or a current statement
// declined.
func already(c Choice, s model.Settings, last model.ConsentEntry, ok bool, current []string) bool {
	switch c {
	case Accept:
		return s.Participating(current...) && Recorded(s.KSN.Statement, last, ok)
	case Decline:
		return s.Declines(current...)
	case Withdraw:
		return !s.KSN.Participation
	}
	return true
}

// ReadStrict reads settings.json as it is, the defaults if there is none,
// and refuses one that is not valid (an *InvalidSettingsError), as Decide
// reads it for a Strict request. It leaves the Store's own notices (a file
// it kept aside) for its next Load.
func ReadStrict(store *model.Store) (model.Settings, error) {
	path := store.Paths().SettingsFile()
	data, err := model.ReadFollow(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return model.Defaults(), nil
	case err != nil:
		return model.Settings{}, err
	}
	s, err := model.Parse(data)
	if err != nil {
		return model.Settings{}, &InvalidSettingsError{Path: path, Err: err}
	}
	return s, nil
}

// DecidedOn names the statement t for a decision about it: its version,
// sha256 and language.
func DecidedOn(t statement.Text) model.Statement {
	return model.Statement{Version: t.Version(), SHA256: t.SHA256(), Lang: t.Lang().Code()}
}

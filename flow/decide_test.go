package flow

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ksn/lang"
	"ksn/model"
	"ksn/statement"
)

// testStore is a store over a test's own directories.
func testStore(t *testing.T) *model.Store {
	t.Helper()
	dir := t.TempDir()
	return model.NewStore(model.Paths{
		ConfigDir: filepath.Join(dir, "config", "ksn"),
		StateDir:  filepath.Join(dir, "state", "ksn"),
		DataDir:   filepath.Join(dir, "data", "ksn"),
	})
}

// history is the consent history of s.
func history(t *testing.T, s *model.Store) []model.ConsentEntry {
	t.Helper()
	entries, bad, err := s.VerifyConsent()
	if err != nil || bad != 0 {
		t.Fatalf("consent history: %v, first bad line %d", err, bad)
	}
	return entries
}

// TestDecide records each choice once, answers "already" only where asked
// (and always for a decline), and names the statement read.
func TestDecide(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	en, ru := DecidedOn(statement.In(lang.English())), DecidedOn(statement.In(lang.Of(lang.Supported()[1])))
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	req := func(c Choice, st model.Statement, once bool) Request {
		at = at.Add(time.Minute)
		return Request{Choice: c, Statement: st, Via: "tui", At: at, PolicyDirs: []string{}, OnlyIfChanged: once}
	}
	steps := []struct {
		name     string
		r        Request
		recorded bool
		lines    int
	}{
		{"accept", req(Accept, en, false), true, 1},
		{"accept again, once", req(Accept, en, true), false, 1},
		{"accept the Russian text", req(Accept, ru, false), true, 2},
		{"withdraw", req(Withdraw, en, false), true, 3},
		{"withdraw again, once", req(Withdraw, en, true), false, 3},
		{"decline", req(Decline, en, false), true, 4},
		{"decline again", req(Decline, en, false), false, 4},
	}
	for _, st := range steps {
		o, err := Decide(s, st.r)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if o.Recorded != st.recorded || o.Choice != st.r.Choice {
			t.Errorf("%s: recorded %v, choice %v", st.name, o.Recorded, o.Choice)
		}
		if h := history(t, s); len(h) != st.lines {
			t.Errorf("%s: %d consent lines, want %d", st.name, len(h), st.lines)
		}
	}
	h := history(t, s)
	if h[1].Lang != "ru" || h[1].SHA256 != ru.SHA256 {
		t.Errorf("the Russian acceptance recorded %+v", h[1])
	}
	if h[2].Decision != model.ConsentWithdrawn || h[2].Lang != "ru" {
		t.Errorf("the withdrawal names %+v, want the Russian text accepted", h[2])
	}
}

// TestDecideRefuses refuses what a policy locks and, strictly, a broken
// settings.json, writing nothing.
func TestDecideRefuses(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	pol := t.TempDir()
	if err := os.MkdirAll(filepath.Join(pol, "ksn"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pol, "ksn", "policy.json"), []byte(`{"participation": false}`), 0o644); err != nil {
		t.Fatal(err)
	}
	st := DecidedOn(statement.In(lang.English()))
	_, err := Decide(s, Request{Choice: Accept, Statement: st, Via: "cli", At: time.Now(), PolicyDirs: []string{pol}})
	var locked *LockedError
	if !errors.As(err, &locked) || locked.Path != filepath.Join(pol, "ksn", "policy.json") {
		t.Errorf("locked: %v", err)
	}

	if err := os.MkdirAll(s.Paths().ConfigDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.Paths().SettingsFile(), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Decide(s, Request{Choice: Accept, Statement: st, Via: "cli", At: time.Now(), PolicyDirs: []string{}, Strict: true})
	var invalid *InvalidSettingsError
	if !errors.As(err, &invalid) || invalid.Path != s.Paths().SettingsFile() {
		t.Errorf("strict, broken settings: %v", err)
	}
	if data, _ := os.ReadFile(s.Paths().SettingsFile()); string(data) != "{" {
		t.Errorf("settings.json is now %q", data)
	}
	if _, err := os.Stat(s.Paths().ConsentFile()); !os.IsNotExist(err) {
		t.Errorf("consent.jsonl written: %v", err)
	}
}

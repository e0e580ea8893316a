package flow

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ksn/lang"
	"ksn/statement"
)

// Attack 7 (docs/development.md "Security"): a system policy that anyone could change
// is not honoured, but locks participation off: a decision is refused,
// naming it, and nothing is written.
func TestDecideRefusesUnderUntrustedSystemPolicy(t *testing.T) {
	t.Parallel()
	s := testStore(t)
	sys := t.TempDir()
	path := filepath.Join(sys, "ksn", "policy.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(`{"window": "info"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	st := DecidedOn(statement.In(lang.English()))
	_, err := Decide(s, Request{Choice: Accept, Statement: st, Via: "cli", At: time.Now(), PolicyDirs: []string{sys}})
	var locked *LockedError
	if !errors.As(err, &locked) || locked.Path != path {
		t.Fatalf("%v; want locked by %s", err, path)
	}
	if _, err := os.Stat(s.Paths().ConsentFile()); !os.IsNotExist(err) {
		t.Errorf("consent.jsonl written: %v", err)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ksn/model/modeltest"
	"ksn/netcheck/ksntest"
	"ksn/statement"
)

// TestTUIUntilDecisionChangesNothing runs the TUI in a terminal over
// files a writer that died left behind (a torn last line in consent.jsonl,
// a temporary file), walks to the KSN window, lets it check the
// connection, and quits without a decision: no file outside
// $XDG_CACHE_HOME/ksn is created, changed or removed (docs/files.md), but
// last_check.json, which keeps the check made while participating
// (docs/fleets.md). The same
// with a settings.json that is not valid (the banner names it) and a
// consent.jsonl that is a symbolic link.
func TestTUIUntilDecisionChangesNothing(t *testing.T) {
	t.Parallel()
	svc, url := ksntest.NewTestServer(t, ksntest.Valid)
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, config, state, elsewhere string)
		see   string
	}{
		{"torn consent and a temporary file", func(t *testing.T, config, state, _ string) {
			write(t, filepath.Join(config, "settings.json"), `{"schema": 1, "ksn": {"participation": true, `+
				`"statement": {"decision": "accepted", "version": "`+statement.Version+`", "sha256": "`+
				statement.SHA256()+`", "decided_at": "2026-11-29T10:00:00Z"}}}`)
			write(t, filepath.Join(config, ".settings.json77"), `{"schema": 1, "ksn": {"parti`)
			if err := modeltest.Recorded(filepath.Join(config, "settings.json"), filepath.Join(state, "consent.jsonl")); err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(filepath.Join(state, "consent.jsonl"), os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteString(`{"at":"2026-11-29T1`); err != nil { // torn
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		}, "Connected"},
		{"broken settings and a linked consent.jsonl", func(t *testing.T, config, state, elsewhere string) {
			write(t, filepath.Join(config, "settings.json"), `{"schema": 1, "ksn": {"participation": tr`)
			notes := filepath.Join(elsewhere, "notes.txt")
			write(t, notes, "my notes\n{\"at\":\"2026")
			if err := os.MkdirAll(state, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(notes, filepath.Join(state, "consent.jsonl")); err != nil {
				t.Fatal(err)
			}
		}, "is not valid (not valid JSON"}, // its path may stand alone on the line above
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			config, state := filepath.Join(home, "config", "ksn"), filepath.Join(home, "state", "ksn")
			elsewhere := filepath.Join(home, "elsewhere")
			tc.setup(t, config, state, elsewhere)
			write(t, filepath.Join(config, "license.json"),
				`{"key": "ABCDE-FGHIJ-KLMNO-PQRST", "activated": true, "expires_at": "2099-01-01T00:00:00Z"}`)
			roots := []string{filepath.Join(home, "config"), filepath.Join(home, "state"),
				filepath.Join(home, "data"), elsewhere}
			before, err := modeltest.TreeWithout(home, []string{"last_check.json"}, roots...)
			if err != nil {
				t.Fatal(err)
			}

			term := ksnInTerm(t, home, 120, 40, nil, "KSN_ENDPOINT="+url)
			term.see("[ Settings ]")
			term.keys("\r")
			term.see("Security settings")
			term.keys("\r")
			term.see("Kaspersky Security Network")
			term.keys("\r")
			term.see(tc.see)
			term.keys("r") // a check
			term.keys("\x03")
			term.wait()
			if tc.see == "Connected" && svc.Requests() == 0 {
				t.Error("no check reached the service")
			}

			after, err := modeltest.TreeWithout(home, []string{"last_check.json"}, roots...)
			if err != nil {
				t.Fatal(err)
			}
			if after, before := withoutSent(after), withoutSent(before); after != before {
				t.Fatalf("the TUI changed files before any decision:\nbefore:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// withoutSent is a listing of modeltest.Tree without what a participant's
// TUI may write (docs/sent.md): sent.jsonl, the spool, and the time of
// the directory they are made in.
func withoutSent(tree string) string {
	var keep []string
	for _, l := range strings.Split(tree, "\n") {
		switch {
		case strings.HasPrefix(l, "state/ksn/sent.jsonl "), strings.HasPrefix(l, "state/ksn/spool.jsonl "):
		case strings.HasPrefix(l, "state/ksn "):
			keep = append(keep, strings.Join(strings.Fields(l)[:3], " "))
		default:
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// write writes a test file, creating its directory.
func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

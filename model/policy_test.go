package model

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"ksn/statement"
)

// policySHA is the current statement's hash, as the front ends pass it to
// LoadPolicy and Derive; a policy can turn participation on only with it.
var policySHA = statement.SHA256()

// writePolicy writes text as dir/ksn/policy.json.
func writePolicy(t *testing.T, dir, text string) string {
	t.Helper()
	path := filepath.Join(dir, "ksn", "policy.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPolicyLocksEachKey(t *testing.T) {
	t.Parallel()
	user := Defaults()
	user.KSN.Window = WindowStatement
	cases := []struct {
		text  string
		key   PolicyKey
		check func(Settings) bool
	}{
		{`{"participation": false}`, "participation", func(s Settings) bool { return !s.KSN.Participation }},
		{`{"window": "info"}`, "window", func(s Settings) bool { return s.KSN.Window == WindowInfo }},
		{`{"endpoint": "https://ksn.example.org"}`, "endpoint", func(s Settings) bool { return s.KSN.Endpoint == "https://ksn.example.org" }},
		{`{"check_interval": "1m"}`, "check_interval", func(s Settings) bool { return s.KSN.CheckInterval == Duration(time.Minute) }},
		{`{"statement": {"decision": "declined"}}`, "statement", func(s Settings) bool { return s.KSN.Statement.Decision == DecisionDeclined }},
	}
	for _, c := range cases {
		dir := t.TempDir()
		path := writePolicy(t, dir, c.text)
		pol, found, err := LoadPolicy([]string{dir}, policySHA)
		if err != nil || !found || pol.Path != path {
			t.Fatalf("%s: %v %v %q", c.text, err, found, pol.Path)
		}
		if keys := pol.Keys(); len(keys) != 1 || keys[0] != c.key || !pol.Locks(c.key) {
			t.Fatalf("%s: keys %v", c.text, keys)
		}
		for _, other := range policyKeys() {
			if other != c.key && pol.Locks(other) {
				t.Fatalf("%s: %s locked too", c.text, other)
			}
		}
		if !c.check(pol.Apply(user)) {
			t.Fatalf("%s: not applied: %+v", c.text, pol.Apply(user).KSN)
		}
	}
}

func TestPolicyTurnsParticipationOnOnlyWithTheCurrentStatement(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writePolicy(t, dir, `{"participation": true, "statement": {"decision": "accepted", "version": "`+statement.Version+`", "sha256": "`+policySHA+`"}}`)
	pol, _, err := LoadPolicy([]string{dir}, policySHA)
	if err != nil || pol.Problem != nil {
		t.Fatal(err, pol.Problem)
	}
	if !pol.Apply(Defaults()).Participating(policySHA) {
		t.Fatal("a valid policy did not turn participation on")
	}
	for _, text := range []string{
		`{"participation": true}`,
		`{"participation": true, "statement": {"decision": "accepted", "sha256": "0000"}}`,
		`{"participation": true, "statement": {"decision": "declined"}}`,
	} {
		writePolicy(t, dir, text)
		pol, _, err := LoadPolicy([]string{dir}, policySHA)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if pol.Locks("participation") || pol.Problem == nil || pol.Problem.Code != CodePolicyParticipation ||
			!slices.Equal(pol.Problem.SHAs, []string{policySHA}) {
			t.Fatalf("%s: participation locked %v, problem %v", text, pol.Locks("participation"), pol.Problem)
		}
		if pol.Apply(Defaults()).Participating(policySHA) {
			t.Fatalf("%s: participation on", text)
		}
	}
}

func TestPolicyBrokenOrUnreadableIsIgnoredWhole(t *testing.T) {
	t.Parallel()
	for _, text := range []string{`{"window": "info", "participation": "yes"}`, `{not json`, `{"window": "info", "colour": "red"}`, `{}`, `[]`} {
		dir := t.TempDir()
		path := writePolicy(t, dir, text)
		pol, found, err := LoadPolicy([]string{dir}, policySHA)
		if err == nil || !found || !strings.Contains(err.Error(), path) {
			t.Fatalf("%s: err %v", text, err)
		}
		if len(pol.Keys()) != 0 {
			t.Fatalf("%s: half applied: %v", text, pol.Keys())
		}
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "ksn", "policy.json"), 0o755); err != nil { // a directory cannot be read as a file
		t.Fatal(err)
	}
	if _, _, err := LoadPolicy([]string{t.TempDir(), dir}, policySHA); !hasProblem(err, CodePolicyIgnored) || !hasProblem(err, CodeFileNotRegular) {
		t.Fatalf("not a regular file: %v", err)
	}
}

func TestPolicyFirstDirectoryWins(t *testing.T) {
	t.Parallel()
	first, second := t.TempDir(), t.TempDir()
	writePolicy(t, second, `{"window": "statement"}`)
	pol, found, err := LoadPolicy([]string{first, second}, policySHA)
	if err != nil || !found || pol.KSN.Window != WindowStatement {
		t.Fatalf("%v %v %+v", err, found, pol)
	}
	writePolicy(t, first, `{"window": "info"}`)
	pol, _, _ = LoadPolicy([]string{first, second}, policySHA)
	if pol.KSN.Window != WindowInfo {
		t.Fatalf("window %q", pol.KSN.Window)
	}
	if _, found, _ := LoadPolicy([]string{t.TempDir()}, policySHA); found {
		t.Fatal("found a policy in an empty directory")
	}
}

func TestWatchPolicySeesAddChangeRemove(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := WatchPolicy(ctx, []string{dir})
	wait := func(what string) {
		t.Helper()
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Fatalf("no change seen after %s", what)
		}
	}
	path := writePolicy(t, dir, `{"window": "info"}`)
	wait("adding")
	time.Sleep(10 * time.Millisecond)
	writePolicy(t, dir, `{"window": "statement", "endpoint": "https://x.example"}`)
	wait("changing")
	os.Remove(path)
	wait("removing")
	cancel()
	for range ch { // closed when ctx ends
	}
}

// FuzzParsePolicy feeds arbitrary bytes to the policy parser: it never
// panics, a refused policy sets nothing, and an accepted one never turns
// participation on without the current accepted statement.
func FuzzParsePolicy(f *testing.F) {
	for _, seed := range []string{
		`{"participation": false}`,
		`{"participation": true, "statement": {"decision": "accepted", "sha256": "` + policySHA + `"}}`,
		`{"participation": true}`,
		`{"window": "statement", "endpoint": "https://x.example", "check_interval": "1m"}`,
		`{"check_interval": "-1s"}`, `{"endpoint": "ftp://x"}`, `{}`, `[]`, `null`, `{"a": 1}`, "\xff",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pol, err := ParsePolicy(data, policySHA)
		if err != nil {
			if len(pol.Keys()) != 0 {
				t.Fatalf("a refused policy locks %v", pol.Keys())
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("a message on more than one line: %q", err)
			}
			return
		}
		s := pol.Apply(Defaults())
		if s.Participating(policySHA) && (s.KSN.Statement.Decision != DecisionAccepted || s.KSN.Statement.SHA256 != policySHA) {
			t.Fatalf("participation on without the current statement: %+v", s.KSN)
		}
		if s.KSN.Participation && s.KSN.Statement.Decision != DecisionAccepted {
			t.Fatalf("participation on without an accepted statement: %+v", s.KSN)
		}
	})
}

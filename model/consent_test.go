package model

import (
	"os"
	"strings"
	"testing"
)

// record accepts or withdraws through st n times.
func record(t *testing.T, st *Store, n int) {
	t.Helper()
	for range n {
		if _, err := st.Update(toggle("cli")); err != nil {
			t.Fatal(err)
		}
	}
}

func TestConsentChainIntact(t *testing.T) {
	st := NewStore(testPaths(t))
	entries, bad, err := st.VerifyConsent()
	if len(entries) != 0 || bad != 0 || err != nil {
		t.Fatalf("no history: %v, %d, %v", entries, bad, err)
	}
	record(t, st, 4)
	path := st.Paths().ConsentFile()
	assertMode(t, path, 0o600)
	assertMode(t, st.Paths().StateDir, 0o700|os.ModeDir)
	entries, bad, err = st.VerifyConsent()
	if err != nil || bad != 0 || len(entries) != 4 {
		t.Fatalf("VerifyConsent = %d entries, bad %d, %v", len(entries), bad, err)
	}
	lines := strings.Split(strings.TrimSuffix(readFile(t, path), "\n"), "\n")
	if entries[0].Prev != "" {
		t.Errorf("first prev = %q", entries[0].Prev)
	}
	for i := 1; i < len(entries); i++ {
		if entries[i].Prev != lineHash([]byte(lines[i-1])) {
			t.Errorf("line %d: prev %q is not the hash of line %d", i+1, entries[i].Prev, i)
		}
	}
	want := []ConsentDecision{ConsentAccepted, ConsentWithdrawn, ConsentAccepted, ConsentWithdrawn}
	for i, e := range entries {
		if e.Decision != want[i] || e.Via != "cli" || e.SHA256 != shaV1 || e.At.IsZero() {
			t.Errorf("entry %d = %+v", i+1, e)
		}
	}
	history, err := st.ConsentHistory()
	if err != nil || len(history) != 4 {
		t.Fatalf("ConsentHistory = %v, %v", history, err)
	}
}

func TestConsentChainTampered(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(lines []string) []string
		wantBad int
	}{
		{"decision changed on line 2", func(l []string) []string {
			l[1] = strings.Replace(l[1], `"withdrawn"`, `"accepted"`, 1)
			return l
		}, 3},
		{"prev changed on line 3", func(l []string) []string {
			l[2] = strings.Replace(l[2], `"prev":"`, `"prev":"0`, 1)
			return l
		}, 3},
		{"line 2 removed", func(l []string) []string { return append(l[:1:1], l[2:]...) }, 2},
		{"garbage on line 4", func(l []string) []string { l[3] = "not json"; return l }, 4},
		{"line inserted first", func(l []string) []string { return append([]string{l[1]}, l...) }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := NewStore(testPaths(t))
			record(t, st, 5)
			path := st.Paths().ConsentFile()
			lines := strings.Split(strings.TrimSuffix(readFile(t, path), "\n"), "\n")
			writeFile(t, path, strings.Join(tt.tamper(lines), "\n")+"\n")
			_, bad, err := st.VerifyConsent()
			if err != nil || bad != tt.wantBad {
				t.Fatalf("VerifyConsent: first bad line %d (err %v), want %d", bad, err, tt.wantBad)
			}
		})
	}
}

func TestConsentHistoryBadLine(t *testing.T) {
	st := NewStore(testPaths(t))
	record(t, st, 1)
	f, err := os.OpenFile(st.Paths().ConsentFile(), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("{torn")
	_ = f.Close()
	_, err = st.ConsentHistory()
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), st.Paths().ConsentFile()) {
		t.Fatalf("ConsentHistory error = %v", err)
	}
	// A later append starts on a line of its own and chains to the torn one.
	record(t, st, 1)
	entries, bad, err := st.VerifyConsent()
	if err != nil || bad != 2 || len(entries) != 2 {
		t.Fatalf("VerifyConsent = %d entries, bad %d, %v", len(entries), bad, err)
	}
	if entries[1].Prev != lineHash([]byte("{torn")) {
		t.Fatalf("prev after a torn line = %q", entries[1].Prev)
	}
}

func TestUpdateRejectsBadEntry(t *testing.T) {
	st := NewStore(testPaths(t))
	for _, e := range []ConsentEntry{
		{At: testTime, Decision: "maybe", Via: "tui"},
		{At: testTime, Decision: ConsentAccepted, Via: "web"},
		{At: testTime, Decision: ConsentAccepted, Via: "ssh:"},
		{Decision: ConsentAccepted, Via: "tui"},
	} {
		_, err := st.Update(func(s *Settings) (*ConsentEntry, error) { return &e, nil })
		if err == nil {
			t.Errorf("Update recorded %+v", e)
		}
	}
	if n := countLines(t, st.Paths().ConsentFile()); n != 0 {
		t.Fatalf("%d lines recorded", n)
	}
	if _, err := os.Stat(st.Paths().SettingsFile()); !os.IsNotExist(err) {
		t.Fatal("settings written although the entry was refused")
	}
}

package model

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
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
	t.Parallel()
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
		if entries[i].Prev != sha256Hex([]byte(lines[i-1])) {
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
	t.Parallel()
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
	t.Parallel()
	st := NewStore(testPaths(t))
	record(t, st, 2)
	path := st.Paths().ConsentFile()
	lines := strings.SplitAfter(readFile(t, path), "\n")
	writeFile(t, path, lines[0]+"not an entry\n"+lines[1])
	_, err := st.ConsentHistory()
	var p *Problem
	if !errors.As(err, &p) || p.Code != CodeConsentLine || p.Line != 2 || p.Path != path {
		t.Fatalf("ConsentHistory error = %v", err)
	}
	if inner, ok := p.Err.(*Problem); !ok || inner.Code != CodeConsentNotObject {
		t.Fatalf("ConsentHistory error inside = %v", p.Err)
	}
	if _, bad, err := st.VerifyConsent(); err != nil || bad != 2 {
		t.Fatalf("VerifyConsent: bad line %d, %v; want 2", bad, err)
	}
}

// TestConsentTornLastLine checks what happens to a line cut off by a crash
// (a power cut; a kill cannot tear the one write of a line): readers leave
// it out and see an intact chain, Load reports it and leaves it (reading
// changes nothing), and the next write moves it aside under the lock, so
// the next entry chains to the last whole one.
func TestConsentTornLastLine(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	st := NewStore(p)
	st.now = func() time.Time { return testTime }
	record(t, st, 2)
	path := p.ConsentFile()
	whole := readFile(t, path)
	lines := strings.SplitAfter(whole, "\n")
	torn := lines[1][:len(lines[1])/2] // line 2 again, cut in the middle
	writeFile(t, path, whole+torn)

	entries, bad, err := st.VerifyConsent()
	if err != nil || bad != 0 || len(entries) != 2 {
		t.Fatalf("VerifyConsent = %d entries, bad %d, %v; want 2, 0", len(entries), bad, err)
	}
	if h, err := st.ConsentHistory(); err != nil || len(h) != 2 {
		t.Fatalf("ConsentHistory = %d entries, %v", len(h), err)
	}

	_, notice, err := st.Load()
	wantCopy := path + ".torn-20261129T100000Z"
	if err != nil || !notice.TornConsent || notice.Code != "" {
		t.Fatalf("Load = %+v, %v", notice, err)
	}
	if got := readFile(t, path); got != whole+torn {
		t.Fatalf("Load changed consent.jsonl:\n%s", got)
	}
	if _, err := os.Lstat(wantCopy); !os.IsNotExist(err) {
		t.Fatalf("Load made %s", wantCopy)
	}

	// A write that records nothing repairs too.
	if _, err := st.Update(func(*Settings) (*ConsentEntry, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, wantCopy); got != torn {
		t.Errorf("copy holds %q, want %q", got, torn)
	}
	assertMode(t, wantCopy, 0o600)
	if got := readFile(t, path); got != whole {
		t.Fatalf("consent.jsonl after repair:\n%s\nwant:\n%s", got, whole)
	}
	if _, notice, _ = st.Load(); notice.TornConsent {
		t.Error("still torn after the repair")
	}
	record(t, st, 1)
	entries, bad, err = st.VerifyConsent()
	if err != nil || bad != 0 || len(entries) != 3 {
		t.Fatalf("after an append: %d entries, bad %d, %v", len(entries), bad, err)
	}
	if entries[2].Prev != sha256Hex([]byte(strings.TrimSuffix(lines[1], "\n"))) {
		t.Error("the new entry does not chain to the last whole line")
	}

	// An append finds a torn line itself, without a Load first.
	writeFile(t, path, readFile(t, path)+`{"at":"2026-11`)
	record(t, st, 1)
	if _, bad, _ := st.VerifyConsent(); bad != 0 {
		t.Fatalf("chain broken at line %d after an append over a torn line", bad)
	}
	if got := readFile(t, wantCopy+"-2"); got != `{"at":"2026-11` {
		t.Errorf("second copy holds %q", got)
	}
}

// TestConsentWholeLastLineWithoutNewline checks that a last line that is a
// whole entry and only lacks its newline is kept: the next line goes after
// a newline and chains to it.
func TestConsentWholeLastLineWithoutNewline(t *testing.T) {
	t.Parallel()
	st := NewStore(testPaths(t))
	record(t, st, 2)
	path := st.Paths().ConsentFile()
	whole := strings.TrimSuffix(readFile(t, path), "\n")
	writeFile(t, path, whole)
	record(t, st, 1)
	entries, bad, err := st.VerifyConsent()
	if err != nil || bad != 0 || len(entries) != 3 {
		t.Fatalf("VerifyConsent = %d entries, bad %d, %v", len(entries), bad, err)
	}
	if got := readFile(t, path); !strings.HasPrefix(got, whole+"\n") {
		t.Errorf("file:\n%s", got)
	}
}

func TestUpdateRejectsBadEntry(t *testing.T) {
	t.Parallel()
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

func TestUpdateRecordsSetup(t *testing.T) {
	t.Parallel()
	st := NewStore(testPaths(t))
	if _, err := st.Update(func(s *Settings) (*ConsentEntry, error) {
		var e ConsentEntry
		*s, e = s.Decline(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "setup")
		return &e, nil
	}); err != nil {
		t.Fatal(err)
	}
	h, err := st.ConsentHistory()
	if err != nil || len(h) != 1 || h[0].Via != "setup" || h[0].Decision != ConsentDeclined {
		t.Fatalf("history %+v, %v", h, err)
	}
}

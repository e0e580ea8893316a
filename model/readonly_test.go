package model

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"ksn/model/modeltest"
)

// tree is modeltest.Tree of roots, absolute paths, failing t on an error.
func tree(t *testing.T, roots ...string) string {
	t.Helper()
	s, err := modeltest.Tree("/", roots...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// readOnlyCalls are what the commands that only read (status, check,
// consent, license, statement, the TUI until a decision) ask of a Store.
func readOnlyCalls(t *testing.T, st *Store) {
	t.Helper()
	_, _, _ = st.Load()
	_ = ReadFiles(st, nil, shaV1)
	_, _ = st.ConsentHistory()
	_, _, _ = st.VerifyConsent()
	_, _, _ = st.LoadLicense()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if ch, err := st.Watch(ctx); err == nil {
		cancel()
		for range ch { // until the watcher is gone
		}
	}
}

// TestReadingChangesNothing is the attack "a command that only reads
// repairs or keeps aside": with a torn last line in consent.jsonl, a
// settings.json that is not valid, a temporary file left by a writer that
// died and no data directory, reading changes, repairs and creates
// nothing (docs/files.md). It still tells: the notice names the broken file and
// that consent.jsonl is torn.
func TestReadingChangesNothing(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	st := NewStore(p)
	st.now = func() time.Time { return testTime }
	record(t, st, 2)
	path := p.ConsentFile()
	whole := readFile(t, path)
	writeFile(t, path, whole+`{"at":"2026-11-29T1`)
	writeFile(t, p.SettingsFile(), `{"schema": 1, "ksn": {"participation": tr`)
	writeFile(t, filepath.Join(p.ConfigDir, ".settings.json123"), "half a save")
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(p.ConfigDir, ".settings.json123"), old, old); err != nil {
		t.Fatal(err)
	}
	roots := []string{filepath.Dir(p.ConfigDir), filepath.Dir(p.StateDir), filepath.Dir(p.DataDir)}
	before := tree(t, roots...)

	readOnlyCalls(t, NewStore(p))

	if after := tree(t, roots...); after != before {
		t.Fatalf("reading changed the files:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	s, notice, err := NewStore(p).Load()
	if err != nil || s != Defaults() {
		t.Fatalf("Load = %+v, %v; want the defaults", s, err)
	}
	if notice.Code != CodeNoticeInvalid || notice.Path != p.SettingsFile() ||
		notice.CorruptCopy != "" || !notice.TornConsent {
		t.Errorf("notice %+v", notice)
	}
}

// TestReadingMissingDirsCreatesNothing: with no ksn directory at all,
// reading (the watch of the TUI included) creates none.
func TestReadingMissingDirsCreatesNothing(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	root := filepath.Dir(filepath.Dir(p.ConfigDir))
	before := tree(t, root)
	readOnlyCalls(t, NewStore(p))
	if after := tree(t, root); after != before {
		t.Fatalf("reading created files:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// TestNextWriteRepairs checks that what reading leaves as it is, the next
// write puts right under the lock: a broken settings.json is kept aside as
// settings.json.corrupt-<time> (the notice of the next Load says where)
// and a torn last line of consent.jsonl is moved aside.
func TestNextWriteRepairs(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	st := NewStore(p)
	st.now = func() time.Time { return testTime }
	record(t, st, 1)
	path := p.ConsentFile()
	whole := readFile(t, path)
	writeFile(t, path, whole+`{"at":"2026-11-29T1`)
	writeFile(t, p.SettingsFile(), "garbage")
	if _, err := st.Update(func(s *Settings) (*ConsentEntry, error) {
		var e ConsentEntry
		*s, e = s.Decline(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "tui")
		return &e, nil
	}); err != nil {
		t.Fatal(err)
	}
	wantCopy := p.SettingsFile() + ".corrupt-20261129T100000Z"
	if got := readFile(t, wantCopy); got != "garbage" {
		t.Errorf("copy holds %q", got)
	}
	if got := readFile(t, path+".torn-20261129T100000Z"); got != `{"at":"2026-11-29T1` {
		t.Errorf("torn copy holds %q", got)
	}
	if _, bad, err := st.VerifyConsent(); bad != 0 || err != nil {
		t.Errorf("chain broken at %d (%v)", bad, err)
	}
	_, notice, err := st.Load()
	if err != nil || notice.CorruptCopy != wantCopy || notice.Code != CodeNoticeKept {
		t.Errorf("the Load after the save: %+v, %v", notice, err)
	}
	if _, notice, _ = st.Load(); !reflect.DeepEqual(notice, LoadNotice{}) {
		t.Errorf("the next Load still says %+v", notice)
	}
}

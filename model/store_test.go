package model

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// assertMode fails unless path has exactly mode (type bits included).
func assertMode(t *testing.T, path string, mode fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != mode {
		t.Errorf("%s: mode %v, want %v", path, fi.Mode(), mode)
	}
}

func TestLoadMissingFile(t *testing.T) {
	t.Parallel()
	st := NewStore(testPaths(t))
	s, notice, err := st.Load()
	if err != nil || !reflect.DeepEqual(notice, LoadNotice{}) || s != Defaults() {
		t.Fatalf("Load = %+v, %+v, %v", s, notice, err)
	}
	if _, err := os.Stat(st.Paths().ConfigDir); !os.IsNotExist(err) {
		t.Error("Load created the config directory")
	}
}

func TestUpdateWritesAtomically(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	st := NewStore(p)
	saved, err := st.Update(func(s *Settings) (*ConsentEntry, error) {
		next, e := s.Accept(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "tui")
		*s = next
		return &e, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !saved.Participating(shaV1) {
		t.Fatalf("saved = %+v", saved)
	}
	assertMode(t, p.ConfigDir, 0o700|os.ModeDir)
	assertMode(t, p.SettingsFile(), 0o600)
	want, _ := encodeFile(saved)
	if got := readFile(t, p.SettingsFile()); got != string(want) {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(string(want), `"decided_at": "2026-11-29T10:00:00Z"`) {
		t.Errorf("file lacks decided_at:\n%s", want)
	}
	// Nothing but the file and the lock is left in the directory.
	entries, _ := os.ReadDir(p.ConfigDir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "settings.json settings.json.lock" {
		t.Errorf("config dir holds %v", names)
	}
	loaded, notice, err := NewStore(p).Load()
	if err != nil || notice.Code != "" || loaded != saved {
		t.Fatalf("Load after Update = %+v, %+v, %v", loaded, notice, err)
	}
}

func TestUpdateErrorsWriteNothing(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	st := NewStore(p)
	boom := errors.New("boom")
	if _, err := st.Update(func(*Settings) (*ConsentEntry, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	_, err := st.Update(func(s *Settings) (*ConsentEntry, error) {
		s.KSN.Participation = true // without accepting: breaks the invariant
		return nil, nil
	})
	if err == nil || !strings.Contains(err.Error(), "participation") {
		t.Fatalf("Update broke the invariant: %v", err)
	}
	if _, err := os.Stat(p.SettingsFile()); !os.IsNotExist(err) {
		t.Fatal("settings written after an error")
	}
}

func TestUpdateKeepsUnknownKeys(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	writeFile(t, p.SettingsFile(), `{"schema":1,"theme":"dark","ksn":{"window":"statement","proxy":{"url":"http://p:3128"}}}`)
	st := NewStore(p)
	if _, err := st.Update(toggle("tui")); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, p.SettingsFile())
	for _, want := range []string{`"theme": "dark"`, `"proxy": {`, `"url": "http://p:3128"`, `"window": "statement"`, `"participation": true`} {
		if !strings.Contains(got, want) {
			t.Errorf("file lacks %s:\n%s", want, got)
		}
	}
}

func TestUpdateUnchangedDoesNotRewrite(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	st := NewStore(p)
	if _, err := st.Update(func(*Settings) (*ConsentEntry, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(p.SettingsFile())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Update(func(*Settings) (*ConsentEntry, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(p.SettingsFile())
	if !os.SameFile(before, after) {
		t.Error("an unchanged update replaced the file")
	}
}

// TestLoadCorruptLeavesItNextChangeKeepsCopy: Load reports a settings.json
// that is not valid, naming it, and uses the defaults, but changes nothing
// (docs/files.md: reading changes no file); the next Update keeps it aside as
// settings.json.corrupt-<time>, and the Load after it says where.
func TestLoadCorruptLeavesItNextChangeKeepsCopy(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{
		"not json":   `{"schema": 1, "ksn": {`,
		"invariant":  `{"ksn":{"participation":true,"statement":{"decision":"declined"}}}`,
		"wrong type": `{"ksn":{"check_interval":300}}`,
	} {
		t.Run(name, func(t *testing.T) {
			p := testPaths(t)
			writeFile(t, p.SettingsFile(), content)
			st := NewStore(p)
			st.now = func() time.Time { return testTime }
			before := tree(t, p.ConfigDir)
			s, notice, err := st.Load()
			if err != nil || s != Defaults() {
				t.Fatalf("Load = %+v, %v", s, err)
			}
			if !notice.Invalid || notice.CorruptCopy != "" || notice.Newer {
				t.Fatalf("notice = %+v", notice)
			}
			if notice.Code != CodeNoticeInvalid || notice.Path != p.SettingsFile() || notice.Err == nil {
				t.Errorf("notice = %+v", notice)
			}
			if after := tree(t, p.ConfigDir); after != before {
				t.Fatalf("Load changed the directory:\n%s\nwant:\n%s", after, before)
			}

			// The next change keeps it aside and starts from the defaults.
			if _, err := st.Update(toggle("cli")); err != nil {
				t.Fatal(err)
			}
			wantCopy := p.SettingsFile() + ".corrupt-20261129T100000Z"
			if got := readFile(t, wantCopy); got != content {
				t.Errorf("copy holds %q", got)
			}
			assertMode(t, wantCopy, 0o600)
			if _, notice, _ = st.Load(); notice.CorruptCopy != wantCopy || notice.Invalid ||
				notice.Code != CodeNoticeKept {
				t.Errorf("the Load after the change: %+v", notice)
			}
			// A second corrupt file in the same second gets its own name.
			writeFile(t, p.SettingsFile(), content)
			if _, err := st.Update(toggle("cli")); err != nil {
				t.Fatal(err)
			}
			if _, notice, _ = st.Load(); notice.CorruptCopy != wantCopy+"-2" {
				t.Errorf("second copy at %q", notice.CorruptCopy)
			}
		})
	}
}

func TestNewerSchemaNeverOverwritten(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	content := `{"schema": 2, "ksn": {"participation": false, "window": "statement", "mode": "x"}, "future": true}`
	writeFile(t, p.SettingsFile(), content)
	st := NewStore(p)
	s, notice, err := st.Load()
	if err != nil {
		t.Fatal(err)
	}
	if s.Schema != 2 || s.KSN.Window != WindowStatement || !notice.Newer || notice.CorruptCopy != "" {
		t.Fatalf("Load = %+v, %+v", s, notice)
	}
	if notice.Code != CodeNoticeNewer || notice.Schema != 2 || notice.Path != p.SettingsFile() {
		t.Errorf("notice = %+v", notice)
	}
	_, err = st.Update(toggle("tui"))
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), p.SettingsFile()) {
		t.Fatalf("Update = %v, want ErrNewerSchema naming the file", err)
	}
	if got := readFile(t, p.SettingsFile()); got != content {
		t.Fatalf("file changed: %s", got)
	}
	if n := countLines(t, p.ConsentFile()); n != 0 {
		t.Fatalf("consent recorded for a refused save: %d lines", n)
	}
}

// TestTempsRemovedByTheNextUpdate: the temporary files writers that died
// left are not removed by Load (reading changes nothing), but by the next
// Update, whatever their age: it holds the lock, and a writer holds it
// while its temporary file exists.
func TestTempsRemovedByTheNextUpdate(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	stale := filepath.Join(p.ConfigDir, ".settings.json123456")
	fresh := filepath.Join(p.ConfigDir, ".license.json999")
	other := filepath.Join(p.ConfigDir, ".settings.jsonx1")
	for _, f := range []string{stale, fresh, other} {
		writeFile(t, f, "{}")
	}
	old := time.Now().Add(-2 * time.Minute)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	before := tree(t, p.ConfigDir)
	if _, _, err := NewStore(p).Load(); err != nil {
		t.Fatal(err)
	}
	if after := tree(t, p.ConfigDir); after != before {
		t.Fatalf("Load changed the directory:\n%s\nwant:\n%s", after, before)
	}
	if _, err := NewStore(p).Update(func(*Settings) (*ConsentEntry, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{stale, fresh} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("temp file %s kept", filepath.Base(f))
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("%s removed: %v", other, err)
	}
}

// TestLoadDoesNotWaitForWriter checks that Load takes no lock: it answers
// while a writer holds the lock, and leaves the writer's temporary file
// alone; the writer's own save goes through.
func TestLoadDoesNotWaitForWriter(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	st := NewStore(p)
	temp := filepath.Join(p.ConfigDir, ".settings.json42")
	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := st.Update(func(*Settings) (*ConsentEntry, error) {
			err := os.WriteFile(temp, []byte("{"), 0o600) // as if it were this writer's
			close(inside)
			if err != nil {
				return nil, err
			}
			<-release
			return nil, nil
		})
		done <- err
	}()
	<-inside
	loaded := make(chan struct{})
	go func() {
		_, _, _ = NewStore(p).Load()
		close(loaded)
	}()
	select {
	case <-loaded:
	case <-time.After(5 * time.Second):
		t.Fatal("Load waited for the writer holding the lock")
	}
	if _, err := os.Stat(temp); err != nil {
		t.Fatalf("the writer's temp file went while it held the lock: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestUpdateLockAcrossGoroutines(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	// Two Stores over the same files: the flock must serialise them too.
	stores := []*Store{NewStore(p), NewStore(p)}
	const workers, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for i := range workers {
		wg.Go(func() {
			st := stores[i%len(stores)]
			for range each {
				if _, err := st.Update(toggle("tui")); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	lost := checkCounted(t, p, workers*each)
	t.Logf("goroutines=%d stores=%d updates=%d lost=%d", workers, len(stores), workers*each, lost)
}

// checkCounted checks that n toggle updates all took effect: the interval
// counter, the consent line count, the chain and the final state agree. It
// returns how many updates the counter lost.
func checkCounted(t *testing.T, p Paths, n int) (lost int) {
	t.Helper()
	s, notice, err := NewStore(p).Load()
	if err != nil || notice.Code != "" {
		t.Fatalf("Load = %v, %q", err, notice.Code)
	}
	if want := Duration(DefaultCheckInterval + time.Duration(n)*time.Second); s.KSN.CheckInterval != want {
		lost = int(time.Duration(want-s.KSN.CheckInterval) / time.Second)
		t.Errorf("interval %v, want %v: %d updates lost", s.KSN.CheckInterval, want, lost)
	}
	entries, bad, err := NewStore(p).VerifyConsent()
	if err != nil || bad != 0 {
		t.Fatalf("VerifyConsent: bad line %d, %v", bad, err)
	}
	if len(entries) != n || countLines(t, p.ConsentFile()) != n {
		t.Fatalf("%d consent entries, want %d", len(entries), n)
	}
	for i, e := range entries {
		want := ConsentAccepted
		if i%2 == 1 {
			want = ConsentWithdrawn
		}
		if e.Decision != want {
			t.Fatalf("entry %d is %s, want %s: the toggles interleaved", i+1, e.Decision, want)
		}
	}
	if s.KSN.Participation != (n%2 == 1) {
		t.Errorf("participation %v after %d toggles", s.KSN.Participation, n)
	}
	return lost
}

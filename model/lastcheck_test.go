package model

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLastCheckFile writes last_check.json and reads it back: in the state
// directory, mode 0600 (the directory 0700), replaced whole, a temporary
// file a writer that died left removed (not one of a writer at work), no
// lock file made, and nothing read before it exists.
func TestLastCheckFile(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	s := NewStore(p)
	if _, err := s.ReadLastCheck(); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("ReadLastCheck before any = %v, want fs.ErrNotExist", err)
	}
	if got, want := p.LastCheckFile(), filepath.Join(p.StateDir, "last_check.json"); got != want {
		t.Errorf("LastCheckFile = %s, want %s", got, want)
	}
	stale := filepath.Join(p.StateDir, ".last_check.json12345")
	writeFile(t, stale, `{"sch`) // a writer died
	old := time.Now().Add(-2 * staleTempAge)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	live := filepath.Join(p.StateDir, ".last_check.json67890")
	writeFile(t, live, `{"sch`) // a writer at work
	for _, data := range []string{`{"first": 1}`, `{"second": 2}`} {
		if err := s.WriteLastCheck([]byte(data)); err != nil {
			t.Fatal(err)
		}
		got, err := s.ReadLastCheck()
		if err != nil || string(got) != data {
			t.Fatalf("ReadLastCheck = %q, %v; want %q", got, err, data)
		}
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a temporary file a writer that died left is still there: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a temporary file a writer at work has was removed: %v", err)
	}
	if _, err := os.Stat(p.LockFile()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writing last_check.json made the lock file (%v): a read-only command may not", err)
	}
	fi, err := os.Stat(p.LastCheckFile())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("last_check.json mode = %v, %v; want 0600", fi.Mode(), err)
	}
	if di, err := os.Stat(p.StateDir); err != nil || di.Mode().Perm() != 0o700 {
		t.Errorf("state directory mode = %v, %v; want 0700", di.Mode(), err)
	}
}

// TestLastCheckReadBounded: last_check.json is read as the files ksn keeps
// for itself are: not through a link, only a regular file, at most
// MaxLastCheckSize bytes; a FIFO does not block.
func TestLastCheckReadBounded(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, path string)
		code  Code
	}{
		{"too large", func(t *testing.T, path string) {
			writeFile(t, path, "{"+strings.Repeat(" ", MaxLastCheckSize)+"}")
		}, CodeFileTooLarge},
		{"a link", func(t *testing.T, path string) {
			target := filepath.Join(filepath.Dir(path), "elsewhere.json")
			writeFile(t, target, `{}`)
			if err := os.Symlink(target, path); err != nil {
				t.Fatal(err)
			}
		}, CodeFileLink},
		{"a FIFO", func(t *testing.T, path string) {
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Fatal(err)
			}
		}, CodeFileNotRegular},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := testPaths(t)
			tc.setup(t, p.LastCheckFile())
			_, err := NewStore(p).ReadLastCheck()
			var pr *Problem
			if !errors.As(err, &pr) || pr.Code != tc.code {
				t.Fatalf("ReadLastCheck = %v, want a %s problem", err, tc.code)
			}
		})
	}
}

// TestReplaceFile replaces a file atomically with the mode asked (less
// the umask), replaces a link rather than writing its target, leaves no
// temporary file, and names the file when its directory is missing.
func TestReplaceFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "ksn-user.prom")
	if err := ReplaceFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceFile(path, []byte("new\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || string(data) != "new\n" {
		t.Fatalf("file = %q, %v", data, err)
	}
	umask := processUmask(t)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644&^fs.FileMode(umask) {
		t.Errorf("mode = %v, %v; want 0644 less umask %03o", fi.Mode(), err, umask)
	}

	target := filepath.Join(dir, "target")
	writeFile(t, target, "keep\n")
	link := filepath.Join(dir, "link.prom")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceFile(link, []byte("metrics\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(target); string(data) != "keep\n" {
		t.Errorf("the link's target was written: %q", data)
	}
	if fi, err := os.Lstat(link); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the link was not replaced by a file: %v, %v", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("directory holds %d entries, want 3 (no temporary file)", len(entries))
	}

	missing := filepath.Join(dir, "no-such-dir", "x.prom")
	err := ReplaceFile(missing, []byte("x"), 0o644)
	var pr *Problem
	if !errors.As(err, &pr) || pr.Code != CodeFileWrite || pr.Path != missing {
		t.Errorf("ReplaceFile into a missing directory = %v, want a %s problem naming it", err, CodeFileWrite)
	}
}

// processUmask is the process's umask, read without changing it (other
// tests run in parallel): /proc/self/status says it on Linux.
func processUmask(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc/self/status: %v", err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "Umask:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 8, 32)
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
	}
	t.Skip("no Umask line in /proc/self/status")
	return 0
}

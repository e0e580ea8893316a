package model

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// planted is a file an attacker wants ksn to write: outside the ksn
// directories, mode 0644, ending in what looks like a torn line.
const planted = "precious line 1\nprecious half line"

// plant makes dir/name a file with planted and mode 0644 and returns its
// path.
func plant(t *testing.T, dir, name string) string {
	t.Helper()
	target := filepath.Join(dir, name)
	writeFile(t, target, planted)
	if err := os.Chmod(target, 0o644); err != nil {
		t.Fatal(err)
	}
	return target
}

// link makes path a symbolic link to target, creating its directory.
func link(t *testing.T, target, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

// accept is an Update that records an acceptance.
func accept(s *Settings) (*ConsentEntry, error) {
	var e ConsentEntry
	*s, e = s.Accept(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "cli")
	return &e, nil
}

// wantRefusal fails unless err is one line and holds the refusal of path,
// a problem with code (CodeFileLink or CodeFileNotRegular) that wraps the
// refusal's own error (*LinkError, *NotRegularError).
func wantRefusal(t *testing.T, err error, path string, code Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want a refusal of %s", path)
	}
	if strings.ContainsAny(err.Error(), "\r\n") {
		t.Fatalf("error %q: not one line", err)
	}
	var found *Problem
	var walk func(error)
	walk = func(e error) {
		if p, ok := e.(*Problem); ok && p.Code == code && p.Path == path {
			found = p
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			if next := u.Unwrap(); next != nil {
				walk(next)
			}
		case interface{ Unwrap() []error }:
			for _, next := range u.Unwrap() {
				walk(next)
			}
		}
	}
	walk(err)
	if found == nil {
		t.Fatalf("error %v: want %s of %s", err, code, path)
	}
	var le *LinkError
	var ne *NotRegularError
	if code == CodeFileLink && (!errors.As(err, &le) || le.Path != path) ||
		code == CodeFileNotRegular && (!errors.As(err, &ne) || ne.Path != path || found.Got != typeAndPerm(ne.Mode)) {
		t.Fatalf("error %v: errors.As does not find the refusal of %s", err, path)
	}
}

// TestConsentSymlinkRefused is the attack "consent.jsonl is a symbolic
// link to a file of the user's": reading left the target's last line cut
// and moved aside, and enable appended to it and made it 0600. Now reading
// changes nothing, the history is refused with a message naming the file,
// and a write is refused and changes nothing either.
func TestConsentSymlinkRefused(t *testing.T) {
	t.Parallel()
	for _, dangling := range []bool{false, true} {
		p := testPaths(t)
		elsewhere := t.TempDir()
		target := filepath.Join(elsewhere, "notes.txt")
		if !dangling {
			target = plant(t, elsewhere, "notes.txt")
		}
		link(t, target, p.ConsentFile())
		roots := []string{elsewhere, filepath.Dir(p.ConfigDir), filepath.Dir(p.StateDir)}
		before, targetBefore := tree(t, roots...), tree(t, elsewhere)

		readOnlyCalls(t, NewStore(p))
		if after := tree(t, roots...); after != before {
			t.Fatalf("dangling %v: reading changed files:\nbefore:\n%s\nafter:\n%s", dangling, before, after)
		}
		_, _, err := NewStore(p).VerifyConsent()
		wantRefusal(t, err, p.ConsentFile(), CodeFileLink)
		_, err = NewStore(p).ConsentHistory()
		wantRefusal(t, err, p.ConsentFile(), CodeFileLink)

		_, err = NewStore(p).Update(accept)
		wantRefusal(t, err, p.ConsentFile(), CodeFileLink)
		if _, serr := os.Lstat(p.SettingsFile()); !os.IsNotExist(serr) {
			t.Errorf("dangling %v: settings.json written although the entry was refused", dangling)
		}
		if after := tree(t, elsewhere); after != targetBefore {
			t.Errorf("dangling %v: the target changed:\nbefore:\n%s\nafter:\n%s", dangling, targetBefore, after)
		}
		if !dangling {
			if got := readFile(t, target); got != planted {
				t.Errorf("target holds %q", got)
			}
			assertMode(t, target, 0o644)
		} else if _, err := os.Lstat(target); !os.IsNotExist(err) {
			t.Error("the link's target was created")
		}
	}
}

// TestLockSymlinkRefused is the attack "settings.json.lock is a symbolic
// link": the lock was taken on (and a missing target created at) whatever
// it named. Now a change is refused, naming the lock file.
func TestLockSymlinkRefused(t *testing.T) {
	t.Parallel()
	for _, dangling := range []bool{false, true} {
		p := testPaths(t)
		elsewhere := t.TempDir()
		target := filepath.Join(elsewhere, "lock-target")
		if !dangling {
			target = plant(t, elsewhere, "lock-target")
		}
		link(t, target, p.LockFile())
		before := tree(t, elsewhere)
		_, err := NewStore(p).Update(accept)
		wantRefusal(t, err, p.LockFile(), CodeFileLink)
		if after := tree(t, elsewhere); after != before {
			t.Errorf("dangling %v: the target changed:\nbefore:\n%s\nafter:\n%s", dangling, before, after)
		}
		for _, f := range []string{p.SettingsFile(), p.ConsentFile()} {
			if _, err := os.Lstat(f); !os.IsNotExist(err) {
				t.Errorf("%s written without the lock", f)
			}
		}
	}
}

// TestNotRegularRefused: a consent.jsonl or lock file that is a FIFO is
// refused at once; before, opening the FIFO blocked reading and writing
// alike.
func TestNotRegularRefused(t *testing.T) {
	t.Parallel()
	for _, which := range []string{"consent", "lock"} {
		p := testPaths(t)
		path := p.ConsentFile()
		if which == "lock" {
			path = p.LockFile()
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		done := make(chan error, 1)
		go func() {
			readOnlyCalls(t, NewStore(p))
			_, err := NewStore(p).Update(accept)
			done <- err
		}()
		select {
		case err := <-done:
			wantRefusal(t, err, path, CodeFileNotRegular)
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: blocked on a FIFO", which)
		}
	}
}

// TestRenamedFilesReplaceLinks: settings.json and license.json, written
// by rename, replace a link and never touch its target (docs/files.md).
func TestRenamedFilesReplaceLinks(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	elsewhere := t.TempDir()
	for _, f := range []string{p.SettingsFile(), p.LicenseFile()} {
		link(t, plant(t, elsewhere, filepath.Base(f)), f)
	}
	before := tree(t, elsewhere)
	st := NewStore(p)
	if _, err := st.Update(func(*Settings) (*ConsentEntry, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := st.InstallLicense([]byte(specLicense)); err != nil {
		t.Fatal(err)
	}
	if after := tree(t, elsewhere); after != before {
		t.Errorf("a target changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	for _, f := range []string{p.SettingsFile(), p.LicenseFile()} {
		fi, err := os.Lstat(f)
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want a regular file, 0600", f, fi.Mode(), err)
		}
	}
}

// TestCreatedDirsPrivate: every directory a write creates is 0700, the
// parents it had to create too.
func TestCreatedDirsPrivate(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	if _, err := NewStore(p).Update(accept); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{p.ConfigDir, filepath.Dir(p.ConfigDir), p.StateDir, filepath.Dir(p.StateDir)} {
		assertMode(t, d, 0o700|os.ModeDir)
	}
}

// TestReadsDoNotBlockOnFIFO: a settings.json or license.json that is a
// FIFO is reported, naming it, at once; before, reading it blocked every
// command and the TUI.
func TestReadsDoNotBlockOnFIFO(t *testing.T) {
	t.Parallel()
	for _, which := range []string{"settings", "license"} {
		p := testPaths(t)
		path := p.SettingsFile()
		if which == "license" {
			path = p.LicenseFile()
		}
		if err := os.MkdirAll(p.ConfigDir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(path, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		done := make(chan error, 1)
		go func() {
			f := ReadFiles(NewStore(p), nil, shaV1)
			done <- errors.Join(f.LoadErr, f.LicenseErr)
		}()
		select {
		case err := <-done:
			wantRefusal(t, err, path, CodeFileNotRegular)
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: blocked on a FIFO", which)
		}
	}
}

// TestNotRegularSaysItsMode: a directory in settings.json's place is
// said with its real type and permissions, as ls -l shows them, not
// "d---------".
func TestNotRegularSaysItsMode(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	if err := os.MkdirAll(p.SettingsFile(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p.SettingsFile(), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFollow(p.SettingsFile())
	var pr *Problem
	if !errors.As(err, &pr) || pr.Code != CodeFileNotRegular || pr.Got != "drwxr-xr-x" {
		t.Fatalf("ReadFollow(a directory) = %#v, want drwxr-xr-x", err)
	}
	if !strings.Contains(err.Error(), "(drwxr-xr-x)") {
		t.Fatalf("error %q does not say drwxr-xr-x", err)
	}
}

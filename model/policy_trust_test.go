package model

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hasProblem reports whether a Problem with code is anywhere in err's chain.
func hasProblem(err error, code Code) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if p, ok := err.(*Problem); ok && p.Code == code {
			return true
		}
	}
	return false
}

// policyOn is a policy that turns participation on with the current
// statement, as a user would write to lift a lock.
var policyOn = `{"participation": true, "statement": {"decision": "accepted", "version": "x", "sha256": "` + policySHA + `", "decided_at": "2026-01-01T00:00:00Z"}}`

// Attack 7 (docs/development.md "Security"): XDG_CONFIG_DIRS=/nonexistent took
// /etc/xdg's policy out of the search.
func TestPolicySystemDirIsAlwaysFirst(t *testing.T) {
	t.Parallel()
	for _, env := range [][]string{{"/nonexistent"}, {}, {"/home/u/xdg", "/etc/xdg/"}, {"relative"}} {
		got := policyDirs("/etc/xdg", env)
		if got[0] != "/etc/xdg" || slices.Contains(got[1:], "/etc/xdg") || slices.Contains(got, "relative") {
			t.Errorf("XDG_CONFIG_DIRS %q: %q", env, got)
		}
	}
	if got := DefaultPolicyDirs(); got[0] != systemConfigDir {
		t.Errorf("DefaultPolicyDirs() = %q, want %s first", got, systemConfigDir)
	}
}

// Attack 7: a user policy later in XDG_CONFIG_DIRS (or earlier, before the
// system's was always read) turned participation back on.
func TestPolicyUserCannotUnsetSystemKey(t *testing.T) {
	t.Parallel()
	system, user1, user2 := t.TempDir(), t.TempDir(), t.TempDir()
	sysPath := writePolicy(t, system, `{"participation": false, "window": "info"}`)
	u1 := writePolicy(t, user1, policyOn)
	writePolicy(t, user2, `{"window": "statement", "endpoint": "https://two.example", "check_interval": "1h"}`)
	writePolicy(t, user1, `{"participation": true, "statement": {"decision": "accepted", "version": "x", "sha256": "`+policySHA+`", "decided_at": "2026-01-01T00:00:00Z"}, "endpoint": "https://one.example"}`)
	pol, found, err := LoadPolicy([]string{system, user1, user2}, policySHA)
	if err != nil || !found {
		t.Fatalf("%v %v", found, err)
	}
	s := pol.Apply(Defaults())
	if s.Participating(policySHA) || pol.PathOf(KeyParticipation) != sysPath {
		t.Fatalf("participation %v from %s; want off from %s", s.KSN.Participation, pol.PathOf(KeyParticipation), sysPath)
	}
	if s.KSN.Window != WindowInfo || pol.PathOf(KeyWindow) != sysPath {
		t.Errorf("window %q from %s: the system's must win", s.KSN.Window, pol.PathOf(KeyWindow))
	}
	if s.KSN.Endpoint != "https://one.example" || pol.PathOf(KeyEndpoint) != u1 {
		t.Errorf("endpoint %q from %s: the first user directory must win", s.KSN.Endpoint, pol.PathOf(KeyEndpoint))
	}
	if s.KSN.CheckInterval != Duration(time.Hour) || !pol.Locks(KeyCheckInterval) {
		t.Errorf("check_interval %v: keys merge", s.KSN.CheckInterval)
	}
	if pol.Path != sysPath {
		t.Errorf("Path %s, want the system's", pol.Path)
	}
}

// loosen makes path and its directory writable by everyone, and, as root,
// gives them to another user.
func loosen(t *testing.T, path string) {
	t.Helper()
	if err := os.Chmod(path, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		if err := os.Chown(path, 4242, 4242); err != nil {
			t.Fatal(err)
		}
	}
}

// Attack 7: a mode-0666 policy of another user's in a mode-0777 directory
// was honoured, its endpoint too.
func TestPolicyStrictModesUser(t *testing.T) {
	t.Parallel()
	system, user := t.TempDir(), t.TempDir()
	path := writePolicy(t, user, `{"endpoint": "https://evil.example", "participation": false}`)
	loosen(t, path)
	pol, found, err := LoadPolicy([]string{system, user}, policySHA)
	if !found || !hasProblem(err, CodePolicyIgnored) || !strings.Contains(err.Error(), path) {
		t.Fatalf("found %v, err %v; want it not honoured, named", found, err)
	}
	if len(pol.Keys()) != 0 || pol.Apply(Defaults()).KSN.Endpoint != DefaultEndpoint {
		t.Fatalf("honoured: %v", pol.Keys())
	}
}

// Attack 7: a system policy that fails StrictModes locks participation
// off and is otherwise ignored.
func TestPolicyStrictModesSystemLocksOff(t *testing.T) {
	t.Parallel()
	system, user := t.TempDir(), t.TempDir()
	path := writePolicy(t, system, `{"endpoint": "https://evil.example", "window": "statement"}`)
	loosen(t, path)
	writePolicy(t, user, policyOn)
	pol, _, err := LoadPolicy([]string{system, user}, policySHA)
	if !hasProblem(err, CodePolicyLockedOff) || !strings.Contains(err.Error(), path) {
		t.Fatalf("err %v; want participation locked off, naming %s", err, path)
	}
	s := pol.Apply(Defaults())
	if s.Participating(policySHA) || !pol.Locks(KeyParticipation) || !pol.LocksConsent() {
		t.Fatalf("participation %v, locked %v", s.KSN.Participation, pol.Locks(KeyParticipation))
	}
	if s.KSN.Endpoint != DefaultEndpoint || s.KSN.Window != WindowInfo {
		t.Fatalf("the untrusted policy was honoured: %+v", s.KSN)
	}
}

// The messages name the path that is wrong and its mode as it is; a
// directory that may be shared is never to be chmod-ed.
func TestPolicyStrictModesSaysWhich(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	shared := filepath.Join(base, "shared")
	path := writePolicy(t, shared, `{"window": "info"}`)
	if err := os.Chmod(shared, 0o777); err != nil {
		t.Fatal(err)
	}
	_, _, err := LoadPolicy([]string{t.TempDir(), shared}, policySHA)
	var p *Problem
	if !errors.As(err, &p) || !hasProblem(err, CodeStrictSharedDir) {
		t.Fatalf("%v; want %s", err, CodeStrictSharedDir)
	}
	if inner := errors.Unwrap(p).(*Problem); inner.Path != shared || inner.Got != "0777" {
		t.Fatalf("%+v; want %s, mode 0777", inner, shared)
	}
	if err := os.Chmod(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	own := filepath.Dir(path)
	if err := os.Chmod(own, 0o775); err != nil {
		t.Fatal(err)
	}
	_, _, err = LoadPolicy([]string{t.TempDir(), shared}, policySHA)
	if !hasProblem(err, CodeStrictDirMode) || !strings.Contains(err.Error(), `got="0775"`) {
		t.Fatalf("%v; want %s naming mode 0775", err, CodeStrictDirMode)
	}
	if err := os.Chmod(own, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o620); err != nil {
		t.Fatal(err)
	}
	_, _, err = LoadPolicy([]string{t.TempDir(), shared}, policySHA)
	if !hasProblem(err, CodeStrictFileMode) || !strings.Contains(err.Error(), `got="0620"`) {
		t.Fatalf("%v; want %s naming mode 0620", err, CodeStrictFileMode)
	}
}

// A root-owned sticky directory (as /tmp) and files of "nobody" (root's,
// as a user namespace shows them) are accepted.
func TestPolicyStrictModesAllowances(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		t.Skip("needs root to make root's and nobody's files")
	}
	sticky := filepath.Join(t.TempDir(), "sticky")
	if err := os.Mkdir(sticky, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(sticky, os.ModeSticky|0o777); err != nil {
		t.Fatal(err)
	}
	path := writePolicy(t, filepath.Join(sticky, "x"), `{"window": "statement"}`)
	if err := os.Chown(path, nobodyUID, nobodyUID); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(filepath.Dir(path), nobodyUID, nobodyUID); err != nil {
		t.Fatal(err)
	}
	pol, _, err := LoadPolicy([]string{filepath.Join(sticky, "x")}, policySHA)
	if err != nil || pol.KSN.Window != WindowStatement {
		t.Fatalf("%v %+v", err, pol)
	}
	if err := os.Chown(path, 4242, 4242); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadPolicy([]string{filepath.Join(sticky, "x")}, policySHA); !hasProblem(err, CodeStrictOwnerFile) {
		t.Fatalf("owned by uid 4242: %v", err)
	}
}

// Attack 7: a FIFO in the policy's place blocked ksn for good; a link to
// /dev/zero grew it to 1.3 GB. Each is refused at once, the system's
// locking participation off.
func TestPolicyNotRegularOrHugeRefusedAtOnce(t *testing.T) {
	t.Parallel()
	cases := map[string]func(path string) error{
		"fifo": func(path string) error { return syscall.Mkfifo(path, 0o644) },
		"zero": func(path string) error { return os.Symlink("/dev/zero", path) },
		"huge": func(path string) error { return sparse(path, 1<<30) },
	}
	for name, mk := range cases {
		system := t.TempDir()
		path := filepath.Join(system, "ksn", "policy.json")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := mk(path); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		pol, _, err := LoadPolicy([]string{system}, policySHA)
		if time.Since(start) > time.Second {
			t.Errorf("%s: took %v", name, time.Since(start))
		}
		if !hasProblem(err, CodePolicyLockedOff) || !strings.Contains(err.Error(), path) || !pol.Locks(KeyParticipation) {
			t.Errorf("%s: %v; want participation locked off, naming %s", name, err, path)
		}
	}
}

// sparse makes a sparse file of size bytes at path.
func sparse(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := f.Truncate(size); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// A policy that is a link is checked at its target and in the link's own
// directories: whoever can change those can point it elsewhere.
func TestPolicyStrictModesLinkDirectory(t *testing.T) {
	t.Parallel()
	target := writePolicy(t, t.TempDir(), `{"window": "statement"}`)
	system := t.TempDir()
	link := filepath.Join(system, "ksn", "policy.json")
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if pol, _, err := LoadPolicy([]string{system}, policySHA); err != nil || pol.KSN.Window != WindowStatement {
		t.Fatalf("a link to a trusted file: %v", err)
	}
	if err := os.Chmod(filepath.Dir(link), 0o777); err != nil {
		t.Fatal(err)
	}
	_, _, err := LoadPolicy([]string{system}, policySHA)
	if !hasProblem(err, CodePolicyLockedOff) || !strings.Contains(err.Error(), filepath.Dir(link)) {
		t.Fatalf("%v; want the link's directory named", err)
	}
}

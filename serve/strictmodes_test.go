package serve

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"ksn/say"
)

// Attack 2 (docs/serve.md, Security): an authorized_keys file others may write
// was used.
func TestServeAuthorizedKeysStrictModes(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	home := cfg.Home
	key := gossh.MarshalAuthorizedKey(newSigner(t).PublicKey())
	write := func(path string, mode os.FileMode) string {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, key, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write(filepath.Join(home, "good", "authorized_keys"), 0o600)
	loose := write(filepath.Join(home, "loose", "authorized_keys"), 0o666)
	inOpenDir := write(filepath.Join(home, "open", "authorized_keys"), 0o600)
	if err := os.Chmod(filepath.Dir(inOpenDir), 0o777); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(home, "good", "link")
	if err := os.Symlink(loose, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, file, wrong string }{
		{"file 0666", loose, loose},
		{"directory 0777", inOpenDir, filepath.Dir(inOpenDir)},
		{"symlink to a file 0666", link, loose},
	}
	if os.Getuid() == 0 {
		other := write(filepath.Join(home, "other", "authorized_keys"), 0o600)
		if err := os.Chown(other, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		otherDir := write(filepath.Join(home, "otherdir", "authorized_keys"), 0o600)
		if err := os.Chown(filepath.Dir(otherDir), 4242, 4242); err != nil {
			t.Fatal(err)
		}
		tests = append(tests,
			struct{ name, file, wrong string }{"file owned by another user", other, other},
			struct{ name, file, wrong string }{"directory owned by another user", otherDir, filepath.Dir(otherDir)})
	} else {
		t.Log("not root: the owner checks are not tested")
	}
	for _, tt := range tests {
		cfg.AuthorizedKeys = tt.file
		_, err := New(cfg, newLogger(io.Discard))
		if err == nil {
			t.Errorf("%s: the server started", tt.name)
			continue
		}
		msg := say.Voice{}.Err(err)
		if !strings.Contains(msg, tt.wrong+" ") && !strings.HasSuffix(msg, tt.wrong) {
			t.Errorf("%s: %v; want it to name %s", tt.name, err, tt.wrong)
		}
	}
	cfg.AuthorizedKeys = good
	if _, err := New(cfg, newLogger(io.Discard)); err != nil {
		t.Errorf("a file 0600 in directories 0700: %v", err)
	}
}

func TestServeAuthorizedKeysLoosenedLater(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	file := filepath.Join(e.store.Paths().ConfigDir, "authorized_keys")
	if err := os.Chmod(file, 0o666); err != nil {
		t.Fatal(err)
	}
	if c, err := e.dial("alice", gossh.PublicKeys(e.key)); err == nil {
		c.Close()
		t.Fatal("logged in with an authorized_keys file anyone may write")
	}
	if line := logLine(e.log.String(), "refused"); !strings.Contains(line, file) {
		t.Fatalf("the refusal does not name %s:\n%s", file, e.log.String())
	}
	if err := os.Chmod(file, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := e.dial("alice", gossh.PublicKeys(e.key))
	if err != nil {
		t.Fatalf("mode 0600 again: %v", err)
	}
	c.Close()
}

// Attack 10 (docs/serve.md "Security"): an authorized_keys file that is a FIFO,
// /dev/zero behind a link or larger than 1 MiB is refused at once, naming
// it.
func TestServeAuthorizedKeysNotRegularOrHuge(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	dir := filepath.Join(cfg.Home, filepath.Base(filepath.Dir(cfg.Paths.ConfigDir)), "keys")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge")
	if err := os.WriteFile(huge, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 1<<30); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{huge, fifo, zero} {
		cfg.AuthorizedKeys = file
		start := time.Now()
		_, err := New(cfg, newLogger(io.Discard))
		if took := time.Since(start); took > time.Second {
			t.Errorf("%s: took %v", file, took)
		}
		if err == nil || !strings.Contains(say.Voice{}.Err(err), file) {
			t.Errorf("%s: %v; want a refusal naming it", file, err)
		}
	}
}

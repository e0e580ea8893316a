package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/creack/pty"

	"ksn/statement"
)

// buildWithSystemDir builds ksn with its system policy directory moved to
// dir, as only a test build may (docs/policy.md).
func buildWithSystemDir(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ksn")
	cmd := exec.Command("go", "build", "-ldflags", "-X ksn/model.systemConfigDir="+dir, "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeSystemPolicy writes text as dir/ksn/policy.json, as root would:
// mode 0644 in a directory 0755.
func writeSystemPolicy(t *testing.T, dir, text string) string {
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

// ksnCmd is bin args with every XDG directory under home; env is added.
func ksnCmd(bin, home string, args []string, env ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"),
		"XDG_CONFIG_DIRS="+filepath.Join(home, "etc-xdg"),
		"XDG_STATE_HOME="+filepath.Join(home, "state"),
		"XDG_DATA_HOME="+filepath.Join(home, "data"),
		"XDG_CACHE_HOME="+filepath.Join(home, "cache"),
		"KSN_ENDPOINT=",
	)
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// exitCode is the exit code of a finished command, -1 if a signal killed it.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// Attack 7 (docs/serve.md "Security"): with {"participation": false} in the
// system's policy, XDG_CONFIG_DIRS=/nonexistent ksn enable
// --accept-statement succeeded; a policy of the user's own could not
// lift the lock either once the system's is always read.
func TestPolicySystemFileIsAlwaysRead(t *testing.T) {
	t.Parallel()
	sys := t.TempDir()
	sysPath := writeSystemPolicy(t, sys, `{"participation": false}`)
	bin := buildWithSystemDir(t, sys)
	home := t.TempDir()
	userPolicy := filepath.Join(home, "etc-xdg", "ksn", "policy.json")
	if err := os.MkdirAll(filepath.Dir(userPolicy), 0o700); err != nil {
		t.Fatal(err)
	}
	on := fmt.Sprintf(`{"participation": true, "statement": {"decision": "accepted", "version": "x", "sha256": %q, "decided_at": "2026-01-01T00:00:00Z"}}`, statement.SHA256())
	if err := os.WriteFile(userPolicy, []byte(on), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, dirs := range []string{"/nonexistent", filepath.Join(home, "etc-xdg"), ""} {
		var stderr bytes.Buffer
		cmd := ksnCmd(bin, home, []string{"enable", "--accept-statement"}, "XDG_CONFIG_DIRS="+dirs)
		cmd.Stderr = &stderr
		if code := exitCode(t, cmd.Run()); code != exitFailure || !strings.Contains(stderr.String(), sysPath) {
			t.Errorf("XDG_CONFIG_DIRS=%q: exit %d, %q; want 1 naming %s", dirs, code, stderr.String(), sysPath)
		}
		if _, err := os.Stat(filepath.Join(home, "state", "ksn", "consent.jsonl")); err == nil {
			t.Fatalf("XDG_CONFIG_DIRS=%q: consent recorded", dirs)
		}
	}
	out, err := ksnCmd(bin, home, []string{"status", "--json"}).Output()
	if err != nil || !strings.Contains(string(out), `"participation": false`) || !strings.Contains(string(out), `"participation": "`+sysPath+`"`) {
		t.Fatalf("status (%v):\n%s", err, out)
	}
}

// Attack 7: a FIFO in the system policy's place made `ksn status` block
// for more than ten minutes; a link to /dev/zero grew it to 1.3 GB. Now
// status ends at once, names the file and keeps participation off.
func TestPolicyFIFOStatusEndsAtOnce(t *testing.T) {
	t.Parallel()
	sys := t.TempDir()
	path := filepath.Join(sys, "ksn", "policy.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	bin := buildWithSystemDir(t, sys)
	for name, mk := range map[string]func() error{
		"fifo": func() error { return syscall.Mkfifo(path, 0o644) },
		"zero": func() error { return os.Symlink("/dev/zero", path) },
	} {
		if err := mk(); err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		// In XDG_CONFIG_DIRS too, where ksn read it before.
		cmd := ksnCmd(bin, t.TempDir(), []string{"status"}, "XDG_CONFIG_DIRS="+sys)
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		errc := make(chan error, 1)
		go func() { errc <- cmd.Wait() }()
		select {
		case <-errc:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("%s: ksn status blocked", name)
		}
		if !strings.Contains(stderr.String(), path) {
			t.Errorf("%s: stderr %q does not name %s", name, stderr.String(), path)
		}
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
}

// hangingService accepts connections and never answers; each accept is
// reported on the channel.
func hangingService(t *testing.T) (string, <-chan struct{}) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan struct{}, 16)
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				for _, c := range conns {
					_ = c.Close()
				}
				return
			}
			conns = append(conns, c)
			accepted <- struct{}{}
		}
	}()
	t.Cleanup(func() { _ = l.Close(); <-done })
	return "http://" + l.Addr().String(), accepted
}

// Signals (docs/commands.md): SIGINT, SIGTERM and SIGHUP were caught for
// the life of every command, so a command waiting on stdin or a check did
// not end. Each ends it within a second with 128+signo, and leaves no
// file half-written.
func TestSignalsEndCommands(t *testing.T) {
	t.Parallel()
	url, accepted := hangingService(t)
	sys := t.TempDir()
	writeSystemPolicy(t, sys, fmt.Sprintf(`{"participation": true, "endpoint": %q, "statement": {"decision": "accepted", "version": "x", "sha256": %q, "decided_at": "2026-01-01T00:00:00Z"}}`,
		url, statement.SHA256()))
	bin := buildWithSystemDir(t, sys)
	signals := []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}
	for _, sig := range signals {
		t.Run("license install - "+sig.String(), func(t *testing.T) {
			home := t.TempDir()
			// ksn catches signals from its first line on; one that comes
			// before (a loaded machine) kills it: again, waiting longer.
			for wait := 500 * time.Millisecond; ; wait *= 2 {
				r, w, err := os.Pipe()
				if err != nil {
					t.Fatal(err)
				}
				cmd := ksnCmd(bin, home, []string{"license", "install", "-"})
				cmd.Stdin = r
				if _, err := w.Write([]byte(`{"key": "ABCDE-FGHIJ`)); err != nil { // half a license, then nothing
					t.Fatal(err)
				}
				early := signalAndWait(t, cmd, sig, func() { time.Sleep(wait) })
				_, _ = r.Close(), w.Close()
				if !early {
					break
				}
				if wait > 8*time.Second {
					t.Fatalf("%s killed ksn every time", sig)
				}
			}
			if entries, _ := os.ReadDir(filepath.Join(home, "config", "ksn")); len(entries) != 0 {
				t.Errorf("files left: %v", entries)
			}
		})
	}
	for _, sig := range signals {
		// One at a time: each waits for its own connection to the service.
		home := t.TempDir()
		lic := filepath.Join(home, "config", "ksn", "license.json")
		if err := os.MkdirAll(filepath.Dir(lic), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(lic, []byte(`{"key": "ABCDE-FGHIJ-KLMNO-PQRST", "activated": true, "expires_at": "2099-01-01T00:00:00Z"}`), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := ksnCmd(bin, home, []string{"status", "--timeout", "1m"})
		_ = signalAndWait(t, cmd, sig, func() { // it checks: ksn has caught signals long since
			select {
			case <-accepted:
			case <-time.After(10 * time.Second):
				t.Fatal("ksn status never reached the service")
			}
		})
	}
}

// signalAndWait starts cmd, waits for ready, sends sig and checks that
// cmd ends with 128+signo within ten seconds (docs/commands.md: within a
// second; the margin is for loaded test machines). It reports whether sig
// killed cmd instead, as it does before ksn's first line has run.
func signalAndWait(t *testing.T, cmd *exec.Cmd, sig syscall.Signal, ready func()) (early bool) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	ready()
	start := time.Now()
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == sig {
			t.Logf("%v: %s came before ksn caught it", cmd.Args[1:], sig)
			return true
		}
		if code := exitCode(t, err); code != 128+int(sig) {
			t.Errorf("%v %s: exit %d, want %d", cmd.Args[1:], sig, code, 128+int(sig))
		}
		t.Logf("%v %s: ended in %v", cmd.Args[1:], sig, time.Since(start).Round(time.Millisecond))
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("%v: still running 10 s after %s", cmd.Args[1:], sig)
	}
	return false
}

// Signals: SIGTERM or SIGHUP to the TUI (which reads ctrl+c as a key)
// ends it within a second, with the terminal restored.
func TestSignalsEndTheTUI(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			term := ksnInTerm(t, t.TempDir(), 80, 24, nil, "KSN_ENDPOINT=http://127.0.0.1:9")
			term.see("[ Settings ]")
			start := time.Now()
			if err := term.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := term.waitExit(); code != 128+int(sig) {
				t.Errorf("exit %d, want %d", code, 128+int(sig))
			}
			t.Logf("%s: ended in %v", sig, time.Since(start).Round(time.Millisecond))
			if raw := term.raw(); !strings.Contains(raw, "\x1b[?1049l") {
				t.Errorf("the terminal was not restored (no alternate screen left): %q", raw[max(0, len(raw)-200):])
			}
		})
	}
}

// Signals: the accessible mode puts the terminal in raw mode for its own
// line editor; SIGTERM, SIGHUP or SIGINT ends it within a second, and the
// terminal is as a new one is, cooked, after.
func TestSignalsEndTheAccessibleMode(t *testing.T) {
	t.Parallel()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	cooked, err := term.GetState(ptmx.Fd())
	_ = ptmx.Close()
	_ = tty.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			tm := accessibleTerm(t, t.TempDir(), nil)
			tm.see("Enter a number between 1 and")
			if raw, err := term.GetState(tm.ptmx.Fd()); err != nil || reflect.DeepEqual(raw, cooked) {
				t.Fatalf("the session did not make the terminal raw (%v)", err)
			}
			if err := tm.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := tm.waitExit(); code != 128+int(sig) {
				t.Errorf("exit %d, want %d", code, 128+int(sig))
			}
			if after, err := term.GetState(tm.ptmx.Fd()); err != nil || !reflect.DeepEqual(after, cooked) {
				t.Errorf("the terminal was not restored (%v)", err)
			}
		})
	}
}

// Signals: `ksn serve` instead shuts down gracefully and exits 0 (docs/serve.md),
// on SIGHUP too.
func TestSignalsServeShutsDownGracefully(t *testing.T) {
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			keys := filepath.Join(home, "config", "ksn", "authorized_keys")
			if err := os.MkdirAll(filepath.Dir(keys), 0o700); err != nil {
				t.Fatal(err)
			}
			const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test\n"
			if err := os.WriteFile(keys, []byte(key), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := ksnCmd(exe, home, []string{"serve", "--listen", "127.0.0.1:0"}, "GORACE=atexit_sleep_ms=0")
			cmd.Args[0] = "ksn"
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			listening := make(chan string, 1)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			go func() {
				sc := bufio.NewScanner(stderr)
				for sc.Scan() {
					if _, rest, ok := strings.Cut(sc.Text(), " addr="); ok {
						listening <- strings.Fields(rest)[0]
						break
					}
				}
				for sc.Scan() {
				}
			}()
			var addr string
			select {
			case addr = <-listening:
			case <-time.After(10 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatal("ksn serve did not start")
			}
			awaitBanner(t, addr)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			errc := make(chan error, 1)
			go func() { errc <- cmd.Wait() }()
			select {
			case err := <-errc:
				if code := exitCode(t, err); code != exitOK {
					t.Errorf("exit %d after %s, want 0", code, sig)
				}
			case <-time.After(10 * time.Second):
				_ = cmd.Process.Kill()
				t.Fatalf("still serving 10 s after %s", sig)
			}
		})
	}
}

// awaitBanner waits until the SSH server at addr answers with its banner:
// it is serving, not only listening.
func awaitBanner(t *testing.T, addr string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "SSH-") {
		t.Fatalf("no SSH banner from %s: %q %v", addr, line, err)
	}
}

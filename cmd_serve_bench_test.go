package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"ksn/netcheck/ksntest"
)

// rawSession is an interactive SSH session whose output is only counted.
type rawSession struct {
	mu    sync.Mutex
	out   bytes.Buffer
	total int
	last  time.Time
	first chan struct{} // signalled on every read
	in    interface{ Write([]byte) (int, error) }
	c     *gossh.Client
}

// openRaw starts a 80×24 session as user on addr with key.
func openRaw(tb testing.TB, addr, user string, key gossh.Signer) *rawSession {
	tb.Helper()
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	s, err := c.NewSession()
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		tb.Fatal(err)
	}
	in, _ := s.StdinPipe()
	out, _ := s.StdoutPipe()
	r := &rawSession{in: in, c: c, first: make(chan struct{}, 1)}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				r.mu.Lock()
				r.out.Write(buf[:n])
				r.total += n
				r.last = time.Now()
				r.mu.Unlock()
				select {
				case r.first <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	if err := s.Shell(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return r
}

// waitFor waits until the output so far contains text.
func (r *rawSession) waitFor(tb testing.TB, text string) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		r.mu.Lock()
		ok := bytes.Contains(r.out.Bytes(), []byte(text))
		r.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	tb.Fatalf("no %q in the session's output", text)
}

// quiet waits until nothing has arrived for 200ms.
func (r *rawSession) quiet() {
	for {
		time.Sleep(50 * time.Millisecond)
		r.mu.Lock()
		idle := time.Since(r.last)
		r.mu.Unlock()
		if idle > 200*time.Millisecond {
			return
		}
	}
}

// press sends key and returns the bytes that came back and the time to
// the first of them.
func (r *rawSession) press(tb testing.TB, key string) (int, time.Duration) {
	tb.Helper()
	r.quiet()
	select {
	case <-r.first:
	default:
	}
	r.mu.Lock()
	before := r.total
	r.mu.Unlock()
	start := time.Now()
	if _, err := r.in.Write([]byte(key)); err != nil {
		tb.Fatal(err)
	}
	select {
	case <-r.first:
	case <-time.After(10 * time.Second):
		tb.Fatalf("no answer to %q", key)
	}
	latency := time.Since(start)
	r.quiet()
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.total - before, latency
}

// rss is the resident set size of process pid in KiB.
func rss(tb testing.TB, pid int) int {
	tb.Helper()
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		tb.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	tb.Fatal("no VmRSS")
	return 0
}

// BenchmarkSSHLoad starts the built `ksn serve`, opens 30 sessions and
// reports the server's memory per session, the bytes sent back for a focus
// move and for a one-line scroll, and the time from a keypress to the first
// byte back (median of 31).
func BenchmarkSSHLoad(b *testing.B) {
	bin := buildBinary(b, ".", "ksn")
	dir := b.TempDir()
	must(b, os.Chmod(dir, 0o700)) // authorized_keys is checked up to HOME
	cfg, state, data := filepath.Join(dir, "config"), filepath.Join(dir, "state"), filepath.Join(dir, "data")
	key := newSigner(b)
	must(b, os.MkdirAll(filepath.Join(cfg, "ksn"), 0o700))
	must(b, os.WriteFile(filepath.Join(cfg, "ksn", "authorized_keys"), gossh.MarshalAuthorizedKey(key.PublicKey()), 0o600))
	must(b, os.WriteFile(filepath.Join(cfg, "ksn", "license.json"), []byte(`{"key":"ABCDE-FGHIJ-KLMNO-PQRST","activated":true,"expires_at":"2099-01-01T00:00:00Z"}`), 0o600))
	must(b, os.WriteFile(filepath.Join(cfg, "ksn", "settings.json"), []byte(`{"schema":1,"ksn":{"window":"statement"}}`), 0o600))
	_, url := ksntest.NewTestServer(b, ksntest.Valid)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(b, err)
	addr := l.Addr().String()
	l.Close()
	// One key for all 30 sessions: let it hold them (the default is 8 a key).
	cmd := exec.Command(bin, "serve", "--listen", addr, "--endpoint", url, "--max-sessions-per-key", "32")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+cfg, "XDG_STATE_HOME="+state, "XDG_DATA_HOME="+data)
	var logs bytes.Buffer
	cmd.Stderr = &logs
	must(b, cmd.Start())
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for i := 0; ; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if i > 200 {
			b.Fatalf("server did not start: %s", logs.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	before := rss(b, cmd.Process.Pid)

	const sessions = 30
	var all []*rawSession
	for i := range sessions {
		s := openRaw(b, addr, "user"+strconv.Itoa(i), key)
		s.waitFor(b, "Settings")
		all = append(all, s)
	}
	for _, s := range all {
		s.quiet()
	}
	after := rss(b, cmd.Process.Pid)

	s := all[0]
	for _, k := range []string{"\r", "\r", "\r"} {
		s.press(b, k)
	}
	var focus, scroll []int
	var lat []time.Duration
	for range 16 { // an even number: "Accept" has the focus again
		n, d := s.press(b, "\t") // Accept ⇄ Decline
		focus, lat = append(focus, n), append(lat, d)
	}
	s.press(b, "\r")                   // "Accept" opens the Statement window, the text focused
	time.Sleep(300 * time.Millisecond) // the statement is rendered in the background
	s.quiet()
	for range 15 {
		n, d := s.press(b, "\x1b[B") // down: one line
		scroll, lat = append(scroll, n), append(lat, d)
	}
	b.ReportMetric(float64(after-before)/sessions, "KiB/session")
	b.ReportMetric(float64(medianInt(focus)), "B/focus-move")
	b.ReportMetric(float64(medianInt(scroll)), "B/scroll-line")
	b.ReportMetric(float64(median(lat).Microseconds())/1000, "ms/key-first-byte")
}

// medianInt is the median of xs.
func medianInt(xs []int) int {
	ds := make([]time.Duration, len(xs))
	for i, x := range xs {
		ds[i] = time.Duration(x)
	}
	return int(median(ds))
}

// newSigner makes an ed25519 signer.
func newSigner(tb testing.TB) gossh.Signer {
	tb.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	must(tb, err)
	s, err := gossh.NewSignerFromKey(priv)
	must(tb, err)
	return s
}

// must fails the benchmark on err.
func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// TestServeFlagsRefused checks the flags of the limits before login: a
// usage error (exit 2) before a file is read or a port opened.
func TestServeFlagsRefused(t *testing.T) {
	for _, tt := range []struct{ args, want string }{
		{"serve --max-startups 0", "ksn: --max-startups 0: %s"},
		{"serve --max-startups 10:30", "ksn: --max-startups 10:30: %s"},
		{"serve --max-startups 10:0:100", "ksn: --max-startups 10:0:100: %s"},
		{"serve --max-startups 10:30:5", "ksn: --max-startups 10:30:5: %s"},
		{"serve --max-startups ten", "ksn: --max-startups ten: %s"},
		{"serve --max-sessions-per-key 0", "ksn: --max-sessions-per-key 0: must be at least 1\n"},
		{"serve --login-grace 0s", "ksn: --login-grace 0s: must be more than zero\n"},
	} {
		if strings.Contains(tt.want, "%s") {
			tt.want = fmt.Sprintf(tt.want, "want start:rate:full (start at least 1, rate 1 to 100, full at least start) or one number\n")
		}
		var stdout, stderr bytes.Buffer
		code := execute(t.Context(), strings.Fields(tt.args), &stdout, &stderr)
		if code != 2 || stderr.String() != tt.want {
			t.Errorf("ksn %s: exit %d, stderr %q; want 2, %q", tt.args, code, stderr.String(), tt.want)
		}
	}
}

package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"github.com/charmbracelet/x/vt"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck/ksntest"
	"ksn/say"
	"ksn/statement"
)

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// sshEnv is a running `ksn serve` on 127.0.0.1 over temporary XDG
// directories, with one authorised key and one stranger's key.
type sshEnv struct {
	t        testing.TB
	addr     string
	store    *model.Store
	key      gossh.Signer
	stranger gossh.Signer
	log      *syncBuffer
	service  *ksntest.Service
	stop     context.CancelFunc
	done     chan error
	srv      *Server
}

// count is the number of sessions the server holds open.
func (e *sshEnv) count() int { return e.srv.count() }

// newSigner makes an ed25519 signer.
func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testConfig returns a Config whose files are all under a new temporary
// directory, laid out as under the XDG directories, with Home the test's
// temporary directories, where the checks of authorized_keys and the
// directories above it stop (/tmp is writable by all). It changes no
// process-wide state, so tests may be parallel.
func testConfig(t testing.TB) Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return Config{
		Paths: model.Paths{
			ConfigDir: filepath.Join(dir, "config", "ksn"),
			StateDir:  filepath.Join(dir, "state", "ksn"),
			DataDir:   filepath.Join(dir, "data", "ksn"),
		},
		PolicyDirs: []string{filepath.Join(dir, "etc")},
		Home:       filepath.Dir(dir),
	}
}

// newLogger logs to w as `ksn serve` does.
func newLogger(w io.Writer) *log.Logger {
	return log.NewWithOptions(w, log.Options{Formatter: log.LogfmtFormatter})
}

// startServe starts the server; adjust may change its config.
func startServe(t testing.TB, adjust func(*Config)) *sshEnv {
	t.Helper()
	cfg := testConfig(t)
	paths := cfg.Paths
	e := &sshEnv{t: t, store: model.NewStore(paths), key: newSigner(t), stranger: newSigner(t), log: &syncBuffer{}}
	if err := os.MkdirAll(paths.ConfigDir, 0o700); err != nil {
		t.Fatal(err)
	}
	auth := gossh.MarshalAuthorizedKey(e.key.PublicKey())
	if err := os.WriteFile(filepath.Join(paths.ConfigDir, "authorized_keys"), append([]byte("# ksn test\n"), auth...), 0o600); err != nil {
		t.Fatal(err)
	}
	lic := `{"key": "ABCDE-FGHIJ-KLMNO-PQRST", "activated": true, "expires_at": "2099-01-01T00:00:00Z"}`
	if err := os.WriteFile(paths.LicenseFile(), []byte(lic), 0o600); err != nil {
		t.Fatal(err)
	}
	svc, url := ksntest.NewTestServer(t, ksntest.Valid)
	e.service = svc
	cfg.IdleTimeout, cfg.MaxSessions, cfg.Timeout, cfg.UserAgent = time.Minute, 8, 5*time.Second, "ksn/test"
	cfg.Overrides = flow.Overrides{Endpoint: url, EndpointSource: flow.SourceFlag}
	if adjust != nil {
		adjust(&cfg)
	}
	srv, err := New(cfg, newLogger(e.log))
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	l, err := net.Listen("tcp", "127.0.0.1:0") // dials wait in its backlog for Serve
	if err != nil {
		t.Fatal(err)
	}
	e.addr = l.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	e.stop, e.done = cancel, make(chan error, 1)
	go func() { e.done <- srv.Serve(ctx, l) }()
	e.waitServing()
	t.Cleanup(func() { e.shutdown() })
	return e
}

// waitServing waits until the server completes a login, so that what
// Serve starts runs before a test counts goroutines.
func (e *sshEnv) waitServing() {
	e.t.Helper()
	c, err := e.dial("ready", gossh.PublicKeys(e.key))
	if err != nil {
		e.t.Fatalf("the server did not start: %v", err)
	}
	c.Close()
}

// shutdown stops the server and waits for it.
func (e *sshEnv) shutdown() error {
	e.stop()
	select {
	case err := <-e.done:
		e.done <- err
		return err
	case <-time.After(15 * time.Second):
		e.t.Fatal("server did not stop")
		return nil
	}
}

// dial connects with auth methods as user.
func (e *sshEnv) dial(user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         10 * time.Second,
	})
}

// sshTerm is one interactive session read through a terminal emulator.
type sshTerm struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	mu     sync.Mutex
	vt     *vt.Emulator
	ended  chan struct{}
}

// session logs in as user with the authorised key and opens a session;
// the connection is closed when the test ends.
func (e *sshEnv) session(user string) (*gossh.Client, *gossh.Session) {
	e.t.Helper()
	c, err := e.dial(user, gossh.PublicKeys(e.key))
	if err != nil {
		e.t.Fatalf("dial: %v", err)
	}
	e.t.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	if err != nil {
		e.t.Fatal(err)
	}
	return c, s
}

// open starts an interactive session with a PTY of w×h as user.
func (e *sshEnv) open(user string, w, h int) *sshTerm {
	e.t.Helper()
	return e.openWithEnv(user, w, h, nil)
}

// screen is the session's screen text.
func (tm *sshTerm) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.vt.String()
}

// see waits for text on the screen.
func (tm *sshTerm) see(text string) {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(tm.screen(), text) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %q; screen:\n%s", text, tm.screen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// keys types raw key sequences.
func (tm *sshTerm) keys(seqs ...string) {
	for _, s := range seqs {
		if _, err := tm.in.Write([]byte(s)); err != nil {
			tm.t.Fatalf("typing: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// turnOn goes from the main window to the Kaspersky Security Network
// window and accepts the statement: participation on.
func (tm *sshTerm) turnOn() {
	tm.t.Helper()
	tm.see("[ Settings ]")
	tm.keys(enter, enter, enter)
	tm.see("( ○ Off )")
	tm.keys(space)
	tm.see("I agree")
	tm.keys(tab, enter)
	tm.see("( ● On )")
}

// waitEnd waits for the session to end.
func (tm *sshTerm) waitEnd(what string) {
	tm.t.Helper()
	select {
	case <-tm.ended:
	case <-time.After(45 * time.Second): // generous: the tests run in parallel on 2 cores
		tm.t.Fatalf("session did not end (%s); screen:\n%s", what, tm.screen())
	}
}

// logLine is the last line of log holding text, "" if none does.
func logLine(log, text string) string {
	var line string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, text) {
			line = l
		}
	}
	return line
}

const (
	enter = "\r"
	space = " "
	tab   = "\t"
	esc   = "\x1b"
)

func TestServeAuthorisedKeyGetsMainWindow(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	tm := e.open("alice", 80, 24)
	tm.see("Kaspersky Free")
	tm.see("[ Settings ]")
	tm.keys("q")
	tm.waitEnd("q")
	if !strings.Contains(logLine(e.log.String(), "msg=connect"), gossh.FingerprintSHA256(e.key.PublicKey())) {
		t.Fatalf("login not logged with the fingerprint:\n%s", e.log.String())
	}
	deadline := time.Now().Add(10 * time.Second)
	for logLine(e.log.String(), "msg=disconnect") == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logLine(e.log.String(), "msg=disconnect"), "duration=") {
		t.Fatalf("logout not logged with the duration:\n%s", e.log.String())
	}
}

func TestServeRefusesOthers(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	// In this order: the key first, before the two attempts without one
	// earn the address its penalty and later connections are closed unheard.
	attempts := []struct {
		name string
		auth gossh.AuthMethod
	}{
		{"unknown key", gossh.PublicKeys(e.stranger)},
		{"password", gossh.Password("hunter2")},
		{"keyboard-interactive", gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return []string{"hunter2"}, nil
		})},
	}
	for _, a := range attempts {
		if c, err := e.dial("mallory", a.auth); err == nil {
			c.Close()
			t.Errorf("%s: logged in", a.name)
		}
	}
	if !strings.Contains(e.log.String(), gossh.FingerprintSHA256(e.stranger.PublicKey())) {
		t.Fatalf("refusal not logged with the fingerprint:\n%s", e.log.String())
	}
}

func TestServeWithoutPTY(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	_, s := e.session("alice")
	out, err := shellOutput(s) // ssh -T
	if !strings.Contains(string(out), "connect with a terminal (ssh -t)") || strings.Count(strings.TrimSpace(string(out)), "\n") != 0 {
		t.Fatalf("output %q", out)
	}
	var exit *gossh.ExitError
	if err == nil || !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("exit %v", err)
	}
}

func TestServeTwoSessionsShareTheSettings(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	a := e.open("alice", 80, 24)
	b := e.open("bob", 100, 30)
	for _, tm := range []*sshTerm{a, b} {
		tm.see("[ Settings ]")
		tm.keys(enter, enter, enter)
		tm.see("Participation in Kaspersky Security Network")
		tm.see("( ○ Off )")
	}
	a.keys(space)
	a.see("I agree")
	a.keys(tab, enter)
	a.see("( ● On )")
	b.see("( ● On )") // within a second, in practice; generous timeout here
	h, err := e.store.ConsentHistory()
	if err != nil || len(h) != 1 || h[0].Via != "ssh:alice" || h[0].Decision != model.ConsentAccepted {
		t.Fatalf("history %+v, %v", h, err)
	}
	b.see("Connected")
	// A change by another process (the CLI's store) shows in both.
	other := model.NewStore(e.store.Paths())
	if _, err := other.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
		n, c := s.Withdraw(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, time.Now(), "cli")
		*s = n
		return &c, nil
	}); err != nil {
		t.Fatal(err)
	}
	a.see("( ○ Off )")
	b.see("( ○ Off )")
}

func TestServeIdleTimeout(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.IdleTimeout = 700 * time.Millisecond })
	tm := e.open("alice", 80, 24)
	tm.see("[ Settings ]")
	tm.waitEnd("idle timeout")
	tm.see("had no input for 700\u00a0ms and has ended")
}

func TestServeReadsAuthorizedKeysAtEveryLogin(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	file := filepath.Join(e.store.Paths().ConfigDir, "authorized_keys")
	restricted := "from=\"10.9.9.9\" " + string(gossh.MarshalAuthorizedKey(e.stranger.PublicKey()))
	both := append(gossh.MarshalAuthorizedKey(e.key.PublicKey()), restricted...)
	if err := os.WriteFile(file, both, 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := e.dial("mallory", gossh.PublicKeys(e.stranger)); err == nil {
		c.Close()
		t.Fatal("a key with options (from=) got in")
	}
	if c, err := e.dial("alice", gossh.PublicKeys(e.key)); err != nil {
		t.Fatalf("the listed key: %v", err)
	} else {
		c.Close()
	}
	if err := os.WriteFile(file, []byte(restricted), 0o600); err != nil { // alice's key removed
		t.Fatal(err)
	}
	if c, err := e.dial("alice", gossh.PublicKeys(e.key)); err == nil {
		c.Close()
		t.Fatal("a key removed from authorized_keys still got in")
	}
}

func TestServeSessionLimit(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.MaxSessions = 1 })
	first := e.open("alice", 80, 24)
	first.see("[ Settings ]")
	second := e.open("bob", 80, 24)
	second.waitEnd("refused")
	if !strings.Contains(second.screen(), "too many sessions") {
		t.Fatalf("second session: %q", second.screen())
	}
	first.keys("q")
	first.waitEnd("q")
	first.client.Close() // as ssh does: the connection holds its slot until it closes
	waitUntil(t, "the first connection has let go of its slot", func() bool {
		e.srv.mu.Lock()
		defer e.srv.mu.Unlock()
		return e.srv.used == 0
	})
	third := e.open("carol", 80, 24)
	third.see("[ Settings ]")
}

func TestServeSurvivesAPanickingSession(t *testing.T) {
	t.Parallel()
	panicky := func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			if s.User() == "panic" {
				panic("boom")
			}
			next(s)
		}
	}
	e := startServe(t, func(c *Config) { c.Middleware = []wish.Middleware{panicky} })
	ok := e.open("alice", 80, 24)
	ok.see("[ Settings ]")
	bad := e.open("panic", 80, 24)
	bad.waitEnd("panic")
	bad.see("ksn: internal error; this session has ended.")
	ok.keys(enter)
	ok.see("Security settings")
	again := e.open("bob", 80, 24)
	again.see("[ Settings ]")
	if !strings.Contains(e.log.String(), "session panicked") {
		t.Fatalf("panic not logged:\n%s", e.log.String())
	}
}

func TestServeSessionClosedByTheClientEnds(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	tm := e.open("alice", 80, 24)
	tm.see("[ Settings ]")
	tm.sess.Close() // the session's channel, not the connection
	tm.waitEnd("closed")
	deadline := time.Now().Add(10 * time.Second)
	for e.count() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := e.count(); n != 0 {
		t.Fatalf("%d sessions still open with their channel closed", n)
	}
	if _, _, err := tm.client.SendRequest("keepalive@openssh.com", true, nil); err != nil {
		t.Fatalf("the connection ended too: %v", err)
	}
}

func TestServeShutdownTellsSessions(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	tm := e.open("alice", 80, 24)
	tm.see("[ Settings ]")
	if err := e.shutdown(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	tm.waitEnd("shutdown")
	tm.see("shutting down")
}

func TestServeRefusesToStartWithoutKeys(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	_, err := New(cfg, newLogger(io.Discard))
	if err == nil || !strings.Contains(say.Voice{}.Err(err), "authorized_keys") {
		t.Fatalf("err %v", err)
	}
	empty := filepath.Join(t.TempDir(), "keys")
	os.WriteFile(empty, []byte("# nobody\n"), 0o600)
	cfg.AuthorizedKeys = empty
	_, err = New(cfg, newLogger(io.Discard))
	if err == nil || !strings.Contains(say.Voice{}.Err(err), "no usable public key") {
		t.Fatalf("err %v", err)
	}
}

func TestServeHostKeyMadeOnceWithMode0600(t *testing.T) {
	t.Parallel()
	paths := testConfig(t).Paths
	first, made, err := loadOrMakeHostKey(paths.HostKeyFile())
	if err != nil || !made {
		t.Fatalf("made %v, %v", made, err)
	}
	info, err := os.Stat(paths.HostKeyFile())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", info.Mode(), err)
	}
	again, made, err := loadOrMakeHostKey(paths.HostKeyFile())
	if err != nil || made || !bytes.Equal(first, again) {
		t.Fatalf("not reused: made %v, %v", made, err)
	}
}

func TestServeLeavesNoGoroutinesBehind(t *testing.T) {
	// Not parallel: goleak counts every goroutine of the process, and
	// parallel tests run only after the serial ones.
	e := startServe(t, nil)
	baseline := goleak.IgnoreCurrent()
	var terms []*sshTerm
	for _, user := range []string{"alice", "bob", "carol"} {
		tm := e.open(user, 80, 24)
		tm.see("[ Settings ]")
		terms = append(terms, tm)
	}
	terms[0].keys("q")
	terms[0].waitEnd("q")
	terms[1].client.Close() // dropped abruptly
	terms[1].waitEnd("dropped")
	if err := e.shutdown(); err != nil {
		t.Fatal(err)
	}
	terms[2].waitEnd("shutdown")
	for _, tm := range terms {
		tm.client.Close()
	}
	goleak.VerifyNone(t, baseline, goleak.IgnoreAnyFunction("github.com/charmbracelet/x/vt.(*Emulator).Read"))
}

func TestServeDropsASilentClient(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.LoginGrace = 500 * time.Millisecond })
	conn, err := net.Dial("tcp", e.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 1024)
	for {
		if _, err := conn.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatal("a client that never logged in was not dropped")
			}
			return // closed by the server
		}
	}
}

func TestServeDisconnectsAfterTooManyTries(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	var signers []gossh.Signer
	for range 6 {
		signers = append(signers, newSigner(t))
	}
	signers = append(signers, e.key) // the right key comes too late
	c, err := e.dial("mallory", gossh.PublicKeys(signers...))
	if err == nil {
		c.Close()
		t.Fatal("logged in after 6 refused keys")
	}
	if n := strings.Count(e.log.String(), "refused key"); n > DefaultMaxAuthTries {
		t.Fatalf("%d keys tried on one connection, want at most %d", n, DefaultMaxAuthTries)
	}
}

func TestServeRateLimitsABurst(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.SessionRate, c.SessionBurst, c.MaxSessions = 0.5, 3, 100 })
	limited := 0
	for i := range 8 {
		c, err := e.dial("user"+strconv.Itoa(i), gossh.PublicKeys(e.key))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := c.NewSession()
		out, _ := shellOutput(s)
		if strings.Contains(string(out), "rate limit") {
			limited++
		}
		c.Close()
	}
	if limited < 4 {
		t.Fatalf("%d of 8 sessions in a burst were rate-limited, want at least 4", limited)
	}
}

func TestServeIdentityIsTheSigningKey(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	c, err := e.dial("alice", gossh.PublicKeys(e.stranger, e.key)) // the stranger's key is offered first
	if err != nil {
		t.Fatal(err)
	}
	s, _ := c.NewSession()
	_ = s.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
	_ = s.Shell()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(e.log.String(), "msg=connect") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	c.Close()
	login := logLine(e.log.String(), "msg=connect")
	if !strings.Contains(login, gossh.FingerprintSHA256(e.key.PublicKey())) || strings.Contains(login, gossh.FingerprintSHA256(e.stranger.PublicKey())) {
		t.Fatalf("login logged with the wrong key: %q", login)
	}
}

func TestServeHundredsOfSessionsLeaveNothingBehind(t *testing.T) {
	// Not parallel: goleak counts every goroutine of the process, and
	// parallel tests run only after the serial ones.
	e := startServe(t, func(c *Config) {
		c.SessionRate, c.SessionBurst, c.MaxSessions = 1000, 1000, 64
		c.MaxStartups, c.PerSourceMaxStartups = Startups{Start: 16, Rate: 100, Full: 16}, 16 // 8 log in at once from 127.0.0.1
	})
	baseline := goleak.IgnoreCurrent()
	fds := openFiles(t)
	const n = 200
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			c, err := e.dial("user"+strconv.Itoa(i), gossh.PublicKeys(e.key))
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			s, err := c.NewSession()
			if err != nil {
				t.Error(err)
				return
			}
			_ = s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{})
			out, _ := s.StdoutPipe()
			in, _ := s.StdinPipe()
			_ = s.Shell()
			buf := make([]byte, 4096)
			_, _ = out.Read(buf) // the first frame has begun
			_ = s.WindowChange(30+i%20, 100+i%40)
			if i%2 == 0 {
				return // dropped abruptly, right after a resize
			}
			_, _ = in.Write([]byte("q"))
			_, _ = io.Copy(io.Discard, out)
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(20 * time.Second)
	for e.count() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if left := e.count(); left != 0 {
		t.Fatalf("%d sessions still open", left)
	}
	goleak.VerifyNone(t, baseline)
	if after := openFiles(t); after > fds+2 {
		t.Fatalf("open files: %d before, %d after %d sessions", fds, after, n)
	}
	t.Logf("sessions=%d dropped=%d goroutines_leaked=0 open_files_before=%d after=%d", n, n/2, fds, openFiles(t))
}

// shellOutput opens the shell of s, without a PTY (ssh -T), and returns
// what it wrote, on stdout and stderr, until it ended.
func shellOutput(s *gossh.Session) ([]byte, error) {
	var out syncBuffer
	s.Stdout, s.Stderr = &out, &out
	if err := s.Shell(); err != nil {
		return nil, err
	}
	err := s.Wait()
	return []byte(out.String()), err
}

// openFiles counts this process's open file descriptors.
func openFiles(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(entries)
}

// TestServeShutdownRightAfterStart: a shutdown that comes before the SSH
// server's accept loop has taken the listener (a signal just after
// start) still ends Serve, and the listener is closed.
func TestServeShutdownRightAfterStart(t *testing.T) {
	t.Parallel()
	for i := range 20 {
		cfg := testConfig(t)
		if err := os.MkdirAll(cfg.Paths.ConfigDir, 0o700); err != nil {
			t.Fatal(err)
		}
		auth := gossh.MarshalAuthorizedKey(newSigner(t).PublicKey())
		if err := os.WriteFile(filepath.Join(cfg.Paths.ConfigDir, "authorized_keys"), auth, 0o600); err != nil {
			t.Fatal(err)
		}
		srv, err := New(cfg, newLogger(&syncBuffer{}))
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // before Serve: the accept loop may not have started
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ctx, l) }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run %d: Serve: %v", i, err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("run %d: Serve did not return after a shutdown right at its start", i)
		}
		if c, err := net.DialTimeout("tcp", l.Addr().String(), time.Second); err == nil {
			_ = c.Close()
			t.Errorf("run %d: the listener still accepts after Serve returned", i)
		}
	}
}

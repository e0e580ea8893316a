package serve

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"go.uber.org/goleak"
	gossh "golang.org/x/crypto/ssh"
)

// waitUntil polls cond for up to 20 seconds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Attack 3a (docs/serve.md, Security): window changes sent before the shell left
// a goroutine blocked in charm.land/ssh for good.
func TestServeWindowChangesBeforeShellLeaveNothing(t *testing.T) {
	// Not parallel: goleak counts every goroutine of the process, and
	// parallel tests run only after the serial ones.
	e := startServe(t, nil)
	baseline := goleak.IgnoreCurrent()
	const conns, perConn = 20, 10
	for range conns {
		c, err := e.dial("alice", gossh.PublicKeys(e.key))
		if err != nil {
			t.Fatal(err)
		}
		for range perConn {
			s, err := c.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
				t.Fatal(err)
			}
			_ = s.WindowChange(30, 100)
			_ = s.WindowChange(40, 120)
			s.Close()
		}
		c.Close()
	}
	waitUntil(t, "every connection has ended", func() bool { return e.srv.connections() == 0 })
	goleak.VerifyNone(t, baseline)

	// And a session that goes on to open its shell gets its window.
	c, err := e.dial("alice", gossh.PublicKeys(e.key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, _ := c.NewSession()
	_ = s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{})
	_ = s.WindowChange(30, 100)
	_ = s.WindowChange(40, 120)
	shell := make(chan error, 1)
	go func() { shell <- s.Shell() }()
	select {
	case err := <-shell:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the shell request was never answered")
	}
	waitUntil(t, "the session is admitted", func() bool { return e.count() == 1 })
}

// Attack 3b (docs/serve.md, Security): env requests were kept without limit.
func TestServeEnvIsBounded(t *testing.T) {
	t.Parallel()
	got := make(chan []string, 1)
	record := func(next ssh.Handler) ssh.Handler {
		return func(s ssh.Session) {
			got <- s.Environ()
			next(s)
		}
	}
	e := startServe(t, func(c *Config) { c.Middleware = []wish.Middleware{record} })
	_, s := e.session("alice")
	big := strings.Repeat("x", 30<<10)
	accepted := 0
	for _, kv := range [][2]string{{"TERM", "xterm-256color"}, {"COLORTERM", "truecolor"}, {"NO_COLOR", "1"}, {"LANG", "de_DE.UTF-8"}, {"ACCESSIBLE", "1"}} {
		if err := s.Setenv(kv[0], kv[1]); err != nil {
			t.Errorf("%s refused: %v", kv[0], err)
		} else {
			accepted++
		}
	}
	for i := range 600 {
		var name, value string
		switch i % 4 {
		case 0:
			name, value = fmt.Sprintf("LC_X%d", i), "C.UTF-8"
		case 1:
			name, value = fmt.Sprintf("LC_Y%d", i), big
		case 2:
			name, value = fmt.Sprintf("PATH%d", i), "/tmp"
		case 3:
			name, value = "LD_PRELOAD", "/tmp/evil.so"
		}
		if s.Setenv(name, value) == nil {
			accepted++
		}
	}
	if err := s.Setenv("LC_ESC", "\x1b[2J"); err == nil {
		accepted++
		t.Error("a value with a control character was kept")
	}
	_ = s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{})
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	var env []string
	select {
	case env = <-got:
	case <-time.After(15 * time.Second):
		t.Fatal("the session did not start")
	}
	if len(env) > 32 || accepted != len(env) {
		t.Errorf("%d env requests accepted, %d kept; want at most 32", accepted, len(env))
	}
	bad := 0
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if len(kv) > 257 || !(name == "TERM" || name == "COLORTERM" || name == "NO_COLOR" || name == "LANG" || name == "ACCESSIBLE" || strings.HasPrefix(name, "LC_")) {
			if bad++; bad <= 3 {
				t.Errorf("kept %.40q… (%d bytes)", kv, len(kv))
			}
		}
	}
}

func TestServeRefusesAgentForwarding(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	_, s := e.session("alice")
	ok, err := s.SendRequest("auth-agent-req@openssh.com", true, nil)
	if err != nil || ok {
		t.Fatalf("auth-agent-req answered %v, %v; want false", ok, err)
	}
}

func TestServeRefusesAllButATerminal(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	c, err := e.dial("alice", gossh.PublicKeys(e.key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	session := func() *gossh.Session {
		t.Helper()
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := session().Start("cat /etc/passwd"); err == nil {
		t.Error("exec accepted")
	}
	if err := session().RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem accepted")
	}
	for _, req := range []string{"x11-req", "auth-agent-req@openssh.com", "signal", "break", "xon-xoff"} {
		if ok, _ := session().SendRequest(req, true, nil); ok {
			t.Errorf("%s accepted", req)
		}
	}
	if conn, err := c.Dial("tcp", e.addr); err == nil { // ssh -L
		conn.Close()
		t.Error("a direct-tcpip channel (ssh -L, -D) was opened")
	}
	if l, err := c.Listen("tcp", "127.0.0.1:0"); err == nil { // ssh -R
		l.Close()
		t.Error("tcpip-forward (ssh -R) accepted")
	}
	for _, kind := range []string{"x11", "auth-agent@openssh.com", "direct-streamlocal@openssh.com"} {
		if ch, _, err := c.OpenChannel(kind, nil); err == nil {
			ch.Close()
			t.Errorf("a %s channel was opened", kind)
		}
	}
	// The connection still serves its terminal.
	s := session()
	if err := s.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
}

// TestWindowsAreBounded gives a session the largest window a client can
// claim: it gets at most maxWindowWidth × maxWindowHeight.
func TestWindowsAreBounded(t *testing.T) {
	t.Parallel()
	w := &windows{latest: make(chan ssh.Window, 1)}
	w.set(ssh.Window{Width: 1<<32 - 1, Height: 1<<32 - 1})
	if got := <-w.latest; got.Width != maxWindowWidth || got.Height != maxWindowHeight {
		t.Errorf("window %dx%d", got.Width, got.Height)
	}
	if got := bounded(ssh.Window{Width: 80, Height: 24}); got.Width != 80 || got.Height != 24 {
		t.Errorf("an ordinary window became %dx%d", got.Width, got.Height)
	}
}

package serve

import (
	"errors"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// dialFrom opens a TCP connection to addr from the loopback address src
// (all of 127.0.0.0/8 is this machine), as if from another client.
func dialFrom(t *testing.T, src, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 10 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial from %s: %v", src, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// inHandshake reports whether the server took c into its handshake (it
// sends its version line at once) rather than closing it at once.
func inHandshake(t *testing.T, c net.Conn) bool {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	defer c.SetReadDeadline(time.Time{})
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	if n > 0 {
		if !strings.HasPrefix(string(buf[:n]), "SSH-2.0-") {
			t.Fatalf("server said %q", buf[:n])
		}
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatal("the server neither answered nor closed the connection")
	}
	return false // EOF or reset: closed at once
}

// Attack 1 (docs/serve.md, Security): thousands of idle TCP connections held the
// server's memory and file descriptors for the whole handshake timeout and
// kept users out.
func TestServeFloodBeforeLogin(t *testing.T) {
	// Not parallel: it counts the goroutines and open files of the whole
	// process, and parallel tests run only after the serial ones.
	e := startServe(t, func(c *Config) { c.LoginGrace = 5 * time.Second })
	waitUntil(t, "the first login has ended", func() bool { return e.srv.connections() == 0 })
	goroutines, fds := runtime.NumGoroutine(), openFiles(t)
	const n = 300 // from 100 addresses, 3 from each
	conns := make([]net.Conn, 0, n)
	start := time.Now()
	for i := range n {
		conns = append(conns, dialFrom(t, fmt.Sprintf("127.0.1.%d", 1+i%100), e.addr))
	}
	held := 0
	for _, c := range conns {
		if inHandshake(t, c) {
			held++
		} else {
			c.Close()
		}
	}
	limit, _ := ParseStartups(DefaultMaxStartups)
	if time.Since(start) < 4*time.Second && held > limit.Full {
		t.Errorf("%d of %d idle connections held in handshake at once, want at most %d", held, n, limit.Full)
	}
	// What the flood costs while it lasts: the held connections only. The
	// files counted are the server's: this process also holds the client
	// ends of the held connections.
	g, f := runtime.NumGoroutine()-goroutines, openFiles(t)-fds-held
	t.Logf("flood of %d: %d held, %d closed at once; server: goroutines +%d, open files +%d", n, held, n-held, g, f)
	if g > 6*held+20 || f > held+10 {
		t.Errorf("during the flood: %d more goroutines, %d more open files", g, f)
	}
	// A valid user gets in: at once, or once the login grace drops the flood.
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := e.dial("alice", gossh.PublicKeys(e.key))
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the valid user could not log in during the flood: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if lines := strings.Count(e.log.String(), "\n"); lines > 40 {
		t.Errorf("a flood of %d connections wrote %d log lines", n, lines)
	}
}

func TestServeMaxStartupsPerSource(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.LoginGrace = 5 * time.Second })
	held := 0
	for range 12 {
		if inHandshake(t, dialFrom(t, "127.0.0.2", e.addr)) {
			held++
		}
	}
	if held != DefaultPerSourceMaxStartups {
		t.Errorf("%d connections from one address held in handshake, want %d", held, DefaultPerSourceMaxStartups)
	}
	if !inHandshake(t, dialFrom(t, "127.0.0.3", e.addr)) {
		t.Error("another address was held back too")
	}
}

// Attack 4 (docs/serve.md, Security): an authenticated connection that opens no
// session (ssh -N) was neither logged nor counted, and keepalives kept it
// open.
func TestServeConnectionWithoutSessionIsLoggedAndEnds(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.IdleTimeout = 700 * time.Millisecond })
	c, err := e.dial("alice", gossh.PublicKeys(e.key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	login := logLine(e.log.String(), "msg=login")
	for _, want := range []string{"user=alice", gossh.FingerprintSHA256(e.key.PublicKey()), "127.0.0.1:"} {
		if !strings.Contains(login, want) {
			t.Errorf("login line %q lacks %q", login, want)
		}
	}
	ended := make(chan struct{})
	go func() { _ = c.Wait(); close(ended) }()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case <-ended:
			if line := logLine(e.log.String(), "no session"); line == "" {
				t.Errorf("the end is not logged:\n%s", e.log.String())
			}
			return
		case <-tick.C:
			_, _, _ = c.SendRequest("keepalive@openssh.com", true, nil)
		case <-timeout:
			t.Fatal("a connection with no session, sending keepalives, was not closed after the idle timeout")
		}
	}
}

func TestServeConnectionCountsTowardMaxSessions(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.MaxSessions = 1 })
	idle, err := e.dial("alice", gossh.PublicKeys(e.key)) // ssh -N
	if err != nil {
		t.Fatal(err)
	}
	second := e.open("bob", 80, 24)
	second.waitEnd("refused")
	if !strings.Contains(second.screen(), "too many sessions") {
		t.Fatalf("second session: %q", second.screen())
	}
	idle.Close()
	waitUntil(t, "the connection without a session has let go of its slot", func() bool {
		e.srv.mu.Lock()
		defer e.srv.mu.Unlock()
		return e.srv.used == 0
	})
	third := e.open("carol", 80, 24)
	third.see("[ Settings ]")
}

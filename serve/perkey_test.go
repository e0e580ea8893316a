package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Attack 11 (docs/serve.md "Security"): one key held all 32 session slots with
// connections that opened no session, so every other key was told "too
// many sessions" for up to the idle timeout. Now one key holds at most
// --max-sessions-per-key (8) sessions and connections together; the next
// is told so and logged, and another key still gets in.
func TestServeMaxSessionsPerKey(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.MaxSessions = DefaultMaxSessions })
	other := newSigner(t)
	keys := filepath.Join(e.store.Paths().ConfigDir, "authorized_keys")
	f, err := os.OpenFile(keys, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write(gossh.MarshalAuthorizedKey(other.PublicKey()))
	f.Close()
	for i := range DefaultMaxSessionsPerKey + 4 { // sessionless, as ssh -N
		c, err := e.dial("alice", gossh.PublicKeys(e.key))
		if err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
		t.Cleanup(func() { c.Close() })
	}
	_, s := e.session("alice")
	out, _ := shellOutput(s)
	if !strings.Contains(string(out), "too many sessions with this key (8 at most)") {
		t.Errorf("a session past the key's limit was told %q", out)
	}
	if logLine(e.log.String(), "refused session: too many with this key") == "" {
		t.Error("the refusal was not logged")
	}
	c, err := e.dial("bob", gossh.PublicKeys(other))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s2, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	_ = s2.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{})
	_ = s2.Shell()
	waitUntil(t, "another key's session is admitted", func() bool { return e.count() == 1 })
}

// Attack 11 (docs/serve.md "Security"): a client that stopped reading (its SSH
// window full, the server's writes blocked) was never ended by
// --idle-timeout, even typing all the while. Now it counts as idle.
func TestServeClientThatStopsReadingIsIdle(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.IdleTimeout = 2 * time.Second })
	_, s := e.session("alice")
	if err := s.RequestPty("xterm-256color", 100, 300, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	_, _ = s.StdoutPipe() // never read
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the session is admitted", func() bool { return e.count() == 1 })
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		_ = s.Wait()
	}()
	// To the Statement window, whose pages fill the client's SSH window
	// (2 MiB) as they are turned.
	for _, k := range []string{enter, enter, enter, space} {
		_, _ = in.Write([]byte(k))
		time.Sleep(300 * time.Millisecond)
	}
	deadline := time.Now().Add(120 * time.Second) // generous
	for i := 0; ; i++ {
		select {
		case <-ended:
			if logLine(e.log.String(), "session ended: the client stopped reading") == "" {
				t.Errorf("the end was not logged:\n%s", e.log.String())
			}
			return
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("a client that stopped reading was not ended")
		}
		// Turns pages: only the reading stops, not the typing.
		page := "\x1b[6~"
		if i%2 == 1 {
			page = "\x1b[5~"
		}
		_, _ = in.Write([]byte(page))
		time.Sleep(2 * time.Millisecond)
	}
}

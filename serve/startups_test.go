package serve

import (
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func TestParseStartups(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Startups{
		"10:30:100": {Start: 10, Rate: 30, Full: 100},
		"10":        {Start: 10, Rate: 100, Full: 10},
		"1:100:1":   {Start: 1, Rate: 100, Full: 1},
		"5:1:6":     {Start: 5, Rate: 1, Full: 6},
	} {
		got, err := ParseStartups(in)
		if err != nil || got != want {
			t.Errorf("ParseStartups(%q) = %+v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "0", "-1", "10:30", "10:0:100", "10:101:100", "10:30:9", "a:b:c", "10:30:100:1", " 10"} {
		if got, err := ParseStartups(in); err == nil {
			t.Errorf("ParseStartups(%q) = %+v, want an error", in, got)
		}
	}
	if s := (Startups{Start: 10, Rate: 30, Full: 100}).String(); s != DefaultMaxStartups {
		t.Errorf("String() = %q", s)
	}
}

// TestStartupsDropAtRandom: from start on, a new connection is dropped
// with rate% rising linearly to 100% at full (OpenSSH's MaxStartups).
func TestStartupsDropAtRandom(t *testing.T) {
	t.Parallel()
	st, _ := ParseStartups(DefaultMaxStartups)
	for n, want := range map[int]int{0: 0, 9: 0, 10: 30, 55: 65, 99: 99, 100: 100, 500: 100} {
		if got := st.dropPercent(n); got != want {
			t.Errorf("%d logging in: drop %d%%, want %d%%", n, got, want)
		}
	}
	// And enter drops about that many: 30% at start.
	s := newStartups(st, 1<<20)
	for i := range st.Start {
		s.conns[&conn{source: fmt.Sprint(i)}] = struct{}{}
	}
	const tries = 4000
	dropped := 0
	for i := range tries {
		c := &conn{source: fmt.Sprint("new", i)}
		if s.enter(c) != "" {
			dropped++
			continue
		}
		s.leave(c)
	}
	if p := dropped * 100 / tries; p < 24 || p > 36 {
		t.Errorf("%d%% dropped at start, want about 30%%", p)
	}
}

func TestPenalties(t *testing.T) {
	t.Parallel()
	p := newPenalties()
	now := time.Unix(1e9, 0)
	refused := func(src string, at time.Time) bool { r, _ := p.refused(src, at); return r }
	p.add("192.0.2.1", penaltyNoAuth, now)
	if refused("192.0.2.1", now) {
		t.Error("one connection without login (10 s) refused its address: less than penalty_min")
	}
	p.add("192.0.2.1", penaltyNoAuth, now)
	if !refused("192.0.2.1", now.Add(19*time.Second)) {
		t.Error("two connections without login (20 s) did not refuse their address")
	}
	if refused("192.0.2.1", now.Add(21*time.Second)) {
		t.Error("still refused once served")
	}
	for range 3 {
		p.add("192.0.2.2", penaltyAuthFail, now)
	}
	if !refused("192.0.2.2", now.Add(14*time.Second)) {
		t.Error("three failed logins at once (15 s) did not refuse their address")
	}
	for range 1000 {
		p.add("192.0.2.3", penaltyNoAuth, now)
	}
	if _, until := p.refused("192.0.2.3", now); until.Sub(now) != penaltyMax {
		t.Errorf("penalty adds up to %v, want at most %v", until.Sub(now), penaltyMax)
	}
	p.add("2001:db8:1:2::1", penaltyNoAuth, now)
	p.add("2001:db8:1:2::ffff", penaltyNoAuth, now)
	if !refused("2001:db8:1:2:3::", now) || refused("2001:db8:1:3::1", now) {
		t.Error("IPv6 addresses not counted by their /64")
	}
	if refused("192.0.2.9", now) {
		t.Error("an address without penalty refused")
	}
}

// hold keeps a connection from src to addr open without a word, opening
// another each time the server closes it, until ctx ends.
func hold(ctx context.Context, wg *sync.WaitGroup, src, addr string) {
	defer wg.Done()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 5 * time.Second}
	for ctx.Err() == nil {
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		stop := context.AfterFunc(ctx, func() { c.Close() })
		_, _ = io.Copy(io.Discard, c) // until the server closes it
		stop()
		c.Close()
	}
}

// Attack 1 (docs/serve.md "Security"): ten idle TCP connections from
// 127.0.0.2–5, each opened again as soon as the login grace closed it,
// kept every legitimate login out, without a credential. Now the
// addresses that hold connections without logging in are penalised, and
// past --max-startups' start new connections are dropped at random, not
// all: a legitimate client gets in at least half the time.
func TestServeHeldStartupsDoNotKeepUsersOut(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.LoginGrace = time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	for i := range 10 {
		wg.Add(1)
		go hold(ctx, &wg, fmt.Sprintf("127.0.0.%d", 2+i%4), e.addr)
	}
	time.Sleep(1500 * time.Millisecond) // the attack holds every slot, and renews them
	const tries = 20
	in := 0
	for range tries {
		c, err := e.dial("alice", gossh.PublicKeys(e.key))
		if err == nil {
			in++
			c.Close()
		}
		time.Sleep(200 * time.Millisecond)
	}
	if in < tries/2 {
		t.Errorf("the legitimate client got in %d times of %d under the attack, want at least half", in, tries)
	}
	t.Logf("the legitimate client got in %d times of %d", in, tries)
}

// A client refused its key four times has its address refused at once
// (5 s each, more than 15 s in all); a client that logs in after trying another
// key first is not penalised, however often it does.
func TestServePenalisesFailedLogins(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	dialAs := func(src string, keys ...gossh.Signer) error {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 10 * time.Second}
		nc, err := d.Dial("tcp", e.addr)
		if err != nil {
			return err
		}
		cc, chans, reqs, err := gossh.NewClientConn(nc, e.addr, &gossh.ClientConfig{
			User: "alice", Auth: []gossh.AuthMethod{gossh.PublicKeys(keys...)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
		})
		if err != nil {
			nc.Close()
			return err
		}
		gossh.NewClient(cc, chans, reqs).Close()
		return nil
	}
	for i := range 5 {
		if err := dialAs("127.0.0.7", e.stranger, e.key); err != nil {
			t.Fatalf("login %d after trying another key first: %v", i+1, err)
		}
	}
	for range 4 {
		if err := dialAs("127.0.0.6", e.stranger); err == nil {
			t.Fatal("the stranger got in")
		}
	}
	waitUntil(t, "the failed logins have ended", func() bool { return e.srv.connections() == 0 })
	if inHandshake(t, dialFrom(t, "127.0.0.6", e.addr)) {
		t.Error("an address refused four times was let in again at once")
	}
	if err := dialAs("127.0.0.1", e.key); err != nil {
		t.Errorf("another address was penalised too: %v", err)
	}
	waitUntil(t, "the penalty is logged", func() bool {
		return logLine(e.log.String(), "refused connection: address penalised") != ""
	})
}

package serve

import (
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"ksn/safe"
)

// A connection goes through three stages, each bounded as OpenSSH bounds
// it (docs/serve.md):
//
//   - accepted by listener unless its address is penalised (penalty.go),
//     as MaxStartups allows (at random from its start on, startups.go), and
//     while fewer than PerSourceMaxStartups from its address are logging
//     in; others are closed at once;
//   - logging in for at most LoginGrace (ssh.Server.HandshakeTimeout);
//   - logged in (loggedIn, once its key has signed): logged, holding one of
//     MaxSessions whether or not it opens a session, and closed after
//     IdleTimeout without a session, keepalives or not.
//
// charm.land/ssh has no hook for the end of a login, so it is learnt from
// x/crypto's ServerConfig.VerifiedPublicKeyCallback (serverConfig), which
// finds its conn through the connection's ssh.Context (connStarted).

// connKey is the key of a connection's *conn in its ssh.Context.
type connKey struct{}

// conn is one TCP connection that listener let in, from accept to close.
type conn struct {
	net.Conn
	srv    *Server
	source string    // the client's IP address
	ended  sync.Once // connEnded
	gone   bool      // closed; guarded by srv.mu
	// keyRefused is set once a key it offered was refused (authorize).
	keyRefused atomic.Bool
	// channels are its session channels open (channel.go); guarded by srv.mu.
	channels int
}

// Close closes the connection and, the first time, lets go of what it
// held: its place among those logging in, its login and its slot.
func (c *conn) Close() error {
	err := c.Conn.Close()
	c.ended.Do(func() { c.srv.connEnded(c) })
	return err
}

// listener hands the SSH server only the connections startups lets in; it
// closes the others at once, before a goroutine is started or a byte is
// sent for them.
type listener struct {
	net.Listener
	srv *Server
}

// Accept returns the next connection let in.
func (l listener) Accept() (net.Conn, error) {
	for {
		nc, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		c := &conn{Conn: nc, srv: l.srv, source: sourceOf(nc.RemoteAddr())}
		if penalised, until := l.srv.penalty.refused(c.source, time.Now()); penalised {
			_ = nc.Close()
			l.srv.quiet.Warn("refused connection: address penalised (connections that did not log in)", "remote", nc.RemoteAddr().String(), "until", until.UTC().Format(time.RFC3339))
			continue
		}
		why := l.srv.startups.enter(c)
		if why == "" {
			return c, nil
		}
		_ = nc.Close()
		l.srv.quiet.Warn("refused connection: "+why, "remote", nc.RemoteAddr().String())
	}
}

// sourceOf is the IP address of a, its whole string if it has no port.
func sourceOf(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// connStarted is the ssh.Server's ConnCallback: it puts the connection's
// *conn into its context, for serverConfig and admit.
func (srv *Server) connStarted(ctx ssh.Context, nc net.Conn) net.Conn {
	if c, ok := nc.(*conn); ok {
		ctx.SetValue(connKey{}, c)
	}
	return nc
}

// connOf is the *conn of a connection's context; nil if it has none.
func connOf(ctx ssh.Context) *conn {
	c, _ := ctx.Value(connKey{}).(*conn)
	return c
}

// login is a logged-in connection. Guarded by Server.mu.
type login struct {
	user, key, remote string
	start             time.Time
	// held is how many of MaxSessions it holds: max(1, sessions) once it
	// has had one, 0 if there was none left when it logged in.
	held     int
	sessions int         // admitted sessions running
	idle     *time.Timer // ends it while it has no session
	idleSeq  int         // which arming of idle is current
}

// errShuttingDown refuses a login while the server shuts down.
var errShuttingDown = errors.New("ksn serve: shutting down")

// loggedIn counts c as logged in with key: it leaves the connections
// logging in, takes one of MaxSessions if one is left, is logged, and will
// be closed if it has no session for IdleTimeout (for LoginGrace if it got
// no slot: its sessions are refused).
func (srv *Server) loggedIn(c *conn, m gossh.ConnMetadata, key gossh.PublicKey) error {
	srv.startups.leave(c)
	l := &login{user: safe.Text(m.User()), key: fingerprint(key), remote: m.RemoteAddr().String(), start: time.Now()}
	srv.mu.Lock()
	if srv.closing || c.gone {
		srv.mu.Unlock()
		return errShuttingDown
	}
	if srv.used < srv.cfg.MaxSessions && srv.byKey[l.key] < srv.cfg.MaxSessionsPerKey {
		l.held = 1
		srv.used++
		srv.byKey[l.key]++
	}
	srv.logins[c] = l
	idle := srv.cfg.IdleTimeout
	if l.held == 0 {
		idle = min(idle, srv.cfg.LoginGrace)
	}
	srv.armIdle(c, l, idle)
	srv.mu.Unlock()
	kv := []any{"user", l.user, "remote", l.remote, "key", l.key, "client", clip(string(m.ClientVersion()))}
	if l.held == 0 {
		kv = append(kv, "max_sessions_reached", srv.cfg.MaxSessions, "max_sessions_per_key", srv.cfg.MaxSessionsPerKey)
	}
	srv.log.Info("login", kv...)
	return nil
}

// connEnded lets go of what c held, and logs the end of a login; a
// connection that never logged in earns its address a penalty.
func (srv *Server) connEnded(c *conn) {
	srv.startups.leave(c)
	srv.mu.Lock()
	c.gone = true
	l := srv.logins[c]
	if l != nil {
		delete(srv.logins, c)
		srv.hold(l, -l.held)
		l.idleSeq++
		if l.idle != nil {
			l.idle.Stop()
		}
	}
	closing := srv.closing
	srv.mu.Unlock()
	if l == nil && !closing {
		srv.penalise(c)
	}
	if l != nil {
		srv.log.Info("logout", "user", l.user, "remote", l.remote, "key", l.key, "duration", time.Since(l.start).Round(time.Millisecond))
	}
}

// armIdle closes c after d unless a session starts first. srv.mu is held.
func (srv *Server) armIdle(c *conn, l *login, d time.Duration) {
	l.idleSeq++
	seq := l.idleSeq
	if l.idle != nil {
		l.idle.Stop()
	}
	l.idle = time.AfterFunc(d, func() { srv.idleEnd(c, seq, d) })
}

// idleEnd closes c, which has had no session for d, unless a session
// started since it was armed (seq).
func (srv *Server) idleEnd(c *conn, seq int, d time.Duration) {
	srv.mu.Lock()
	l := srv.logins[c]
	stale := l == nil || l.idleSeq != seq || l.sessions > 0
	srv.mu.Unlock()
	if stale {
		return
	}
	srv.log.Info("closed a connection with no session", "user", l.user, "remote", l.remote, "key", l.key, "after", d)
	_ = c.Close()
}

// slotRefusal is why a session got no slot.
type slotRefusal int

const (
	// slotTaken: the session got its slot.
	slotTaken slotRefusal = iota
	// refusedMaxSessions: MaxSessions are in use (or the connection has
	// closed).
	refusedMaxSessions
	// refusedPerKey: the key holds MaxSessionsPerKey already.
	refusedPerKey
)

// takeSlot counts a new session of c, if MaxSessions and
// MaxSessionsPerKey allow it: a connection's first session uses the slot
// the connection holds, each further one takes one more. srv.mu is held.
func (srv *Server) takeSlot(c *conn) slotRefusal {
	l := srv.logins[c]
	if l == nil {
		return refusedMaxSessions
	}
	more := max(1, l.sessions+1) - l.held
	switch {
	case srv.used+more > srv.cfg.MaxSessions:
		return refusedMaxSessions
	case srv.byKey[l.key]+more > srv.cfg.MaxSessionsPerKey:
		return refusedPerKey
	}
	srv.hold(l, more)
	l.sessions++
	l.idleSeq++ // no idle end while a session runs
	if l.idle != nil {
		l.idle.Stop()
	}
	return slotTaken
}

// hold counts n more slots (fewer if n < 0) as held by l, in all and
// for its key. srv.mu is held.
func (srv *Server) hold(l *login, n int) {
	l.held += n
	srv.used += n
	if srv.byKey[l.key] += n; srv.byKey[l.key] <= 0 {
		delete(srv.byKey, l.key)
	}
}

// giveSlot counts the end of a session of c; with none left, c ends after
// IdleTimeout unless another starts. srv.mu is held.
func (srv *Server) giveSlot(c *conn) {
	l := srv.logins[c]
	if l == nil {
		return // c has closed and let go of all it held
	}
	l.sessions--
	srv.hold(l, max(1, l.sessions)-l.held)
	if l.sessions == 0 {
		srv.armIdle(c, l, srv.cfg.IdleTimeout)
	}
}

// connections is how many connections are logging in or logged in.
func (srv *Server) connections() int {
	srv.mu.Lock()
	n := len(srv.logins)
	srv.mu.Unlock()
	return n + srv.startups.len()
}

// idleConns are the connections logging in and those logged in without a
// session, for shutdown to close.
func (srv *Server) idleConns() []*conn {
	cs := srv.startups.all()
	srv.mu.Lock()
	defer srv.mu.Unlock()
	for c, l := range srv.logins {
		if l.sessions == 0 {
			cs = append(cs, c)
		}
	}
	return cs
}

// penalise gives the address of c, which ended without logging in, its
// penalty (penalty.go): less if it was refused a key than if it never
// tried one.
func (srv *Server) penalise(c *conn) {
	d := penaltyNoAuth
	if c.keyRefused.Load() {
		d = penaltyAuthFail
	}
	srv.penalty.add(c.source, d, time.Now())
}

package serve

import (
	"sort"
	"strconv"
	"strings"
	"sync"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"ksn/safe"
)

// Limits on what a session may set in its environment (docs/serve.md).
const (
	// maxEnv is how many env requests a session may have kept.
	maxEnv = 32
	// maxEnvBytes bounds one variable, name and value together.
	maxEnvBytes = 256
)

// sessionChannel handles "session" channels, the only kind served: it is
// charm.land/ssh's DefaultSessionHandler, handed a channel whose requests
// go through filterRequests first. charm.land/ssh has no hook for a
// session's requests: it answers auth-agent-req with true (session.go,
// handleRequests, case agentRequestType) and keeps every env request
// (case "env": sess.env = append(…)), without limit.
//
// A connection may have at most maxChannels session channels open at once
// (OpenSSH's MaxSessions); more are rejected and logged. Each one buffers
// at most its SSH window of data sent to it before its shell reads it.
func (srv *Server) sessionChannel(s *ssh.Server, c *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	cn := connOf(ctx)
	if cn == nil || !srv.openChannel(cn) {
		srv.quiet.Warn("refused session channel: too many on one connection", "user", safe.Text(c.User()), "remote", c.RemoteAddr().String(), "max", maxChannels)
		_ = nc.Reject(gossh.ResourceShortage, "too many sessions on this connection")
		return
	}
	defer srv.closeChannel(cn)
	ssh.DefaultSessionHandler(s, c, filteredChannel{NewChannel: nc, srv: srv, user: c.User()}, ctx)
}

// maxChannels is how many session channels one connection may have open
// at once (OpenSSH's MaxSessions, docs/serve.md).
const maxChannels = 10

// openChannel counts a new session channel of c; false if c has
// maxChannels open already.
func (srv *Server) openChannel(c *conn) bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if c.channels >= maxChannels {
		return false
	}
	c.channels++
	return true
}

// closeChannel counts the end of a session channel of c.
func (srv *Server) closeChannel(c *conn) {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	c.channels--
}

// filteredChannel is a new session channel whose Accept filters the
// channel's requests.
type filteredChannel struct {
	gossh.NewChannel
	srv  *Server
	user string
}

// Accept accepts the channel; its requests come through filterRequests.
func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := f.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	out := make(chan *gossh.Request)
	go f.srv.filterRequests(f.user, in, out)
	return ch, out, nil
}

// filterRequests passes on pty-req, window-change, shell and the env
// requests keepEnv keeps, and answers every other request false: exec,
// subsystem (sftp), auth-agent-req, x11-req, signal, break… It logs once,
// when the channel closes, what it refused.
func (srv *Server) filterRequests(user string, in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	env, refused := 0, map[string]int{}
	for req := range in {
		ok := false
		switch req.Type {
		case "pty-req", "window-change", "shell":
			ok = true
		case "env":
			if ok = env < maxEnv && keepEnv(req.Payload); ok {
				env++
			}
		}
		if ok {
			out <- req
			continue
		}
		_ = req.Reply(false, nil)
		if _, seen := refused[req.Type]; seen || len(refused) < 8 {
			refused[req.Type]++
		}
	}
	if len(refused) > 0 {
		kinds := make([]string, 0, len(refused))
		for k, n := range refused {
			kinds = append(kinds, clip(k)+"×"+strconv.Itoa(n))
		}
		sort.Strings(kinds)
		srv.log.Info("refused session requests", "user", safe.Text(user), "requests", strings.Join(kinds, " "))
	}
}

// keepEnv reports whether an env request may be kept: TERM, COLORTERM,
// NO_COLOR, LANG, LC_* or ACCESSIBLE, at most maxEnvBytes, its value free
// of controls.
func keepEnv(payload []byte) bool {
	var kv struct{ Name, Value string }
	if gossh.Unmarshal(payload, &kv) != nil {
		return false
	}
	return len(kv.Name)+len(kv.Value) <= maxEnvBytes && envAllowed(kv.Name) && safe.Clean(kv.Value)
}

// envAllowed reports whether a variable may be set by the client.
func envAllowed(name string) bool {
	switch name {
	case "TERM", "COLORTERM", "NO_COLOR", "LANG", "ACCESSIBLE":
		return true
	}
	rest, ok := strings.CutPrefix(name, "LC_")
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// emulatePty is charm.land/ssh's own PTY handler (the one it uses when
// Server.PtyHandler is nil), taken from its EmulatePty option: it sets an
// unexported context key that no other code can set.
func emulatePty() ssh.PtyHandler {
	var s ssh.Server
	_ = ssh.EmulatePty()(&s)
	return s.PtyHandler
}

// ptyHandler is charm.land/ssh's PTY handler, which also reads the
// session's window changes from the moment its PTY is granted.
//
// charm.land/ssh (session.go, (*session).handleRequests) makes a window
// channel with room for one, puts the pty-req's window in it, and sends
// every window-change into it from the request loop; with the emulated PTY
// nothing reads it until a handler does. A second window before the shell
// (or any after a handler that does not read it, e.g. a refused session)
// blocked the request loop for good, and with it the session's goroutine
// and all it holds. Reading the channel here, until it closes with the
// session's requests, ends that.
func (srv *Server) ptyHandler(emulate ssh.PtyHandler) ssh.PtyHandler {
	return func(ctx ssh.Context, s ssh.Session, pty ssh.Pty) (func() error, error) {
		closer, err := emulate(ctx, s, pty)
		if err != nil {
			return closer, err
		}
		_, winch, _ := s.Pty()
		w := &windows{latest: make(chan ssh.Window, 1), gone: make(chan struct{})}
		srv.ptys.put(s, w)
		go func() {
			for win := range winch {
				w.set(win)
			}
			srv.ptys.drop(s)
			close(w.gone)
		}()
		return closer, nil
	}
}

// windows are a session's window changes, as its program takes them.
type windows struct {
	latest chan ssh.Window // the newest window not yet taken (room for one)
	gone   chan struct{}   // closed when the client has closed the session
}

// set makes win the newest window, in place of one not yet taken. Only
// ptyHandler's reader calls it, so it never waits.
func (w *windows) set(win ssh.Window) {
	win = bounded(win)
	for {
		select {
		case w.latest <- win:
			return
		default:
		}
		select {
		case <-w.latest:
		default:
		}
	}
}

// The largest window a session is given (docs/serve.md): a client
// may claim any size up to 2³²−1, and a screen's buffers grow with it (a
// 1000×500 session cost about 118 MB). The body is at most 100 columns
// wide, so a larger window shows nothing more.
const (
	maxWindowWidth  = 300
	maxWindowHeight = 100
)

// bounded is win within maxWindowWidth × maxWindowHeight.
func bounded(win ssh.Window) ssh.Window {
	win.Width = min(win.Width, maxWindowWidth)
	win.Height = min(win.Height, maxWindowHeight)
	return win
}

// ptys are the windows of every session that has a PTY, until its
// channel closes.
type ptys struct {
	mu sync.Mutex
	m  map[ssh.Session]*windows
}

func (p *ptys) put(s ssh.Session, w *windows) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[s] = w
}

func (p *ptys) drop(s ssh.Session) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, s)
}

// get is the windows of s; nil if s has no PTY.
func (p *ptys) get(s ssh.Session) *windows {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[s]
}

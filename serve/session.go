package serve

import (
	"context"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	bm "charm.land/wish/v2/bubbletea"

	"ksn/lang"
	"ksn/say"
	"ksn/ui"
)

// session is an admitted SSH session and the state of its settings window.
type session struct {
	ssh.Session
	ctx    context.Context // ends with the session: the App's background work
	cancel context.CancelFunc
	pty    ssh.Pty
	hasPty bool
	// windows are its window changes (channel.go); nil without a PTY.
	windows   *windows
	input     *pasteCut    // its input, pastes cut (input.go)
	lastInput atomic.Int64 // Unix nanoseconds of the last key or click
	// writing is when the write under way began (Unix nanoseconds), 0
	// if none is: a client that stops reading blocks it (idle.go).
	writing atomic.Int64
	idle    atomic.Bool // ended for want of input (idle.go)
	// quit ends the session's settings window (its program's Quit, or the
	// accessible mode's end); guarded by Server.mu; nil until it runs.
	quit func()
}

// newSession starts the state of s, whose window changes come through w.
func newSession(s ssh.Session, w *windows) *session {
	ctx, cancel := context.WithCancel(s.Context())
	sess := &session{Session: s, ctx: ctx, cancel: cancel, windows: w, input: newPasteCut(s)}
	// Once, before the program draws: ssh's Pty reads, without a lock, the
	// window size its request loop writes at every window change.
	sess.pty, _, sess.hasPty = s.Pty()
	sess.pty.Window = bounded(sess.pty.Window)
	sess.lastInput.Store(time.Now().UnixNano())
	return sess
}

// Pty is the session's PTY as it was when the session began, with its
// window changes coming through s.windows: the newest one not yet taken,
// and no channel that closes. ssh closes its own channel of window changes
// when the client closes the session, and wish's bubbletea middleware
// reads it without checking for that: it would send the program zero
// sizes in a loop until the connection ends.
func (s *session) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	if s.windows == nil {
		return s.pty, nil, s.hasPty
	}
	return s.pty, s.windows.latest, s.hasPty
}

// quitWhenClosed quits p, which no one can see any more, when the client
// closes the session.
func (s *session) quitWhenClosed(p *tea.Program) {
	if s.windows == nil {
		return
	}
	select {
	case <-s.ctx.Done():
	case <-s.windows.gone:
		p.Quit()
	}
}

// newProgram makes the session's own App and program, for wish's bubbletea
// middleware; nil once the server is shutting down (admit then says so). The
// program installs no signal handler and stamps the session's last input on
// every key and click.
func (srv *Server) newProgram(s ssh.Session) *tea.Program {
	sess := ours(s)
	if srv.shuttingDown() {
		return nil
	}
	o := srv.options(sess)
	o.Watch = srv.changes.subscribe
	app := ui.New(o)
	opts := append(bm.MakeOptions(s),
		tea.WithoutSignalHandler(),
		tea.WithFPS(maxFPS),
		// This filter replaces MakeOptions' one, so it also does what that
		// one does: no job control over SSH.
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch msg.(type) {
			case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg:
				sess.lastInput.Store(time.Now().UnixNano())
			case tea.SuspendMsg:
				return tea.ResumeMsg{}
			}
			return msg
		}),
	)
	p := tea.NewProgram(app, opts...)
	if !srv.running(sess, p.Quit) { // shutdown began while the App was being made
		return nil
	}
	go sess.quitWhenClosed(p)
	go srv.endWhenIdle(sess, p.Quit)
	return p
}

// running records quit as the way to end the session's settings window,
// for the shutdown; false, with the session's context ended, when the
// shutdown has begun already.
func (srv *Server) running(sess *session, quit func()) bool {
	srv.mu.Lock()
	closing := srv.closing
	if !closing {
		sess.quit = quit
	}
	srv.mu.Unlock()
	if closing {
		sess.cancel()
	}
	return !closing
}

// shuttingDown is whether Serve has begun to shut down.
func (srv *Server) shuttingDown() bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.closing
}

// options are what every front end of a session runs with: the server's
// shared store, checker and render cache, its overrides, timeout and
// policy directories, and the session's user (via "ssh:<user>", escaped)
// and key, language and context.
func (srv *Server) options(s *session) ui.Options {
	return ui.Options{
		Store:      srv.store,
		Checker:    srv.checker,
		Renders:    srv.renders,
		Overrides:  srv.cfg.Overrides,
		Timeout:    srv.cfg.Timeout,
		Via:        viaOf(s.User()),
		Key:        keyOf(s),
		Lang:       voice(s).Lang,
		Context:    s.ctx,
		Saves:      &srv.saves,
		PolicyDirs: srv.cfg.PolicyDirs,
	}
}

// ours is s as the session admit made of it; another one means a
// Config.Middleware handed on a session of its own, a bug.
func ours(s ssh.Session) *session {
	sess, ok := s.(*session)
	if !ok {
		panic("serve: a Config.Middleware handed on another session than it was given")
	}
	return sess
}

// voice is the language of s: the LANG/LC_* its client sent (docs/languages.md).
func voice(s ssh.Session) say.Voice {
	return say.In(lang.FromEnv(lang.EnvLookup(s.Environ())))
}

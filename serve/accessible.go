package serve

import (
	"time"

	"charm.land/ssh"

	"ksn/access"
	"ksn/lang"
)

// accessibleEnv is the variable a client sets (OpenSSH: SetEnv
// ACCESSIBLE=1) for the accessible mode; any value turns it on, as for
// huh's accessible forms.
const accessibleEnv = "ACCESSIBLE"

// accessible runs the accessible mode (docs/languages.md, package access) instead of
// the settings window for a session whose client sets ACCESSIBLE, with or
// without a PTY, in the language of the client's LANG/LC_*. Other
// sessions go on to the settings window.
func (srv *Server) accessible(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		env := lang.EnvLookup(s.Environ())
		if env(accessibleEnv) == "" {
			next(s)
			return
		}
		srv.runAccessible(ours(s))
	}
}

// runAccessible runs the accessible mode over s until the person quits,
// the client ends the input (ctrl+d, ctrl+c, or the session's end), the
// session is idle for IdleTimeout, or the server shuts down. With a PTY,
// which charm.land/ssh emulates (the client's terminal is raw and nothing
// between edits the line), the session echoes and edits what is typed
// itself (access.Options.Echo); without one (ssh -T), the client's own
// terminal does, and the lines are plain.
func (srv *Server) runAccessible(s *session) {
	a := access.New(access.Options{
		Options: srv.options(s),
		In:      typed{s},
		Out:     s,
		Echo:    s.hasPty,
		Width:   s.pty.Window.Width,
		Height:  s.pty.Window.Height,
	})
	if !srv.running(s, s.cancel) {
		return
	}
	go srv.endWhenIdle(s, s.cancel)
	_ = a.Run() // the client has gone if writing failed
	srv.tellIfIdle(s)
}

// typed is a session's input, which stamps the session's last input at
// every read, for the idle end.
type typed struct{ s *session }

// Read implements io.Reader.
func (t typed) Read(p []byte) (int, error) {
	n, err := t.s.Read(p)
	if n > 0 {
		t.s.lastInput.Store(time.Now().UnixNano())
	}
	return n, err
}

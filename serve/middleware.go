package serve

import (
	"time"

	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/ratelimiter"
	"charm.land/wish/v2/recover"
	"golang.org/x/time/rate"

	"ksn/safe"
)

// middleware is the session middleware, composed as soft-serve's
// pkg/ssh/ssh.go composes its own: wish's where it has what a session needs,
// ours where it does not. In each list the last one listed runs first, so a
// session goes through
//
//   - logSessions: each session's start and end, as wish's logging logs
//     them, with the key's fingerprint and what the client sent escaped;
//   - wish's rate limit per client address;
//   - wish's recover, so a panic ends its session only, and inside it
//   - tellPanic: the user is told of a panic;
//   - admit: past MaxSessions or while shutting down, one line and the end;
//   - Config.Middleware;
//   - accessible: a client that sets ACCESSIBLE gets the accessible mode
//     (package access), with or without a PTY, and goes no further;
//   - requirePTY: without a PTY, one line and the end;
//   - wish's bubbletea: the settings window, until it quits;
//   - tellIdle: why an idle session ended, once its terminal is restored.
//
// Unlike STYLE.md's sketch, the logging runs before the rate limit, so a
// session the rate limit refuses is logged too.
func (srv *Server) middleware() []wish.Middleware {
	guarded := []wish.Middleware{
		srv.tellIdle,
		bm.MiddlewareWithProgramHandler(srv.newProgram),
		srv.requirePTY,
		srv.accessible,
	}
	guarded = append(guarded, srv.cfg.Middleware...)
	guarded = append(guarded, srv.admit, srv.tellPanic)
	panics := srv.log.StandardLog(log.StandardLogOptions{ForceLevel: log.ErrorLevel})
	return []wish.Middleware{
		recover.MiddlewareWithLogger(panics, guarded...), // a panic ends its session only
		ratelimiter.Middleware(ratelimiter.NewRateLimiter(rate.Limit(srv.cfg.SessionRate), srv.cfg.SessionBurst, 4096)),
		srv.logSessions, // runs first
	}
}

// logSessions logs every session's start (user, remote address, key
// fingerprint, terminal and size) and end (duration), as wish's
// logging.StructuredMiddleware does, but with the key's fingerprint (wish
// logs only whether there was a key) and with what the client chose (its
// TERM) escaped and cut short: wish logs it as it came.
func (srv *Server) logSessions(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		start := time.Now()
		user, remote, key := safe.Text(s.User()), s.RemoteAddr().String(), fingerprint(s.PublicKey())
		pty, _, _ := s.Pty()
		srv.log.Info("connect", "user", user, "remote", remote, "key", key, "term", clip(pty.Term), "width", pty.Window.Width, "height", pty.Window.Height)
		defer func() {
			srv.log.Info("disconnect", "user", user, "remote", remote, "key", key, "duration", time.Since(start).Round(time.Millisecond))
		}()
		next(s)
	}
}

// tellPanic tells the user of a session whose handler panicked that the
// session ends, and ends it with exit status 1; it lets the panic go on to
// wish's recover, which logs it with its stack. wish's recover tells the
// user nothing, and the session would end with exit status 0.
func (srv *Server) tellPanic(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		returned := false
		defer func() {
			if !returned {
				srv.log.Error("session panicked", "user", s.User(), "key", fingerprint(s.PublicKey()))
				wish.Println(s, voice(s).T("serve.internal_error"))
				_ = s.Exit(1)
			}
		}()
		next(s)
		returned = true
	}
}

// requirePTY ends a session without a terminal with one line saying what to
// do, and logs it. wish's activeterm does the same with "Requires an active
// PTY", which names neither ksn nor the fix (ssh -t), and logs nothing.
func (srv *Server) requirePTY(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if _, _, ok := s.Pty(); !ok {
			srv.log.Info("refused session: no PTY", "user", s.User(), "key", fingerprint(s.PublicKey()))
			wish.Println(s, voice(s).T("serve.needs_terminal"))
			_ = s.Exit(1)
			return
		}
		next(s)
	}
}

package serve

import (
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
)

// endWhenIdle ends the session's settings window with quit once the
// session has had no key or click for IdleTimeout, and marks the session
// idle so that tellIdle says why once the terminal is restored. wish's idle timeout (WithIdleTimeout) drops the
// connection instead: the user's terminal is left as the program set it,
// with no word on why the session ended.
func (srv *Server) endWhenIdle(s *session, quit func()) {
	limit := srv.cfg.IdleTimeout
	t := time.NewTicker(max(min(limit/4, time.Second), time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		if time.Since(time.Unix(0, s.lastInput.Load())) >= limit {
			s.idle.Store(true)
			quit()
			return
		}
	}
}

// tellIdle runs after wish's bubbletea middleware has ended the program and
// restored the terminal: it tells a session ended by endWhenIdle why.
func (srv *Server) tellIdle(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if sess, ok := s.(*session); ok {
			srv.tellIfIdle(sess)
		}
		next(s)
	}
}

// tellIfIdle tells a session ended by endWhenIdle why, and logs it.
func (srv *Server) tellIfIdle(s *session) {
	if s.idle.Load() {
		srv.log.Info("idle session ended", "user", s.User(), "key", fingerprint(s.PublicKey()))
		wish.Println(s, voice(s).T("serve.idle", "Idle", srv.cfg.IdleTimeout))
	}
}

package serve

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
)

// endWhenIdle quits p once the session has had no key or click for
// IdleTimeout, and marks the session idle so that tellIdle says why once
// the terminal is restored. wish's idle timeout (WithIdleTimeout) drops the
// connection instead: the user's terminal is left as the program set it,
// with no word on why the session ended.
func (srv *Server) endWhenIdle(s *session, p *tea.Program) {
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
			p.Quit()
			return
		}
	}
}

// tellIdle runs after wish's bubbletea middleware has ended the program and
// restored the terminal: it tells a session ended by endWhenIdle why.
func (srv *Server) tellIdle(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if sess, ok := s.(*session); ok && sess.idle.Load() {
			srv.log.Info("idle session ended", "user", s.User(), "key", fingerprint(s.PublicKey()))
			wish.Printf(s, "ksn: this session had no input for %s and has ended.\n", srv.cfg.IdleTimeout)
		}
		next(s)
	}
}

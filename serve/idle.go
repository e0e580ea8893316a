package serve

import (
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"

	"ksn/safe"
)

// endWhenIdle ends the session's settings window with quit once the
// session has had no key or click for IdleTimeout, and marks the session
// idle so that tellIdle says why once the terminal is restored. A client
// that has not read what the session wrote for IdleTimeout (its window is
// full, the write blocks) is idle too: its channel is closed, since the
// window could not even draw its end. wish's idle timeout (WithIdleTimeout) drops the
// connection instead: the user's terminal is left as the program set it,
// with no word on why the session ended.
func (srv *Server) endWhenIdle(s *session, quit func()) {
	limit := srv.cfg.IdleTimeout
	t := time.NewTicker(max(min(limit/4, time.Second), time.Millisecond))
	defer t.Stop()
	quitting := false // it goes on watching the writes of a window ending
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		if w := s.writing.Load(); w != 0 && time.Since(time.Unix(0, w)) >= limit {
			srv.log.Info("session ended: the client stopped reading", "user", safe.Text(s.User()), "key", fingerprint(s.PublicKey()), "after", limit)
			_ = s.Session.Close() // first: the blocked write holds up quit
			quit()
			return
		}
		if !quitting && time.Since(time.Unix(0, s.lastInput.Load())) >= limit {
			s.idle.Store(true)
			go quit() // it waits while a write blocks; the program's end ends it
			quitting = true
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
		wish.Println(s, voice(s).T("serve.idle", "Idle", voice(s).Duration(srv.cfg.IdleTimeout)))
	}
}

// Write writes to the client, noting while it waits for the client to
// read (endWhenIdle).
func (s *session) Write(p []byte) (int, error) {
	s.writing.Store(time.Now().UnixNano())
	defer s.writing.Store(0)
	return s.Session.Write(p)
}

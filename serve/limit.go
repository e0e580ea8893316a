package serve

import (
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"

	"ksn/flow"
	"ksn/safe"
	"ksn/say"
)

// admit turns a session away, with one line saying why, when MaxSessions
// are in use (by sessions and by connections without one, conn.go), when
// its key holds MaxSessionsPerKey of them, or the server is shutting down: wish has no limit on sessions at once (its rate
// limit bounds how fast they come, not how many stay). An admitted session
// is counted until it ends, goes on as a *session, and is told when it
// ends because the server shuts down.
func (srv *Server) admit(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		c := connOf(s.Context())
		srv.mu.Lock()
		closing := srv.closing
		var sess *session
		why := refusedMaxSessions
		if !closing && c != nil {
			why = srv.takeSlot(c)
		}
		if !closing && why == slotTaken {
			sess = newSession(s, srv.ptys.get(s))
			srv.sessions[sess] = struct{}{}
		}
		srv.mu.Unlock()
		switch {
		case closing:
			wish.Println(s, voice(s).T("serve.shutting_down"))
			_ = s.Exit(1)
			return
		case why == refusedPerKey:
			srv.log.Warn("refused session: too many with this key", "user", safe.Text(s.User()), "key", fingerprint(s.PublicKey()), "max_per_key", srv.cfg.MaxSessionsPerKey)
			wish.Println(s, voice(s).T("serve.too_many_key", "Max", srv.cfg.MaxSessionsPerKey))
			_ = s.Exit(1)
			return
		case sess == nil:
			srv.log.Warn("refused session: too many", "user", safe.Text(s.User()), "key", fingerprint(s.PublicKey()), "max", srv.cfg.MaxSessions)
			wish.Println(s, voice(s).T("serve.too_many", "Max", srv.cfg.MaxSessions))
			_ = s.Exit(1)
			return
		}
		started := time.Now()
		wasOn := flow.ParticipatingNow(srv.store, srv.cfg.PolicyDirs)
		defer func() {
			// Each session is a process of docs/sent.md: spooled while participating.
			if err := flow.SpoolProcess(srv.store, srv.cfg.PolicyDirs, "session", wasOn, started, time.Now()); err != nil {
				srv.log.Warn("session not spooled for the participation report", "user", safe.Text(s.User()), "error", say.Voice{}.Err(err))
			}
			sess.cancel()
			srv.mu.Lock()
			delete(srv.sessions, sess)
			srv.giveSlot(c)
			closing := srv.closing
			srv.mu.Unlock()
			if closing {
				wish.Println(s, voice(s).T("serve.shut_down_saved"))
			}
		}()
		next(sess)
	}
}

// count is the number of open sessions.
func (srv *Server) count() int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return len(srv.sessions)
}

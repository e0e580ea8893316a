package serve

import (
	"context"
	"errors"
	"net"

	"charm.land/ssh"

	"ksn/model"
)

// Serve serves l until ctx ends, then shuts down: it tells every session,
// ends their settings windows, closes connections without one, waits for
// the sessions (up to a few seconds) and for every decision being written,
// so nothing is lost. wish's own Shutdown only closes the listener and
// waits for connections, which an open settings window never closes by
// itself. Serve closes l; call it once. Connections from l are let in as
// --max-startups allows (conn.go).
func (srv *Server) Serve(ctx context.Context, l net.Listener) error {
	watchCtx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	defer srv.quiet.stop()
	l = listener{Listener: l, srv: srv}
	srv.changes = newChangeHub(model.WatchAll(watchCtx, srv.store, srv.cfg.PolicyDirs))
	srv.log.Info("ksn serve listening", "addr", l.Addr().String(), "authorized_keys", srv.cfg.AuthorizedKeys, "host_key", srv.cfg.HostKey,
		"max_sessions", srv.cfg.MaxSessions, "max_startups", srv.cfg.MaxStartups, "login_grace", srv.cfg.LoginGrace, "idle_timeout", srv.cfg.IdleTimeout)
	errs := make(chan error, 1)
	go func() { errs <- srv.ssh.Serve(l) }()
	select {
	case err := <-errs:
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	return srv.shutdown(errs, l)
}

// shutdown tells every session the server is shutting down (admit writes
// the line once each has ended), quits their programs, closes connections
// without a session, stops the SSH server and waits for decisions being
// written. errs is the SSH server's result. l is closed first and the
// accept loop waited for, then the SSH server shut down: a shutdown right
// after start, before the accept loop had taken l, would otherwise leave it
// serving (and charm.land/ssh's Shutdown races a Serve that has not
// started).
func (srv *Server) shutdown(errs <-chan error, l net.Listener) error {
	srv.log.Info("shutting down", "sessions", srv.count())
	srv.mu.Lock()
	srv.closing = true
	var quits []func()
	for s := range srv.sessions {
		if s.quit != nil {
			quits = append(quits, s.quit)
		}
	}
	srv.mu.Unlock()
	for _, quit := range quits {
		go quit() // a program's Quit waits for its loop: never under the lock
	}
	for _, c := range srv.idleConns() {
		_ = c.Close()
	}
	_ = l.Close()
	<-errs // the accept loop has ended: "use of closed network connection"
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.ssh.Shutdown(grace)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.ssh.Close()
	}
	for _, c := range srv.idleConns() { // let in before the listener closed
		_ = c.Close()
	}
	srv.saves.Wait() // every decision being written is on disk before we exit
	srv.log.Info("stopped")
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

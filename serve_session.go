package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/ratelimiter"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"

	"ksn/model"
	"ksn/netcheck"
	"ksn/statement"
	"ksn/ui"
)

// sshServer serves one App per SSH session over one settings store.
type sshServer struct {
	cfg         serveConfig
	log         *slog.Logger
	keys        []gossh.PublicKey
	keysFile    string
	hostKeyFile string
	store       *model.Store
	checker     *netcheck.Checker
	renders     *statement.Cache
	changes     *changeHub
	ssh         *ssh.Server

	// wrap, when set (by tests), wraps the session handler inside the panic
	// guard.
	wrap func(ssh.Handler) ssh.Handler

	// ready is closed once run serves.
	ready chan struct{}

	mu       sync.Mutex
	sessions map[ssh.Session]*tea.Program
	closing  bool
}

// newSSHServer reads the keys and makes the server; it refuses to start
// without a readable, non-empty authorized_keys file.
func newSSHServer(c serveConfig, log *slog.Logger) (*sshServer, error) {
	paths := model.DefaultPaths()
	c.resolvePaths(paths)
	c = c.withDefaults()
	keys, err := loadAuthorizedKeys(c.authorizedKeys)
	if err != nil {
		return nil, err
	}
	pem, made, err := loadOrMakeHostKey(c.hostKey)
	if err != nil {
		return nil, err
	}
	if made {
		log.Info("made a new host key", "file", c.hostKey)
	}
	srv := &sshServer{
		cfg:         c,
		log:         log,
		keys:        keys,
		keysFile:    c.authorizedKeys,
		hostKeyFile: c.hostKey,
		store:       model.NewStore(paths),
		checker:     netcheck.New(netcheck.Options{UserAgent: "ksn/" + version}),
		renders:     statement.NewCache(),
		sessions:    map[ssh.Session]*tea.Program{},
		ready:       make(chan struct{}),
	}
	srv.ssh, err = wish.NewServer(srv.sshOptions(pem)...)
	if err != nil {
		return nil, err
	}
	return srv, nil
}

// authorize accepts a key listed in authorized_keys.
func (srv *sshServer) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	for _, k := range srv.keys {
		if ssh.KeysEqual(k, key) {
			return true
		}
	}
	srv.log.Warn("refused key", "user", ctx.User(), "remote", ctx.RemoteAddr().String(), "key", fingerprint(key))
	return false
}

// middleware lists the session middleware; the last one listed runs first.
func (srv *sshServer) middleware() []wish.Middleware {
	return []wish.Middleware{
		bubbletea.MiddlewareWithProgramHandler(srv.program),
		srv.requirePTY,
		srv.wrapped,
		srv.limitSessions,
		ratelimiter.Middleware(ratelimiter.NewRateLimiter(rate.Limit(srv.cfg.rate), srv.cfg.burst, 4096)),
		srv.recoverPanics,
		srv.logSessions,
	}
}

// wrapped applies srv.wrap, if any.
func (srv *sshServer) wrapped(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if srv.wrap == nil {
			next(s)
			return
		}
		srv.wrap(next)(s)
	}
}

// logSessions logs every session's start and end with the key's fingerprint.
func (srv *sshServer) logSessions(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		start := time.Now()
		srv.log.Info("login", "user", s.User(), "remote", s.RemoteAddr().String(), "key", fingerprint(s.PublicKey()))
		next(s)
		srv.log.Info("logout", "user", s.User(), "key", fingerprint(s.PublicKey()), "duration", time.Since(start).Round(time.Millisecond).String())
	}
}

// recoverPanics ends only the session whose handler panicked.
func (srv *sshServer) recoverPanics(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				srv.log.Error("session panicked", "user", s.User(), "key", fingerprint(s.PublicKey()), "panic", fmt.Sprint(r))
				wish.Println(s, "ksn: internal error; this session has ended.")
				_ = s.Exit(1)
			}
		}()
		next(s)
	}
}

// limitSessions turns sessions away past --max-sessions.
func (srv *sshServer) limitSessions(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		srv.mu.Lock()
		full := len(srv.sessions) >= srv.cfg.maxSessions
		closing := srv.closing
		if !full && !closing {
			srv.sessions[s] = nil // reserved until its program starts
		}
		srv.mu.Unlock()
		switch {
		case closing:
			wish.Println(s, "ksn: the server is shutting down.")
			_ = s.Exit(1)
			return
		case full:
			srv.log.Warn("refused session: too many", "user", s.User(), "key", fingerprint(s.PublicKey()), "max", srv.cfg.maxSessions)
			wish.Printf(s, "ksn: too many sessions (%d at most); try again later.\n", srv.cfg.maxSessions)
			_ = s.Exit(1)
			return
		}
		defer func() {
			srv.mu.Lock()
			delete(srv.sessions, s)
			closing := srv.closing
			srv.mu.Unlock()
			if closing {
				wish.Println(s, "ksn: the server is shutting down; your settings are saved.")
			}
		}()
		next(s)
	}
}

// requirePTY ends a session without a terminal with one line.
func (srv *sshServer) requirePTY(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		if _, _, ok := s.Pty(); !ok {
			srv.log.Info("refused session: no PTY", "user", s.User(), "key", fingerprint(s.PublicKey()))
			wish.Println(s, "ksn: this is an interactive app; connect with a terminal (ssh -t).")
			_ = s.Exit(1)
			return
		}
		next(s)
	}
}

// program makes the session's own App and program. The program installs no
// signal handler and ends with the session.
func (srv *sshServer) program(s ssh.Session) *tea.Program {
	app := ui.New(ui.Options{
		Store:    srv.store,
		Checker:  srv.checker,
		Renders:  srv.renders,
		Endpoint: srv.cfg.endpoint,
		Timeout:  srv.cfg.timeout,
		Via:      "ssh:" + s.User(),
		Context:  s.Context(),
		Watch:    srv.changes.subscribe,
	})
	opts := append([]tea.ProgramOption{
		tea.WithContext(s.Context()),
		tea.WithoutSignalHandler(),
		tea.WithFPS(maxFPS),
	}, bubbletea.MakeOptions(s)...)
	p := tea.NewProgram(app, opts...)
	srv.mu.Lock()
	srv.sessions[s] = p
	srv.mu.Unlock()
	return p
}

// run serves l until ctx ends, then tells every session, closes them and
// waits for them to end.
func (srv *sshServer) run(ctx context.Context, l net.Listener) error {
	watchCtx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	srv.changes = newChangeHub(ui.WatchAll(watchCtx, srv.store, model.DefaultPolicyDirs()))
	errs := make(chan error, 1)
	go func() { errs <- srv.ssh.Serve(l) }()
	close(srv.ready)
	select {
	case err := <-errs:
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	srv.log.Info("shutting down", "sessions", srv.count())
	srv.mu.Lock()
	srv.closing = true
	for _, p := range srv.sessions {
		if p != nil {
			p.Quit()
		}
	}
	srv.mu.Unlock()
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.ssh.Shutdown(grace)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.ssh.Close()
	}
	<-errs
	srv.log.Info("stopped")
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// count is the number of open sessions.
func (srv *sshServer) count() int {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return len(srv.sessions)
}

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/ratelimiter"
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
	keysFile    string
	hostKeyFile string
	store       *model.Store
	checker     *sharedChecker
	renders     *statement.Cache
	changes     *changeHub
	saves       sync.WaitGroup // decisions being written, by every session
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
	_, skipped, err := loadAuthorizedKeys(c.authorizedKeys)
	if err != nil {
		return nil, err
	}
	for _, fp := range skipped {
		log.Warn("key with options not used (ksn serve cannot honour them)", "file", c.authorizedKeys, "key", fp)
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
		keysFile:    c.authorizedKeys,
		hostKeyFile: c.hostKey,
		store:       model.NewStore(paths),
		checker:     newSharedChecker(netcheck.New(netcheck.Options{UserAgent: "ksn/" + version})),
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

// authorize accepts a key listed in authorized_keys, read again at every
// login as OpenSSH does, so a key removed from the file is refused at once.
func (srv *sshServer) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	keys, _, err := loadAuthorizedKeys(srv.keysFile)
	if err != nil {
		srv.log.Warn("refused key: no usable authorized keys", "user", ctx.User(), "key", fingerprint(key), "error", err.Error())
		return false
	}
	for _, k := range keys {
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
		srv.teaSession,
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

// teaSession runs the session's own App until the user quits, the session
// closes or it has had no input for --idle-timeout; an idle session is told
// why it ends, after its terminal is restored.
func (srv *sshServer) teaSession(next ssh.Handler) ssh.Handler {
	return func(s ssh.Session) {
		_, winch, _ := s.Pty() // requirePTY made sure there is one
		ctx, cancel := context.WithCancel(s.Context())
		defer cancel()
		var lastInput atomic.Int64
		lastInput.Store(time.Now().UnixNano())
		p := srv.program(s, ctx, &lastInput)
		go func() { // resizes; also drains the channel after an abrupt end
			for {
				select {
				case <-ctx.Done():
					return
				case w, ok := <-winch:
					if !ok {
						return
					}
					p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
				}
			}
		}()
		var idle atomic.Bool
		go func() {
			t := time.NewTicker(max(min(srv.cfg.idleTimeout/4, time.Second), time.Millisecond))
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
				if time.Since(time.Unix(0, lastInput.Load())) >= srv.cfg.idleTimeout {
					idle.Store(true)
					p.Quit()
					return
				}
			}
		}()
		if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && ctx.Err() == nil {
			srv.log.Warn("session ended with an error", "user", s.User(), "error", err.Error())
		}
		p.Kill()
		cancel()
		if idle.Load() {
			srv.log.Info("idle session ended", "user", s.User(), "key", fingerprint(s.PublicKey()))
			wish.Printf(s, "ksn: this session had no input for %s and has ended.\n", srv.cfg.idleTimeout)
		}
		next(s)
	}
}

// program makes the session's own App and program. The program installs no
// signal handler, ends with ctx, and stamps lastInput on every key and click.
func (srv *sshServer) program(s ssh.Session, ctx context.Context, lastInput *atomic.Int64) *tea.Program {
	app := ui.New(ui.Options{
		Store:     srv.store,
		Checker:   srv.checker,
		Renders:   srv.renders,
		Overrides: model.Overrides{Endpoint: srv.cfg.endpoint, EndpointSource: model.SourceFlag},
		Timeout:   srv.cfg.timeout,
		Via:       "ssh:" + s.User(),
		Context:   ctx,
		Watch:     srv.changes.subscribe,
		Saves:     &srv.saves,
	})
	opts := append(bubbletea.MakeOptions(s),
		tea.WithContext(ctx),
		tea.WithoutSignalHandler(),
		tea.WithFPS(maxFPS),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch msg.(type) {
			case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg:
				lastInput.Store(time.Now().UnixNano())
			case tea.SuspendMsg:
				return tea.ResumeMsg{} // no job control over SSH
			}
			return msg
		}),
	)
	p := tea.NewProgram(app, opts...)
	srv.mu.Lock()
	srv.sessions[s] = p
	closing := srv.closing
	srv.mu.Unlock()
	if closing { // shutdown began between the reservation and now
		go p.Quit()
	}
	return p
}

// run serves l until ctx ends, then tells every session, closes them and
// waits for them to end.
func (srv *sshServer) run(ctx context.Context, l net.Listener) error {
	watchCtx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	srv.changes = newChangeHub(model.WatchAll(watchCtx, srv.store, model.DefaultPolicyDirs()))
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
	var programs []*tea.Program
	for _, p := range srv.sessions {
		if p != nil {
			programs = append(programs, p)
		}
	}
	srv.mu.Unlock()
	for _, p := range programs {
		go p.Quit() // Quit waits for the program's loop: never under the lock
	}
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.ssh.Shutdown(grace)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.ssh.Close()
	}
	<-errs
	srv.saves.Wait() // every decision being written is on disk before we exit
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

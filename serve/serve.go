// Package serve is the SSH app server of `ksn serve` (docs/serve.md): it gives
// each SSH session its own settings window over the one settings store of
// the process.
//
// It is built from wish's middleware where wish has what a session needs
// (the Bubble Tea program, the panic guard, the rate limit) and keeps its
// own small pieces for what wish lacks: the shared connection check
// (checks.go), the change hub (hub.go), the session limit (limit.go), the
// idle end that tells the user why (idle.go) and the shutdown that tells
// sessions and waits for saves (shutdown.go). It is held to OpenSSH's
// standard (docs/serve.md) by more: the limits before and after login (conn.go),
// MaxStartups with its random early drop (startups.go), per-source
// penalties (penalty.go), the filter and limit of session channels
// (channel.go), bounded input (input.go), the algorithms offered
// (algorithms.go), StrictModes for authorized_keys (strictmodes_unix.go),
// consent recorded with the key that logged in (via.go) and a log that an
// attacker cannot flood (quietlog.go).
package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"sync"
	"time"
	"unicode/utf8"

	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/safe"
	"ksn/say"
	"ksn/statement"
)

// Defaults of `ksn serve` (docs/serve.md).
const (
	// DefaultListen is the address `ksn serve` listens on.
	DefaultListen = "127.0.0.1:23234"
	// DefaultIdleTimeout ends a session with no input this long, and a
	// connection with no session this long.
	DefaultIdleTimeout = 15 * time.Minute
	// DefaultMaxSessions is how many sessions may be open at once; a
	// connection with no session counts as one.
	DefaultMaxSessions = 32
	// DefaultMaxSessionsPerKey is how many sessions and connections one
	// key may hold at once, so that one key cannot fill DefaultMaxSessions.
	DefaultMaxSessionsPerKey = 8
	// DefaultLoginGrace drops a client that has not logged in by then
	// (OpenSSH's LoginGraceTime, shorter).
	DefaultLoginGrace = 10 * time.Second
	// DefaultPerSourceMaxStartups is how many connections from one address
	// may be logging in at once (OpenSSH's PerSourceMaxStartups).
	DefaultPerSourceMaxStartups = 3
	// DefaultMaxAuthTries ends a connection after this many refused keys.
	DefaultMaxAuthTries = 3
	// DefaultSessionRate is how many new sessions a second one client
	// address may open once its burst is spent.
	DefaultSessionRate = 8
	// DefaultSessionBurst is how many sessions one client address may open
	// at once: room for an administrator's 30 sessions, not for a flood.
	DefaultSessionBurst = 64
)

const (
	// shutdownGrace is how long a shutdown waits for sessions to end.
	shutdownGrace = 5 * time.Second
	// maxFPS is Bubble Tea's highest frame rate: a keypress is drawn
	// within about 8ms instead of 16ms.
	maxFPS = 120
)

// Config is what a Server runs with. A duration or count left at zero takes
// its default.
type Config struct {
	// AuthorizedKeys is the OpenSSH authorized_keys file of the keys let in;
	// "" is $XDG_CONFIG_HOME/ksn/authorized_keys.
	AuthorizedKeys string
	// HostKey is the server's own key, made on first start; "" is
	// $XDG_DATA_HOME/ksn/ssh_host_ed25519_key.
	HostKey string
	// Paths are the ksn directories (settings, license, consent record,
	// and the defaults above); zero for model.DefaultPaths().
	Paths model.Paths
	// PolicyDirs are where ksn/policy.json is looked for; nil for
	// model.DefaultPolicyDirs().
	PolicyDirs []string
	// Home is where the StrictModes check of AuthorizedKeys stops going
	// up; "" for the user's home directory.
	Home string
	// IdleTimeout ends a session with no key or mouse input this long,
	// and a connection with no session this long, keepalives or not.
	IdleTimeout time.Duration
	// MaxSessions is how many sessions may be open at once, a connection
	// with no session counting as one; later ones are told so.
	MaxSessions int
	// MaxSessionsPerKey is how many of MaxSessions one key may hold; its
	// later sessions are told so.
	MaxSessionsPerKey int
	// LoginGrace bounds the handshake and authentication of a connection.
	LoginGrace time.Duration
	// MaxStartups bounds the connections logging in at once (OpenSSH's
	// MaxStartups, start:rate:full), and PerSourceMaxStartups those from
	// one address; more are closed at once.
	MaxStartups          Startups
	PerSourceMaxStartups int

	// Overrides are --endpoint (or KSN_ENDPOINT), already validated; the
	// administrator's policy still wins (flow.Derive).
	Overrides flow.Overrides
	// Timeout bounds one connection check; zero for netcheck's default.
	Timeout time.Duration
	// UserAgent is sent with every connection check, e.g. "ksn/0.1.0".
	UserAgent string

	// MaxAuthTries ends a connection after this many refused keys.
	MaxAuthTries int
	// SessionRate (per second) and SessionBurst limit new sessions per
	// client address.
	SessionRate  float64
	SessionBurst int

	// Middleware is more session middleware, run inside the panic guard
	// after the session limit and before the terminal check and the
	// settings window; as in wish.WithMiddleware, the last one listed runs
	// first. Each must hand on the session it is given, not a wrapper.
	Middleware []wish.Middleware
}

// withDefaults fills in what c leaves at zero.
func (c Config) withDefaults() Config {
	if c.Paths == (model.Paths{}) {
		c.Paths = model.DefaultPaths()
	}
	if c.PolicyDirs == nil {
		c.PolicyDirs = model.DefaultPolicyDirs()
	}
	if c.AuthorizedKeys == "" {
		c.AuthorizedKeys = filepath.Join(c.Paths.ConfigDir, "authorized_keys")
	}
	if c.HostKey == "" {
		c.HostKey = c.Paths.HostKeyFile()
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.MaxSessions <= 0 {
		c.MaxSessions = DefaultMaxSessions
	}
	if c.MaxSessionsPerKey <= 0 {
		c.MaxSessionsPerKey = DefaultMaxSessionsPerKey
	}
	if c.LoginGrace <= 0 {
		c.LoginGrace = DefaultLoginGrace
	}
	if c.MaxStartups == (Startups{}) {
		c.MaxStartups, _ = ParseStartups(DefaultMaxStartups)
	}
	if c.PerSourceMaxStartups <= 0 {
		c.PerSourceMaxStartups = DefaultPerSourceMaxStartups
	}
	if c.MaxAuthTries <= 0 {
		c.MaxAuthTries = DefaultMaxAuthTries
	}
	if c.SessionRate <= 0 {
		c.SessionRate = DefaultSessionRate
	}
	if c.SessionBurst <= 0 {
		c.SessionBurst = DefaultSessionBurst
	}
	return c
}

// Server serves one settings window per SSH session over one settings
// store. Make it with New; Serve runs it.
type Server struct {
	cfg      Config
	log      *log.Logger
	quiet    *quietLog // what happens before login: rate-limited
	store    *model.Store
	checker  *sharedChecker
	renders  *statement.Cache
	changes  *changeHub     // set by Serve
	saves    sync.WaitGroup // decisions being written, by every session
	ssh      *ssh.Server
	startups *startups // connections logging in
	penalty  *penalties
	ptys     *ptys // window changes of every session with a PTY

	mu       sync.Mutex
	sessions map[*session]struct{} // admitted and not yet ended
	logins   map[*conn]*login      // authenticated connections not yet closed
	used     int                   // of MaxSessions, held by logins
	byKey    map[string]int        // of used, by key fingerprint
	closing  bool
}

// New reads the keys and makes the server; it refuses to start without a
// readable authorized_keys file holding at least one usable key, or with
// one that others may change (as OpenSSH's StrictModes), and makes the host
// key on first start. It logs to logger.
func New(cfg Config, logger *log.Logger) (*Server, error) {
	cfg = cfg.withDefaults()
	_, skipped, err := loadAuthorizedKeys(cfg.AuthorizedKeys, cfg.Home)
	if err != nil {
		return nil, err
	}
	for _, fp := range skipped {
		logger.Warn("key with options not used (ksn serve cannot honour them)", "file", cfg.AuthorizedKeys, "key", fp)
	}
	pem, made, err := loadOrMakeHostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	if made {
		logger.Info("made a new host key", "file", cfg.HostKey)
	}
	// The sessions share one check for the same question, and it is kept
	// once while participating (docs/fleets.md).
	store := model.NewStore(cfg.Paths)
	unrecorded := func(err error) {
		logger.Warn("request sent but not recorded in sent.jsonl", "error", say.Voice{}.Err(err))
	}
	srv := &Server{
		cfg:      cfg,
		log:      logger,
		quiet:    newQuietLog(logger),
		store:    store,
		checker:  newSharedChecker(flow.Keeping(store, cfg.PolicyDirs, netcheck.New(netcheck.Options{UserAgent: cfg.UserAgent, Record: flow.Recorder(store, unrecorded)}))),
		renders:  statement.NewCache(),
		startups: newStartups(cfg.MaxStartups, cfg.PerSourceMaxStartups),
		penalty:  newPenalties(),
		ptys:     &ptys{m: map[ssh.Session]*windows{}},
		sessions: map[*session]struct{}{},
		logins:   map[*conn]*login{},
		byKey:    map[string]int{},
	}
	srv.ssh, err = wish.NewServer(srv.sshOptions(pem)...)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	return srv, nil
}

// sshOptions are the server's wish options.
func (srv *Server) sshOptions(pem []byte) []ssh.Option {
	c := srv.cfg
	return []ssh.Option{
		wish.WithHostKeyPEM(pem),
		wish.WithPublicKeyAuth(srv.authorize),
		// Sessions and connections without one end themselves when idle
		// (idle.go, conn.go); this is the backstop.
		wish.WithIdleTimeout(c.IdleTimeout + time.Minute),
		func(s *ssh.Server) error {
			s.HandshakeTimeout = c.LoginGrace
			s.ServerConfigCallback = srv.serverConfig
			s.ConnCallback = srv.connStarted
			s.ConnectionFailedCallback = srv.loginFailed
			// Only session channels; no global requests (tcpip-forward,
			// ssh -R); no subsystems (sftp). Each is refused.
			s.ChannelHandlers = map[string]ssh.ChannelHandler{"session": srv.sessionChannel}
			s.RequestHandlers = map[string]ssh.RequestHandler{}
			s.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
			s.PtyHandler = srv.ptyHandler(emulatePty())
			return nil
		},
		wish.WithMiddleware(srv.middleware()...),
	}
}

// serverConfig is the SSH configuration of one connection: modern
// algorithms only (algorithms.go), MaxAuthTries, and the hook that counts a
// connection as logged in once its key has signed.
func (srv *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	return &gossh.ServerConfig{
		Config: gossh.Config{
			KeyExchanges: keyExchanges(),
			Ciphers:      ciphers(),
			MACs:         macs(),
		},
		PublicKeyAuthAlgorithms: publicKeyAlgorithms(),
		MaxAuthTries:            srv.cfg.MaxAuthTries,
		VerifiedPublicKeyCallback: func(m gossh.ConnMetadata, key gossh.PublicKey, perms *gossh.Permissions, _ string) (*gossh.Permissions, error) {
			c := connOf(ctx)
			if c == nil {
				return nil, errors.New("ksn serve: a connection that did not come through Serve")
			}
			if err := srv.loggedIn(c, m, key); err != nil {
				return nil, err
			}
			return perms, nil
		},
	}
}

// maxUserLen is the longest SSH user name let in, in bytes.
const maxUserLen = 64

// authorize accepts a key listed in authorized_keys, read again at every
// login as OpenSSH does, so a key removed from the file is refused at once
// (and every key, if the file or a directory above it has become writable
// by others). A user name with control or bidi characters, or longer than
// maxUserLen, is refused: it ends up in logs and in the consent history.
// What it logs goes through srv.quiet: an attacker sends it. A refused key
// marks the connection for a penalty, should it end without logging in
// (penalty.go).
func (srv *Server) authorize(ctx ssh.Context, key ssh.PublicKey) (ok bool) {
	user, remote := ctx.User(), ctx.RemoteAddr().String()
	if c := connOf(ctx); c != nil {
		defer func() {
			if !ok {
				c.keyRefused.Store(true)
			}
		}()
	}
	if len(user) > maxUserLen || !safe.Clean(user) {
		srv.quiet.Warn("refused user name: control characters or too long", "user", clip(user), "remote", remote, "key", fingerprint(key))
		return false
	}
	keys, _, err := loadAuthorizedKeys(srv.cfg.AuthorizedKeys, srv.cfg.Home)
	if err != nil {
		srv.quiet.Warn("refused key: no usable authorized keys", "user", user, "remote", remote, "key", fingerprint(key), "error", say.Voice{}.Err(err))
		return false
	}
	for _, k := range keys {
		if ssh.KeysEqual(k, key) {
			return true
		}
	}
	srv.quiet.Warn("refused key", "user", user, "remote", remote, "key", fingerprint(key))
	return false
}

// loginFailed logs a connection that ended before it logged in: one that
// ran out of login grace, a handshake with no common algorithm, too many
// refused keys. Clients that connect and go without a word (port scans,
// health checks) are not logged.
func (srv *Server) loginFailed(c net.Conn, err error) {
	var ne net.Error
	switch {
	case errors.Is(err, io.EOF):
	case errors.As(err, &ne) && ne.Timeout():
		srv.quiet.Warn("closed a connection not logged in within the login grace", "remote", c.RemoteAddr().String(), "grace", srv.cfg.LoginGrace)
	default:
		srv.quiet.Warn("login failed", "remote", c.RemoteAddr().String(), "error", clip(err.Error()))
	}
}

// clip is s escaped for a log (safe.Text), cut to 200 bytes.
func clip(s string) string {
	const most = 200
	if len(s) <= most {
		return safe.Text(s)
	}
	n := most
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return safe.Text(s[:n]) + "…"
}

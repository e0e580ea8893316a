package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"ksn/model"
	"ksn/netcheck"
)

// Defaults of `ksn serve` (SPEC §6).
const (
	defaultListen      = "127.0.0.1:23234"
	defaultIdleTimeout = 15 * time.Minute
	defaultMaxSessions = 32
	shutdownGrace      = 5 * time.Second
	// handshakeTimeout drops a client that has not logged in by then.
	handshakeTimeout = 10 * time.Second
	// maxAuthTries disconnects after this many refused keys.
	maxAuthTries = 3
	// sessionRate and sessionBurst limit new sessions per client address:
	// room for an administrator's 30 sessions at once, not for a flood.
	sessionRate  = 8 // per second
	sessionBurst = 64
	// maxFPS is Bubble Tea's highest frame rate: a keypress is drawn
	// within about 8ms instead of 16ms.
	maxFPS = 120
)

// serveConfig is what `ksn serve` runs with.
type serveConfig struct {
	listen         string
	authorizedKeys string
	hostKey        string
	idleTimeout    time.Duration
	maxSessions    int
	// handshake, authTries, rate and burst are the hardening limits; zero
	// takes the defaults above (tests set them).
	handshake time.Duration
	authTries int
	rate      float64
	burst     int
	endpoint  string
	timeout   time.Duration
}

// newServeCmd returns `ksn serve`: the TUI as an SSH app (SPEC §6).
func newServeCmd() *cobra.Command {
	var c serveConfig
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Offer the settings window as an SSH app (public keys only)",
		Long: "Serve the ksn settings window over SSH: each session gets its own window over the\n" +
			"one settings store. Public-key authentication only, against an OpenSSH\n" +
			"authorized_keys file; no passwords, no keyboard-interactive.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := c.readGlobals(cmd); err != nil {
				return err
			}
			if c.idleTimeout <= 0 {
				return usageError("--idle-timeout %s: must be more than zero", c.idleTimeout)
			}
			if c.maxSessions < 1 {
				return usageError("--max-sessions %d: must be at least 1", c.maxSessions)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return asFailure(runServe(ctx, c, slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))))
		},
	}
	f := cmd.Flags()
	f.StringVar(&c.listen, "listen", defaultListen, "address to listen on")
	f.StringVar(&c.authorizedKeys, "authorized-keys", "", "OpenSSH authorized_keys file (default $XDG_CONFIG_HOME/ksn/authorized_keys)")
	f.StringVar(&c.hostKey, "host-key", "", "host key, made on first start (default $XDG_DATA_HOME/ksn/ssh_host_ed25519_key)")
	f.DurationVar(&c.idleTimeout, "idle-timeout", defaultIdleTimeout, "end a session idle this long")
	f.IntVar(&c.maxSessions, "max-sessions", defaultMaxSessions, "sessions at once; later ones are told so")
	return cmd
}

// readGlobals takes --endpoint (or KSN_ENDPOINT) and --timeout.
func (c *serveConfig) readGlobals(cmd *cobra.Command) error {
	c.timeout, _ = cmd.Flags().GetDuration("timeout")
	if c.timeout <= 0 {
		return usageError("--timeout %s: must be more than zero", c.timeout)
	}
	c.endpoint, _ = cmd.Flags().GetString("endpoint")
	from := "--endpoint"
	if c.endpoint == "" {
		c.endpoint, from = os.Getenv("KSN_ENDPOINT"), "KSN_ENDPOINT"
	}
	if c.endpoint == "" {
		return nil
	}
	if err := netcheck.ValidateEndpoint(c.endpoint); err != nil {
		if from == "--endpoint" {
			return usageError("--endpoint %q: %v", c.endpoint, err)
		}
		return failure("KSN_ENDPOINT %q: %v", c.endpoint, err)
	}
	return nil
}

// runServe listens on c.listen and serves until ctx ends.
func runServe(ctx context.Context, c serveConfig, log *slog.Logger) error {
	srv, err := newSSHServer(c, log)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", c.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.listen, err)
	}
	log.Info("ksn serve listening", "addr", l.Addr().String(), "authorized_keys", srv.keysFile, "host_key", srv.hostKeyFile)
	return srv.run(ctx, l)
}

// resolveServePaths fills in the default file locations.
func (c *serveConfig) resolvePaths(p model.Paths) {
	if c.authorizedKeys == "" {
		c.authorizedKeys = filepath.Join(p.ConfigDir, "authorized_keys")
	}
	if c.hostKey == "" {
		c.hostKey = p.HostKeyFile()
	}
}

// loadAuthorizedKeys reads an OpenSSH authorized_keys file; it must hold at
// least one usable key. A key with options (from=, command=, restrict,
// expiry-time=…) is not used: ksn serve cannot honour them, and a key meant
// to be restricted must not get in unrestricted. Their fingerprints are
// returned as skipped.
func loadAuthorizedKeys(path string) (keys []gossh.PublicKey, skipped []string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("authorized keys %s: %w (add the public keys allowed to log in, one per line, as in ~/.ssh/authorized_keys)", path, errors.Unwrap(err))
	}
	for rest := data; len(rest) > 0; {
		key, _, options, next, err := gossh.ParseAuthorizedKey(rest)
		if err != nil {
			break // only comments and blank lines are left
		}
		if len(options) > 0 {
			skipped = append(skipped, gossh.FingerprintSHA256(key))
		} else {
			keys = append(keys, key)
		}
		rest = next
	}
	if len(keys) == 0 {
		return nil, skipped, fmt.Errorf("authorized keys %s: no usable public key in it (add one per line, as in ~/.ssh/authorized_keys, without options)", path)
	}
	return keys, skipped, nil
}

// loadOrMakeHostKey returns the PEM of the host key at path, making an
// ed25519 key there (mode 0600) on first start.
func loadOrMakeHostKey(path string) ([]byte, bool, error) {
	data, err := os.ReadFile(path)
	if err == nil {
		if _, perr := gossh.ParsePrivateKey(data); perr != nil {
			return nil, false, fmt.Errorf("host key %s: %v", path, perr)
		}
		if info, serr := os.Stat(path); serr == nil && info.Mode().Perm()&0o077 != 0 {
			return nil, false, fmt.Errorf("host key %s: mode %o is open to others; run chmod 600 %s", path, info.Mode().Perm(), path)
		}
		return data, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, fmt.Errorf("host key %s: %w", path, errors.Unwrap(err))
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "ksn serve host key")
	if err != nil {
		return nil, false, err
	}
	data = pem.EncodeToMemory(block)
	if err := model.WriteFileAtomic(path, data); err != nil {
		return nil, false, fmt.Errorf("host key %s: %w", path, err)
	}
	return data, true, nil
}

// fingerprint is the SHA256 fingerprint of a key, as ssh-keygen -l prints it.
func fingerprint(k ssh.PublicKey) string {
	if k == nil {
		return "none"
	}
	return gossh.FingerprintSHA256(k)
}

// withDefaults fills in the hardening limits left at zero.
func (c serveConfig) withDefaults() serveConfig {
	if c.handshake <= 0 {
		c.handshake = handshakeTimeout
	}
	if c.authTries <= 0 {
		c.authTries = maxAuthTries
	}
	if c.rate <= 0 {
		c.rate = sessionRate
	}
	if c.burst <= 0 {
		c.burst = sessionBurst
	}
	return c
}

// sshOptions are the wish options shared by every listener of srv.
func (srv *sshServer) sshOptions(pem []byte) []ssh.Option {
	c := srv.cfg
	return []ssh.Option{
		wish.WithHostKeyPEM(pem),
		wish.WithPublicKeyAuth(srv.authorize),
		// Sessions end themselves when idle (teaSession); this is the
		// backstop for connections that never open one.
		wish.WithIdleTimeout(c.idleTimeout + time.Minute),
		func(s *ssh.Server) error {
			s.HandshakeTimeout = c.handshake
			s.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
				return &gossh.ServerConfig{MaxAuthTries: c.authTries}
			}
			return nil
		},
		wish.WithMiddleware(srv.middleware()...),
	}
}

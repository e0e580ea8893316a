package main

import (
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"charm.land/log/v2"
	"github.com/spf13/cobra"

	"ksn/serve"
)

// newServeCmd returns `ksn serve`: the TUI as an SSH app (SPEC §6). It
// checks the flags and hands them to package serve.
func newServeCmd(g *globalFlags) *cobra.Command {
	var (
		listen string
		cfg    serve.Config
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Offer the settings window as an SSH app (public keys only)",
		Long: "Serve the ksn settings window over SSH: each session gets its own window over the\n" +
			"one settings store. Public-key authentication only, against an OpenSSH\n" +
			"authorized_keys file that only you or root can change; no passwords, no\n" +
			"keyboard-interactive; modern algorithms only; a terminal session and nothing\n" +
			"else (no exec, sftp, forwarding or agent).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := g.checkTimeout(); err != nil {
				return err
			}
			o, err := g.overrides()
			if err != nil {
				return err
			}
			if cfg.IdleTimeout <= 0 {
				return usageError("--idle-timeout %s: must be more than zero", cfg.IdleTimeout)
			}
			if cfg.MaxSessions < 1 {
				return usageError("--max-sessions %d: must be at least 1", cfg.MaxSessions)
			}
			if cfg.MaxStartups < 1 {
				return usageError("--max-startups %d: must be at least 1", cfg.MaxStartups)
			}
			if cfg.LoginGrace <= 0 {
				return usageError("--login-grace %s: must be more than zero", cfg.LoginGrace)
			}
			cfg.Overrides = o
			cfg.Timeout, cfg.UserAgent = g.timeout, "ksn/"+version
			logger := log.NewWithOptions(cmd.ErrOrStderr(), log.Options{
				ReportTimestamp: true,
				TimeFormat:      time.RFC3339,
				Formatter:       log.LogfmtFormatter,
			})
			// What wish logs itself (e.g. a program's error) goes the same way.
			log.SetDefault(logger)
			srv, err := serve.New(cfg, logger)
			if err != nil {
				return asFailure(err)
			}
			l, err := net.Listen("tcp", listen)
			if err != nil {
				return failure("listen on %s: %v", listen, err)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return asFailure(srv.Serve(ctx, l))
		},
	}
	f := cmd.Flags()
	f.StringVar(&listen, "listen", serve.DefaultListen, "address to listen on")
	f.StringVar(&cfg.AuthorizedKeys, "authorized-keys", "", "OpenSSH authorized_keys file (default $XDG_CONFIG_HOME/ksn/authorized_keys)")
	f.StringVar(&cfg.HostKey, "host-key", "", "host key, made on first start (default $XDG_DATA_HOME/ksn/ssh_host_ed25519_key)")
	f.DurationVar(&cfg.IdleTimeout, "idle-timeout", serve.DefaultIdleTimeout, "end a session idle this long, and a connection without a session")
	f.IntVar(&cfg.MaxSessions, "max-sessions", serve.DefaultMaxSessions, "sessions at once (a connection without one counts as one); later ones are told so")
	f.IntVar(&cfg.MaxStartups, "max-startups", serve.DefaultMaxStartups, "connections logging in at once ("+strconv.Itoa(serve.DefaultPerSourceMaxStartups)+" per address); more are closed at once")
	f.DurationVar(&cfg.LoginGrace, "login-grace", serve.DefaultLoginGrace, "close a connection not logged in by then")
	return cmd
}

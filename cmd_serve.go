package main

import (
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"charm.land/log/v2"
	"github.com/spf13/cobra"

	"ksn/safe"
	"ksn/say"
	"ksn/serve"
)

// newServeCmd returns `ksn serve`: the TUI as an SSH app (docs/serve.md). It
// checks the flags and hands them to package serve.
func newServeCmd(v say.Voice, g *globalFlags) *cobra.Command {
	var (
		listen, startups string
		cfg              serve.Config
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: v.T("cli.serve.short"),
		Long:  v.T("cli.serve.long"),
		Args:  noArgs(v),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := g.checkTimeout(v); err != nil {
				return err
			}
			o, err := g.overrides(v)
			if err != nil {
				return err
			}
			if cfg.IdleTimeout <= 0 {
				return usageError("%s", v.T("cli.serve.idle_timeout", "Value", cfg.IdleTimeout.String()))
			}
			if cfg.MaxSessions < 1 {
				return usageError("%s", v.T("cli.serve.max_sessions", "Value", cfg.MaxSessions))
			}
			if cfg.MaxSessionsPerKey < 1 {
				return usageError("%s", v.T("cli.serve.max_sessions_per_key", "Value", cfg.MaxSessionsPerKey))
			}
			if cfg.MaxStartups, err = serve.ParseStartups(startups); err != nil {
				return usageError("%s", v.T("cli.serve.max_startups", "Value", safe.Text(startups)))
			}
			if cfg.LoginGrace <= 0 {
				return usageError("%s", v.T("cli.serve.login_grace", "Value", cfg.LoginGrace.String()))
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
				return failure("%s", v.Err(err))
			}
			l, err := net.Listen("tcp", listen)
			if err != nil {
				return failure("%s", v.T("cli.serve.listen_failed", "Address", listen, "Error", err))
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return asFailure(srv.Serve(ctx, l))
		},
	}
	f := cmd.Flags()
	f.StringVar(&listen, "listen", serve.DefaultListen, v.T("cli.serve.flag.listen"))
	f.StringVar(&cfg.AuthorizedKeys, "authorized-keys", "", v.T("cli.serve.flag.authorized_keys"))
	f.StringVar(&cfg.HostKey, "host-key", "", v.T("cli.serve.flag.host_key"))
	f.DurationVar(&cfg.IdleTimeout, "idle-timeout", serve.DefaultIdleTimeout, v.T("cli.serve.flag.idle_timeout"))
	f.IntVar(&cfg.MaxSessions, "max-sessions", serve.DefaultMaxSessions, v.T("cli.serve.flag.max_sessions"))
	f.IntVar(&cfg.MaxSessionsPerKey, "max-sessions-per-key", serve.DefaultMaxSessionsPerKey, v.T("cli.serve.flag.max_sessions_per_key"))
	f.StringVar(&startups, "max-startups", serve.DefaultMaxStartups, v.T("cli.serve.flag.max_startups",
		"PerSource", serve.DefaultPerSourceMaxStartups))
	f.DurationVar(&cfg.LoginGrace, "login-grace", serve.DefaultLoginGrace, v.T("cli.serve.flag.login_grace"))
	return cmd
}

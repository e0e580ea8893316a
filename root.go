package main

import (
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/netcheck"
)

// globalFlags are the flags every command shares.
type globalFlags struct {
	endpoint string
	window   string
	timeout  time.Duration
}

// newRootCmd returns the ksn command with its subcommands.
func newRootCmd() *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "ksn",
		Short: "Kaspersky Security Network settings of Kaspersky Free, for the terminal",
		Long: "ksn shows and changes your participation in Kaspersky Security Network (KSN)\n" +
			"and whether this computer is connected to it. Without a command it opens the\n" +
			"settings window (Settings › Security settings › Kaspersky Security Network).",
		Version:       version,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd, g)
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return exitError{code: exitUsage, msg: err.Error()}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.endpoint, "endpoint", "", "KSN service URL (default: $KSN_ENDPOINT, then settings.json)")
	pf.DurationVar(&g.timeout, "timeout", netcheck.DefaultTimeout, "bound of one connection check")
	root.Flags().StringVar(&g.window, "window", "", "KSN window layout: info or statement (default: settings.json)")
	root.AddCommand(newStatementCmd())
	return root
}

// resolveEndpoint applies the precedence flag, environment, settings: it
// returns the override ("" when the settings decide) and where it came from.
func (g *globalFlags) resolveEndpoint() (string, string, error) {
	ep, from := g.endpoint, "flag"
	if ep == "" {
		ep, from = os.Getenv("KSN_ENDPOINT"), "environment"
	}
	if ep == "" {
		return "", "", nil
	}
	if err := checkEndpoint(ep); err != nil {
		if from == "flag" {
			return "", "", usageError("--endpoint %q: %v", ep, err)
		}
		return "", "", exitError{code: exitFailure, msg: fmt.Sprintf("KSN_ENDPOINT %q: %v", ep, err)}
	}
	return ep, from, nil
}

// checkEndpoint accepts an absolute http or https URL.
func checkEndpoint(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("not a URL")
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Errorf("must start with https:// (or http://)")
	case u.Host == "":
		return fmt.Errorf("has no host")
	}
	return nil
}

// validate checks the flags shared by every command.
func (g *globalFlags) validate() error {
	if g.timeout <= 0 {
		return usageError("--timeout %s: must be more than zero", g.timeout)
	}
	if g.window != "" {
		if _, err := model.ParseWindow(g.window); err != nil {
			return usageError("--window: %v", err)
		}
	}
	return nil
}

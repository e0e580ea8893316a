package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/netcheck"
)

// globalFlags are the flags of the root command; endpoint and timeout are
// shared by every command.
type globalFlags struct {
	endpoint string
	timeout  time.Duration
	window   string // plain ksn only
	demo     string // plain ksn only; "" when --demo is not given
	lang     string // read before parsing, by languageOf
}

// endpointEnv is the environment variable that sets the endpoint.
const endpointEnv = "KSN_ENDPOINT"

// newRootCmd returns the ksn command with its subcommands.
func newRootCmd() *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "ksn",
		Short: "Kaspersky Security Network settings of Kaspersky Free, for the terminal",
		Long: "ksn shows and changes your participation in Kaspersky Security Network (KSN)\n" +
			"and whether this computer is connected to it. Without a command it opens the\n" +
			"settings window (Settings › Security settings › Kaspersky Security Network).",
		Example: "  ksn                              open the settings window\n" +
			"  ksn --demo=denylisted            try it against a built-in demo service\n" +
			"  ksn status                       settings, license and a live check\n" +
			"  ksn statement | less             read the KSN Statement\n" +
			"  ksn enable --accept-statement    accept it and participate\n" +
			"  ksn check --json --timeout 5s    only the live check, for scripts",
		Version:       buildString(),
		Args:          unknownCommand,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd, g)
		},
	}
	root.SetVersionTemplate("ksn {{.Version}}\n")
	root.SetUsageFunc(usage)
	root.SetHelpFunc(help)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return exitError{code: exitUsage, msg: fmt.Sprintf("%v (see '%s --help')", err, c.CommandPath())}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.endpoint, "endpoint", "", "KSN service `URL` (default: $"+endpointEnv+", then settings.json)")
	pf.DurationVar(&g.timeout, "timeout", netcheck.DefaultTimeout, "bound of one connection check, e.g. 5s or 500ms")
	pf.Bool("accessible", false, accessibleFlagHelp)
	pf.StringVar(&g.lang, "lang", "", "`LANGUAGE` of every word: en, ru or de (default: $LC_ALL, $LC_MESSAGES, $LANG)")
	f := root.Flags()
	f.StringVar(&g.window, "window", "", "`LAYOUT` of the KSN window: info or statement (default: settings.json)")
	f.StringVar(&g.demo, "demo", "", "open the TUI in a throwaway directory against a built-in KSN service answering `SCENARIO`: valid, denylisted, restricted, expired or offline")
	f.Lookup("demo").NoOptDefVal = "valid"
	root.AddCommand(
		newStatusCmd(g),
		newCheckCmd(g),
		newEnableCmd(),
		newDisableCmd(),
		newStatementCmd(),
		newConsentCmd(),
		newLicenseCmd(),
		newServeCmd(g),
		newSetupCmd(g),
		newManCmd(),
	)
	completionCmd(root)
	return root
}

// completionCmd adds cobra's `completion bash|zsh|fish|powershell` now, so
// that an unknown shell is a usage error rather than a help page.
func completionCmd(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("completion needs a shell: bash, zsh, fish or powershell (see 'ksn completion --help')")
			}
			return usageError("completion: unknown shell %q: want bash, zsh, fish or powershell", args[0])
		}
	}
}

// unknownCommand accepts no arguments, and names the closest command when
// one is given.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
	}
	return usageError("%s (see '%s --help')", msg, cmd.CommandPath())
}

// noArgs accepts no arguments.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	return usageError("%s takes no arguments, got %q (see '%s --help')",
		cmd.CommandPath(), strings.Join(args, " "), cmd.CommandPath())
}

// checkTimeout validates --timeout.
func (g *globalFlags) checkTimeout() error {
	if g.timeout <= 0 {
		return usageError("--timeout %s: must be more than zero", g.timeout)
	}
	return nil
}

// windowOverride is --window's layout, "" when it is not given.
func (g *globalFlags) windowOverride() (model.Window, error) {
	if g.window == "" {
		return "", nil
	}
	w, err := model.ParseWindow(g.window)
	if err != nil {
		return "", usageError("--window: %v", err)
	}
	return w, nil
}

// overrides are the values given on the command line or in the
// environment for this run: --endpoint, else KSN_ENDPOINT, and --window.
// The policy still wins over them (model.Derive). A bad --endpoint or
// --window is a usage error; a bad KSN_ENDPOINT is an error naming it.
func (g *globalFlags) overrides() (model.Overrides, error) {
	var o model.Overrides
	w, err := g.windowOverride()
	if err != nil {
		return o, err
	}
	o.Window = w
	if g.endpoint != "" {
		if err := netcheck.ValidateEndpoint(g.endpoint); err != nil {
			return o, usageError("--endpoint %q: %v", g.endpoint, err)
		}
		o.Endpoint, o.EndpointSource = g.endpoint, model.SourceFlag
		return o, nil
	}
	if env := os.Getenv(endpointEnv); env != "" {
		if err := netcheck.ValidateEndpoint(env); err != nil {
			return o, failure("%s %q: %v", endpointEnv, env, err)
		}
		o.Endpoint, o.EndpointSource = env, model.SourceEnvironment
	}
	return o, nil
}

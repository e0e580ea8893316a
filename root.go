package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/say"
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

// newRootCmd returns the ksn command with its subcommands, every word of
// their help in v's language.
func newRootCmd(v say.Voice) *cobra.Command {
	root, g := baseCmd(v)
	addCommands(root, v, g)
	return root
}

// newTUICmd is newRootCmd for a bare `ksn`, the TUI: its flags and
// environment, but no subcommand, help or completion, none of which a
// command line without arguments reaches. It is what ksn makes before its
// first frame.
func newTUICmd(v say.Voice) *cobra.Command {
	root, _ := baseCmd(v)
	return root
}

// baseCmd is `ksn` itself, the TUI, with its flags, and the values they
// set.
func baseCmd(v say.Voice) (*cobra.Command, *globalFlags) {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:           "ksn",
		Short:         v.T("cli.root.short"),
		Long:          v.T("cli.root.long"),
		Example:       v.T("cli.root.example"),
		Version:       buildString(),
		Args:          unknownCommand(v),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd, g)
		},
	}
	root.SetVersionTemplate("ksn {{.Version}}\n")
	setHelp(root, v)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return exitError{code: exitUsage, msg: v.T("cli.error.see_help", "Error", flagError(v, err), "Path", c.CommandPath())}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.endpoint, "endpoint", "", v.T("cli.root.flag.endpoint"))
	pf.DurationVar(&g.timeout, "timeout", netcheck.DefaultTimeout, v.T("cli.root.flag.timeout"))
	pf.Bool("accessible", false, v.T("cli.root.flag.accessible"))
	pf.StringVar(&g.lang, "lang", "", v.T("cli.root.flag.lang"))
	f := root.Flags()
	f.StringVar(&g.window, "window", "", v.T("cli.root.flag.window"))
	f.StringVar(&g.demo, "demo", "", v.T("cli.root.flag.demo"))
	f.Lookup("demo").NoOptDefVal = "valid"
	return root, g
}

// addCommands adds every command of ksn under root, with help and
// completion.
func addCommands(root *cobra.Command, v say.Voice, g *globalFlags) {
	root.AddCommand(
		newStatusCmd(v, g),
		newCheckCmd(v, g),
		newEnableCmd(v),
		newDisableCmd(v),
		newStatementCmd(v),
		newConsentCmd(v),
		newLicenseCmd(v),
		newServeCmd(v, g),
		newSetupCmd(v, g),
		newReportCmd(v, g),
		newSentCmd(v),
		newManCmd(v),
	)
	completionCmd(root, v)
	completeFlagValues(root)
	helpCmd(root, v)
	helpFlags(root, v)
}

// completionCmd adds cobra's `completion bash|zsh|fish|powershell` now, in
// v's words, so that an unknown shell is a usage error rather than a help
// page.
func completionCmd(root *cobra.Command, v say.Voice) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Short, c.Long = v.T("cli.completion.short"), v.T("cli.completion.long")
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("%s", v.T("cli.completion.no_shell"))
			}
			return usageError("%s", v.T("cli.completion.unknown_shell", "Shell", fmt.Sprintf("%q", args[0])))
		}
		for _, sh := range c.Commands() {
			sh.Short = v.T("cli.completion.shell_short", "Shell", sh.Name())
			sh.Long = completionLong(v, sh.Name())
			sh.Args = noArgs(v)
			if f := sh.Flags().Lookup("no-descriptions"); f != nil {
				f.Usage = v.T("cli.completion.no_descriptions")
			}
		}
	}
}

// completionLong is the help of `ksn completion SHELL`.
func completionLong(v say.Voice, shell string) string {
	switch shell {
	case "bash":
		return v.T("cli.completion.bash")
	case "zsh":
		return v.T("cli.completion.zsh")
	case "fish":
		return v.T("cli.completion.fish")
	case "powershell":
		return v.T("cli.completion.powershell")
	}
	return ""
}

// unknownCommand accepts no arguments, and names the closest command when
// one is given.
func unknownCommand(v say.Voice) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		name, path := fmt.Sprintf("%q", args[0]), fmt.Sprintf("%q", cmd.CommandPath())
		msg := v.T("cli.error.unknown_command", "Name", name, "Path", path)
		if cmd.SuggestionsMinimumDistance <= 0 {
			cmd.SuggestionsMinimumDistance = 2
		}
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg = v.T("cli.error.did_you_mean", "Name", name, "Path", path, "Suggestion", fmt.Sprintf("%q", s[0]))
		}
		return usageError("%s", v.T("cli.error.see_help", "Error", msg, "Path", cmd.CommandPath()))
	}
}

// noArgs accepts no arguments.
func noArgs(v say.Voice) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		msg := v.T("cli.error.no_args", "Path", cmd.CommandPath(), "Args", fmt.Sprintf("%q", strings.Join(args, " ")))
		return usageError("%s", v.T("cli.error.see_help", "Error", msg, "Path", cmd.CommandPath()))
	}
}

// checkTimeout validates --timeout.
func (g *globalFlags) checkTimeout(v say.Voice) error {
	if g.timeout <= 0 {
		return usageError("%s", v.T("cli.error.timeout", "Value", g.timeout.String()))
	}
	return nil
}

// windowOverride is --window's layout, "" when it is not given.
func (g *globalFlags) windowOverride(v say.Voice) (model.Window, error) {
	if g.window == "" {
		return "", nil
	}
	w, err := model.ParseWindow(g.window)
	if err != nil {
		return "", usageError("%s", v.T("cli.error.window", "Value", fmt.Sprintf("%q", g.window)))
	}
	return w, nil
}

// overrides are the values given on the command line or in the
// environment for this run: --endpoint, else KSN_ENDPOINT, and --window.
// The policy still wins over them (flow.Derive). A bad --endpoint or
// --window is a usage error, and so is a bad KSN_ENDPOINT, which stands
// for --endpoint (docs/commands.md): the same sentence, naming the variable.
func (g *globalFlags) overrides(v say.Voice) (flow.Overrides, error) {
	var o flow.Overrides
	w, err := g.windowOverride(v)
	if err != nil {
		return o, err
	}
	o.Window = w
	if g.endpoint != "" {
		if err := model.ValidateEndpoint(g.endpoint); err != nil {
			return o, usageError("--endpoint %q: %s", g.endpoint, v.Err(err))
		}
		o.Endpoint, o.EndpointSource = g.endpoint, flow.SourceFlag
		return o, nil
	}
	if env := os.Getenv(endpointEnv); env != "" {
		if err := model.ValidateEndpoint(env); err != nil {
			return o, usageError("%s %q: %s", endpointEnv, env, v.Err(err))
		}
		o.Endpoint, o.EndpointSource = env, flow.SourceEnvironment
	}
	return o, nil
}

package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/safe"
	"ksn/say"
	"ksn/statement"
	"ksn/ui"
)

// tuiGCPercent is the garbage collector's GOGC in the TUI. The TUI's heap
// is a few MB, most of it left over from package initialisation; at
// Go's default (100) a collection ran while the first frame was being
// made, and took the second core from it. At 400 the heap may grow to
// five times what is live (tens of MB at most) before the next one.
// `ksn serve`, whose memory per session counts, keeps the default.
const tuiGCPercent = 400

// runTUI opens the settings window in this terminal, or the demo.
func runTUI(cmd *cobra.Command, g *globalFlags) error {
	debug.SetGCPercent(tuiGCPercent)
	v := voiceOf(cmd)
	if err := g.checkTimeout(v); err != nil {
		return err
	}
	if cmd.Flags().Changed("demo") {
		if g.endpoint != "" {
			return usageError("%s", v.T("cli.error.demo_endpoint"))
		}
		w, err := g.windowOverride(v)
		if err != nil {
			return err
		}
		return runDemo(cmd, g, flow.Overrides{Window: w})
	}
	o, err := g.overrides(v)
	if err != nil {
		return err
	}
	if err := needTerminal(v); err != nil {
		return err
	}
	return openTUI(cmd, ui.Options{
		Store:     openStore(),
		Overrides: o,
		Timeout:   g.timeout,
		Via:       "tui",
	})
}

// hasTerminal reports whether stdin and stdout are a terminal to draw in.
func hasTerminal() bool {
	return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())
}

// needTerminal refuses to open the TUI without a terminal to draw in.
func needTerminal(v say.Voice) error {
	if hasTerminal() {
		return nil
	}
	return failure("%s", v.T("cli.error.no_terminal"))
}

// maxFPS is Bubble Tea's highest frame rate: a keypress is drawn within
// about 8ms instead of 16ms. (ksn serve sets the same for its sessions.)
const maxFPS = 120

// openTUI runs the App made from o (Store, Endpoint, Window, Timeout and
// Via set) until the user quits, then prints its notice on stderr. The
// App's background work has ended when it returns.
func openTUI(cmd *cobra.Command, o ui.Options) error {
	_, err := runApp(cmd, o)
	return err
}

// runApp is openTUI, returning the App too, for what it ended with (see
// ui.App.Outcome): the decisions it was writing are on disk.
func runApp(cmd *cobra.Command, o ui.Options) (setupEnd, error) {
	o.Lang = voiceOf(cmd).Lang
	if o.Checker == nil {
		o.Checker = newChecker(o.Store)
	}
	o.Renders = statement.NewCache()
	if accessible(cmd) {
		return runAccessible(cmd, o)
	}
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	o.Context = ctx
	app := ui.New(o)
	_, err := tea.NewProgram(app, tea.WithContext(ctx), tea.WithFPS(maxFPS)).Run()
	app.WaitSaves() // a decision being written is finished, not cut short
	cancel()
	if n := app.Notice(); n != "" {
		for _, l := range strings.Split(n, "\n") {
			fmt.Fprintln(cmd.ErrOrStderr(), "ksn: "+safe.Line(l, 0))
		}
	}
	if err != nil && cmd.Context().Err() == nil {
		return app, failure("%v", err)
	}
	return app, nil
}

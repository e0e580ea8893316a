package main

import (
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"ksn/access"
	"ksn/ui"
)

// accessibleEnv turns the accessible mode on when set to anything, as
// for huh's accessible forms.
const accessibleEnv = "ACCESSIBLE"

// accessible reports whether this run uses the accessible mode (docs/languages.md):
// --accessible, ACCESSIBLE set to anything, or a terminal that cannot draw
// a window (TERM=dumb), as huh decides it.
func accessible(cmd *cobra.Command) bool {
	if on, err := cmd.Flags().GetBool("accessible"); err == nil && on {
		return true
	}
	return os.Getenv(accessibleEnv) != "" || os.Getenv("TERM") == "dumb"
}

// setupEnd is how a run of the settings window ended: the TUI's App, or an
// accessible session.
type setupEnd interface {
	Outcome() ui.SetupOutcome
}

// runAccessible is runApp in the accessible mode: the same walk and
// decisions (o as for the TUI) as plain lines in this terminal, until the
// person quits or the input ends. The terminal is put in raw mode for the
// session's own line editor, as an SSH client's is: ctrl+c and ctrl+d then
// end the session as keys, not as a signal, and it is restored after. A
// decision being written is on disk when it returns.
func runAccessible(cmd *cobra.Command, o ui.Options) (setupEnd, error) {
	o.Context = cmd.Context()
	ao := access.Options{Options: o, In: cmd.InOrStdin(), Out: cmd.OutOrStdout()}
	if f, ok := ao.In.(*os.File); ok && term.IsTerminal(f.Fd()) {
		if st, err := term.MakeRaw(f.Fd()); err == nil {
			defer func() { _ = term.Restore(f.Fd(), st) }()
			ao.Echo = true
		}
	}
	if f, ok := ao.Out.(*os.File); ok {
		ao.Width, ao.Height, _ = term.GetSize(f.Fd())
	}
	s := access.New(ao)
	if err := s.Run(); err != nil && cmd.Context().Err() == nil {
		return s, failure("%v", err)
	}
	return s, nil
}

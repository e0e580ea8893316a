package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"ksn/netcheck"
)

// checkDoneMsg carries the result of check number seq.
type checkDoneMsg struct {
	seq int
	res netcheck.Result
}

// runCheck runs one connection check in the background. It captures values,
// never the model; ctx is cancelled when the check is superseded.
func runCheck(ctx context.Context, seq int, c *netcheck.Checker, in netcheck.Input) tea.Cmd {
	return func() tea.Msg {
		return checkDoneMsg{seq: seq, res: c.Check(ctx, in)}
	}
}

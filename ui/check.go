package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"ksn/flow"
	"ksn/netcheck"
)

// Checker runs connection checks (flow.Checker).
type Checker = flow.Checker

// checkDoneMsg carries the result of check number seq.
type checkDoneMsg struct {
	seq int
	res netcheck.Result
}

// runCheck runs one connection check in the background. It captures values,
// never the model; ctx is cancelled when the check is superseded.
func runCheck(ctx context.Context, seq int, c Checker, in netcheck.Input) tea.Cmd {
	return func() tea.Msg {
		return checkDoneMsg{seq: seq, res: c.Check(ctx, in)}
	}
}

// startCheck starts a connection check; an earlier one still running is
// cancelled and its answer will be dropped. `ksn setup`'s App checks
// nothing: it shows no connection.
func (a *App) startCheck() tea.Cmd {
	if a.sh.opts.Start == StartSetup {
		return nil
	}
	a.dropCheck()
	ctx, cancel := context.WithCancel(a.ctx)
	a.cancelCheck = cancel
	a.sh.checking = true
	return tea.Batch(runCheck(ctx, a.checkSeq, a.sh.opts.Checker, a.sh.checkInput()), a.sh.spinner.Tick)
}

// dropCheck cancels the check in flight, if any, so its answer is stale.
func (a *App) dropCheck() {
	a.checkSeq++
	if a.cancelCheck != nil {
		a.cancelCheck()
		a.cancelCheck = nil
	}
	a.sh.checking = false
}

package main

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/netcheck"
	"ksn/safe"
	"ksn/say"
)

// newCheckCmd returns `ksn check [--json] [--timeout D]`.
func newCheckCmd(v say.Voice, g *globalFlags) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: v.T("cli.check.short"),
		Long:  v.T("cli.check.long"),
		Args:  noArgs(v),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCheckCmd(cmd, g, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, v.T("cli.check.json"))
	return cmd
}

// checkJSON is what `ksn check --json` prints: the "connection" object of
// docs/commands.md, and the problem (in English) when a file is broken.
type checkJSON struct {
	say.ConnectionJSON
	Problem string `json:"problem,omitempty"`
}

// runCheckCmd runs the check and prints it.
func runCheckCmd(cmd *cobra.Command, g *globalFlags, asJSON bool) error {
	st, res, err := checkNow(cmd, g, false)
	if err != nil {
		return err
	}
	if asJSON {
		out := checkJSON{ConnectionJSON: say.ConnectionOf(res), Problem: st.problemText(say.JSON())}
		if err := writeJSON(cmd.OutOrStdout(), out); err != nil {
			return asFailure(err)
		}
	} else {
		p := newPrinter(cmd.OutOrStdout(), voiceOf(cmd))
		printSteps(p, st.in, g.timeout, time.Now())
		if p.err != nil {
			return asFailure(p.err)
		}
	}
	if err := st.problem(voiceOf(cmd)); err != nil {
		return err
	}
	if !res.Connected {
		return exitError{code: exitNotConnected}
	}
	return nil
}

// stepLabel is how a step is named for people.
func stepLabel(v say.Voice, n netcheck.StepName) string {
	switch n {
	case netcheck.StepSettings:
		return v.T("cli.check.step.settings")
	case netcheck.StepActivation:
		return v.T("cli.check.step.activation")
	case netcheck.StepLicense:
		return v.T("cli.check.step.license")
	case netcheck.StepDNS:
		return v.T("cli.check.step.dns")
	case netcheck.StepConnect:
		return v.T("cli.check.step.connect")
	case netcheck.StepTLS:
		return v.T("cli.check.step.tls")
	case netcheck.StepService:
		return v.T("cli.check.step.service")
	case netcheck.StepKey:
		return v.T("cli.check.step.key")
	case netcheck.StepRestrictions:
		return v.T("cli.check.step.restrictions")
	}
	return string(n)
}

// padRight pads s with spaces to width columns.
func padRight(s string, width int) string {
	return s + strings.Repeat(" ", max(width-lipgloss.Width(s), 0))
}

// printSteps prints each step of the check in force with OK or FAIL, what
// to do about a failure, and the outcome.
func printSteps(p *printer, in flow.InForce, timeout time.Duration, now time.Time) {
	v := p.say
	res := in.Check
	ok, fail := v.T("cli.check.ok"), v.T("cli.check.fail")
	markWidth := max(lipgloss.Width(ok), lipgloss.Width(fail))
	labelWidth := 0 // of every step a check may take, so that reports line up
	for _, n := range []netcheck.StepName{
		netcheck.StepSettings, netcheck.StepActivation, netcheck.StepLicense, netcheck.StepDNS,
		netcheck.StepConnect, netcheck.StepTLS, netcheck.StepService, netcheck.StepKey, netcheck.StepRestrictions,
	} {
		labelWidth = max(labelWidth, lipgloss.Width(stepLabel(v, n)))
	}
	p.hanging("", v.T("cli.check.checking", "Endpoint", safe.Text(in.Endpoint), "Timeout", v.Duration(timeout)))
	for _, s := range res.Steps {
		mark := p.green(padRight(ok, markWidth))
		if !s.OK {
			mark = p.red(padRight(fail, markWidth))
		}
		prefix := "  " + mark + "  " + padRight(stepLabel(v, s.Name), labelWidth+1)
		detail := v.StepDetail(s, now)
		if detail == "" {
			detail = "-"
		}
		p.hanging(prefix, detail)
		if hint := v.StepHint(s); !s.OK && hint != "" && v.WhatToDoIn(in) != "" {
			p.hanging(strings.Repeat(" ", 4+markWidth)+v.WhatToDoLabel(), hint)
		}
	}
	connected := v.Connection(flow.Connected, false)
	switch in.Connection() {
	case flow.Restricted:
		p.hanging("", v.T("cli.check.restricted", "Connected", p.green(connected), "Restriction", v.Restriction(res, now)))
	case flow.Connected:
		p.line("%s", p.green(connected)+".")
	default:
		p.hanging("", fmt.Sprintf("%s (%s): %s", p.red(v.Connection(flow.NotConnected, false)), res.Reason, v.Reason(res.Reason)))
		if in.StatementChanged {
			p.hanging("", v.StatementChanged()+" "+v.T("cli.status.how_to_accept"))
		}
	}
}

// checkNow reads the state in force and runs the live check with it, for
// `status` and `check`; the state it returns has the check's result. With
// reuse (`status --format=prometheus`), the last stored check is the
// result instead while it still answers (flow.StoredCheck.Answers), and
// nothing is sent.
func checkNow(cmd *cobra.Command, g *globalFlags, reuse bool) (cliState, netcheck.Result, error) {
	v := voiceOf(cmd)
	if err := g.checkTimeout(v); err != nil {
		return cliState{}, netcheck.Result{}, err
	}
	o, err := g.overrides(v)
	if err != nil {
		return cliState{}, netcheck.Result{}, err
	}
	st := loadState(openStore(), o)
	warnInfo(cmd, st)
	if reuse {
		if sc, ok, _ := flow.LastCheck(st.store); ok && sc.Answers(st.in, time.Now()) {
			st.derive(&sc.Result, time.Now())
			return st, sc.Result, nil
		}
	}
	res := newChecker(st.store).Check(cmd.Context(), st.in.CheckInput(g.timeout))
	if cmd.Context().Err() != nil {
		return cliState{}, netcheck.Result{}, failure("%s", v.T("cli.check.interrupted"))
	}
	st.derive(&res, time.Now())
	return st, res, nil
}

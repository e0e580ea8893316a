package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/netcheck"
	"ksn/safe"
)

// newCheckCmd returns `ksn check [--json] [--timeout D]`.
func newCheckCmd(g *globalFlags) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the connection to KSN now and show each step",
		Long: "Check the connection to Kaspersky Security Network now, bounded by --timeout,\n" +
			"and print each step (settings, activation, license, DNS, connect, TLS, service,\n" +
			"key, restrictions) with OK or FAIL, and what to do about a failure. The first\n" +
			"three steps send nothing: while participation is off, nothing goes anywhere.\n\n" +
			"Exit status: 0 connected (possibly restricted); 3 not connected (the reason is\n" +
			"printed); 1 when a file is not valid or another error; 2 on a usage error.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCheckCmd(cmd, g, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the connection object, with its steps, as JSON (see the README)")
	return cmd
}

// runCheckCmd runs the check and prints it.
func runCheckCmd(cmd *cobra.Command, g *globalFlags, asJSON bool) error {
	st, res, err := checkNow(cmd, g)
	if err != nil {
		return err
	}
	if asJSON {
		if err := writeJSON(cmd.OutOrStdout(), res.Connection()); err != nil {
			return asFailure(err)
		}
	} else {
		p := newPrinter(cmd.OutOrStdout(), voiceOf(cmd))
		printSteps(p, st.in, g.timeout, time.Now())
		if p.err != nil {
			return asFailure(p.err)
		}
	}
	if err := st.problem(); err != nil {
		return err
	}
	if !res.Connected {
		return exitError{code: exitNotConnected}
	}
	return nil
}

// stepLabel is how a step is named for people.
func stepLabel(n netcheck.StepName) string {
	switch n {
	case netcheck.StepDNS, netcheck.StepTLS:
		return strings.ToUpper(string(n))
	}
	return string(n)
}

// printSteps prints each step of the check in force with OK or FAIL, what
// to do about a failure, and the outcome.
func printSteps(p *printer, in model.InForce, timeout time.Duration, now time.Time) {
	v := p.say
	res := in.Check
	p.hanging("", fmt.Sprintf("Checking the connection to %s (timeout %s)", safe.Text(in.Endpoint), timeout))
	for _, s := range res.Steps {
		mark := p.green("OK  ")
		if !s.OK {
			mark = p.red("FAIL")
		}
		prefix := fmt.Sprintf("  %s  %-13s", mark, stepLabel(s.Name))
		detail := v.StepDetail(s, now)
		if detail == "" {
			detail = "-"
		}
		p.hanging(prefix, detail)
		if !s.OK && s.Hint != "" && v.WhatToDoIn(in) != "" {
			p.hanging(strings.Repeat(" ", 8)+v.WhatToDoLabel(), s.Hint)
		}
	}
	switch in.Connection() {
	case model.Restricted:
		p.hanging("", p.green("Connected")+", restricted: "+v.Restriction(res, now))
	case model.Connected:
		p.line("%s", p.green("Connected."))
	default:
		p.hanging("", fmt.Sprintf("%s (%s): %s", p.red("Not connected"), res.Reason, res.Message))
		if in.StatementChanged {
			p.hanging("", v.StatementChanged()+" "+howToAccept)
		}
	}
}

// checkNow reads the state in force and runs the live check with it, for
// `status` and `check`; the state it returns has the check's result.
func checkNow(cmd *cobra.Command, g *globalFlags) (cliState, netcheck.Result, error) {
	if err := g.checkTimeout(); err != nil {
		return cliState{}, netcheck.Result{}, err
	}
	o, err := g.overrides()
	if err != nil {
		return cliState{}, netcheck.Result{}, err
	}
	st, err := loadState(openStore(), o)
	if err != nil {
		return cliState{}, netcheck.Result{}, err
	}
	warnInfo(cmd, st)
	res := liveCheck(cmd.Context(), st.in.CheckInput(g.timeout))
	if cmd.Context().Err() != nil {
		return cliState{}, netcheck.Result{}, failure("interrupted; the check did not finish")
	}
	st.derive(&res, time.Now())
	return st, res, nil
}

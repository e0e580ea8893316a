package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/netcheck"
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
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the connection object (SPEC §5) with its steps")
	return cmd
}

// runCheckCmd runs the check and prints it.
func runCheckCmd(cmd *cobra.Command, g *globalFlags, asJSON bool) error {
	ls, url, _, res, err := checkNow(cmd, g)
	if err != nil {
		return err
	}
	if asJSON {
		if err := writeJSON(cmd.OutOrStdout(), res.Connection()); err != nil {
			return asFailure(err)
		}
	} else {
		p := newPrinter(cmd.OutOrStdout())
		printSteps(p, res, url, g.timeout)
		if p.err != nil {
			return asFailure(p.err)
		}
	}
	if err := ls.problem(); err != nil {
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

// printSteps prints each step with OK or FAIL, what to do about a
// failure, and the outcome.
func printSteps(p *printer, res netcheck.Result, url string, timeout time.Duration) {
	p.hanging("", fmt.Sprintf("Checking the connection to %s (timeout %s)", url, timeout))
	for _, s := range res.Steps {
		mark := p.green("OK  ")
		if !s.OK {
			mark = p.red("FAIL")
		}
		prefix := fmt.Sprintf("  %s  %-13s", mark, stepLabel(s.Name))
		detail := s.Detail
		if detail == "" {
			detail = "-"
		}
		p.hanging(prefix, detail)
		if !s.OK && s.Hint != "" {
			p.hanging(strings.Repeat(" ", 8)+"What to do: ", s.Hint)
		}
	}
	switch {
	case res.Connected && res.Restricted():
		p.hanging("", p.green("Connected")+", restricted: "+restrictionText(res))
	case res.Connected:
		p.line("%s", p.green("Connected."))
	default:
		p.hanging("", fmt.Sprintf("%s (%s): %s", p.red("Not connected"), res.Reason, res.Message))
	}
}

// checkNow reads the local state and runs the live check with the endpoint
// in force, for `status` and `check`; it returns the state, the endpoint and
// its source, and the result.
func checkNow(cmd *cobra.Command, g *globalFlags) (localState, string, string, netcheck.Result, error) {
	if err := g.checkTimeout(); err != nil {
		return localState{}, "", "", netcheck.Result{}, err
	}
	if _, _, err := g.override(); err != nil {
		return localState{}, "", "", netcheck.Result{}, err
	}
	ls, err := loadState(openStore())
	if err != nil {
		return localState{}, "", "", netcheck.Result{}, err
	}
	warnInfo(cmd, ls)
	url, source, err := g.endpointFor(cmd, ls)
	if err != nil {
		return localState{}, "", "", netcheck.Result{}, err
	}
	res := liveCheck(cmd.Context(), ls.checkInput(url, g.timeout))
	if cmd.Context().Err() != nil {
		return localState{}, "", "", netcheck.Result{}, failure("interrupted; the check did not finish")
	}
	return ls, url, source, res, nil
}

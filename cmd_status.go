package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/netcheck"
	"ksn/safe"
	"ksn/statement"
)

// newStatusCmd returns `ksn status [--json]`.
func newStatusCmd(g *globalFlags) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show participation, license and a live connection check",
		Long: "Show whether this computer participates in Kaspersky Security Network, the\n" +
			"statement decision, the license, the endpoint in force and where it came from\n" +
			"(--endpoint, $KSN_ENDPOINT, settings.json or the default), and the result of a\n" +
			"live connection check. Nothing is sent while participation is off.\n\n" +
			"Exit status: 0 when the report was made, connected or not; 1 when a file is not\n" +
			"valid (the report is still printed) or another error; 2 on a usage error.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runStatus(cmd, g, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object instead of text (see the README)")
	return cmd
}

// statusJSON is the object `ksn status --json` prints (SPEC §5).
type statusJSON struct {
	Participation bool                    `json:"participation"`
	Window        model.Window            `json:"window"`
	Statement     model.StatementDecision `json:"statement"`
	License       licenseJSON             `json:"license"`
	Connection    netcheck.Connection     `json:"connection"`
	Endpoint      endpointJSON            `json:"endpoint"`
	// Managed maps each key set by the administrator's policy to the
	// policy file (SPEC §7); empty without a policy.
	Managed map[model.PolicyKey]string `json:"managed"`
}

// endpointJSON is the endpoint in force and where it came from.
type endpointJSON struct {
	URL    string       `json:"url"`
	Source model.Source `json:"source"`
}

// runStatus prints the report.
func runStatus(cmd *cobra.Command, g *globalFlags, asJSON bool) error {
	v := voiceOf(cmd)
	st, res, err := checkNow(cmd, g)
	if err != nil {
		return err
	}
	in, now := st.in, time.Now()
	if asJSON {
		conn := res.Connection()
		conn.Steps = nil
		out := statusJSON{
			Participation: in.Participating,
			Window:        in.Window,
			Statement:     in.Settings.KSN.Statement,
			License:       licenseObject(in.License),
			Connection:    conn,
			Endpoint:      endpointJSON{URL: in.Endpoint, Source: in.EndpointSource},
			Managed:       in.Managed(),
		}
		if err := writeJSON(cmd.OutOrStdout(), out); err != nil {
			return asFailure(err)
		}
		return st.problem()
	}
	p := newPrinter(cmd.OutOrStdout(), voiceOf(cmd))
	p.line("%s", p.bold("Kaspersky Security Network"))
	p.field("Participation", v.OnOff(in.Participating))
	if in.StatementChanged {
		p.field("", v.StatementChanged()+" "+howToAccept)
	}
	p.field("Statement", v.Decision(in.Settings.KSN.Statement, in.Participating, statement.Current(), now))
	p.field("Window", safe.Text(string(in.Window)))
	p.field("Endpoint", fmt.Sprintf("%s (%s)", safe.Text(in.Endpoint), v.Source(in.EndpointSource)))
	p.field("License", v.License(in.License))
	if todo := v.LicenseWhatToDo(in.License); todo != "" && todo != v.WhatToDoIn(in) {
		// (said once: under the connection when the check says the same)
		p.field("", v.WhatToDoLabel()+todo)
	}
	if keys := in.Policy.Keys(); len(keys) > 0 {
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = string(k)
		}
		p.field("Managed", strings.Join(names, ", ")+": "+v.Locked(in.Policy.Path))
	}
	printConnection(p, in, now)
	if p.err != nil {
		return asFailure(p.err)
	}
	return st.problem()
}

// howToAccept says how to accept the statement from the command line.
const howToAccept = "Read it with 'ksn statement', then run 'ksn enable --accept-statement'."

// liveCheck runs one connection check.
func liveCheck(ctx context.Context, in netcheck.Input) netcheck.Result {
	c := netcheck.New(netcheck.Options{UserAgent: "ksn/" + version})
	return c.Check(ctx, in)
}

// printConnection prints the connection state, its reason, what to do and
// any restriction.
func printConnection(p *printer, in model.InForce, now time.Time) {
	v := p.say
	res := in.Check
	checked := v.Checked(res.CheckedAt, now)
	word := v.Connection(in.Connection(), false)
	if res.Connected {
		s := p.green(word) + " · " + checked
		if res.Latency > 0 {
			s += fmt.Sprintf(" · %d ms", res.Latency.Milliseconds())
		}
		p.field("Connection", s)
		if r := v.Restriction(res, now); r != "" {
			p.field("", p.yellow("⚠")+" "+r)
		}
		return
	}
	p.field("Connection", fmt.Sprintf("%s (%s) · %s", p.red(word), res.Reason, checked))
	p.field("", res.Message)
	if todo := v.WhatToDoIn(in); todo != "" {
		p.field("", v.WhatToDoLabel()+todo)
	}
}

package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/safe"
	"ksn/say"
	"ksn/statement"
)

// newStatusCmd returns `ksn status [--json | --format FORMAT] [--output FILE]`.
func newStatusCmd(v say.Voice, g *globalFlags) *cobra.Command {
	var (
		asJSON bool
		format string
		output string
	)
	cmd := &cobra.Command{
		Use:   "status",
		Short: v.T("cli.status.short"),
		Long:  v.T("cli.status.long"),
		Args:  noArgs(v),
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := statusFormat(v, format, cmd.Flags().Changed("format"), asJSON, output)
			if err != nil {
				return err
			}
			if f == formatPrometheus {
				return runMetrics(cmd, g, output)
			}
			return runStatus(cmd, g, f == formatJSON, output)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, v.T("cli.status.json"))
	cmd.Flags().StringVar(&format, "format", formatText, v.T("cli.status.format"))
	cmd.Flags().StringVar(&output, "output", "", v.T("cli.status.output"))
	_ = cmd.RegisterFlagCompletionFunc("format", fixed(formatText, formatJSON, formatPrometheus))
	return cmd
}

// The formats of `ksn status --format`: --json is --format=json.
const (
	formatText       = "text"
	formatJSON       = "json"
	formatPrometheus = "prometheus"
)

// statusFormat is the format `ksn status` prints in, from --format (set:
// given on the command line), --json and --output; a bad value, --json
// with another format, or --output with text is a usage error.
func statusFormat(v say.Voice, format string, set, asJSON bool, output string) (string, error) {
	switch format {
	case formatText, formatJSON, formatPrometheus:
	default:
		return "", usageError("%s", v.T("cli.error.format", "Value", fmt.Sprintf("%q", format)))
	}
	if asJSON {
		if set && format != formatJSON {
			return "", usageError("%s", v.T("cli.error.format_json", "Value", format))
		}
		format = formatJSON
	}
	if output != "" && format == formatText {
		return "", usageError("%s", v.T("cli.error.output_text"))
	}
	return format, nil
}

// statusJSON is the object `ksn status --json` prints (docs/commands.md).
type statusJSON struct {
	Participation bool                    `json:"participation"`
	Window        model.Window            `json:"window"`
	Statement     model.StatementDecision `json:"statement"`
	License       licenseJSON             `json:"license"`
	Connection    say.ConnectionJSON      `json:"connection"`
	Endpoint      endpointJSON            `json:"endpoint"`
	// Managed maps each key set by the administrator's policy to the
	// policy file (docs/policy.md); empty without a policy.
	Managed map[model.PolicyKey]string `json:"managed"`
	// Problem is, in English, the sentence the command ends with on
	// stderr when a file is broken (exit 1); absent when none is.
	Problem string `json:"problem,omitempty"`
	// Notices are, in English, what is in force despite the files
	// (flow.Warnings, said on stderr too): an acceptance without its
	// record, a check interval raised to the minimum; absent when none.
	Notices []string `json:"notices,omitempty"`
}

// endpointJSON is the endpoint in force and where it came from.
type endpointJSON struct {
	URL    string      `json:"url"`
	Source flow.Source `json:"source"`
}

// runStatus prints the report, as JSON to output (a file replaced
// atomically, "" for standard output) if asJSON.
func runStatus(cmd *cobra.Command, g *globalFlags, asJSON bool, output string) error {
	v := voiceOf(cmd)
	st, res, err := checkNow(cmd, g, false)
	if err != nil {
		return err
	}
	in, now := st.in, time.Now()
	if asJSON {
		conn := say.ConnectionOf(res)
		conn.Steps = nil
		out := statusJSON{
			Participation: in.Participating,
			Window:        in.Window,
			Statement:     in.Settings.KSN.Statement,
			License:       licenseObject(in.License),
			Connection:    conn,
			Endpoint:      endpointJSON{URL: in.Endpoint, Source: in.EndpointSource},
			Managed:       in.Managed(),
			Problem:       st.problemText(say.JSON()),
			Notices:       st.warnings(say.JSON()),
		}
		if err := writeOutput(cmd, output, func(w io.Writer) error { return writeJSON(w, out) }); err != nil {
			return err
		}
		return st.problem(v)
	}
	p := newPrinter(cmd.OutOrStdout(), v)
	p.line("%s", p.bold("Kaspersky Security Network"))
	p.field(v.T("cli.status.label.participation"), v.OnOff(in.Participating))
	if in.Unrecorded {
		p.field("", v.Unrecorded()+" "+v.T("cli.status.how_to_accept"))
	}
	if in.StatementChanged {
		p.field("", v.StatementChanged()+" "+v.T("cli.status.how_to_accept"))
	}
	p.field(v.T("cli.status.label.statement"), v.Decision(in.Settings.KSN.Statement, in.Participating, statement.Current(), now))
	p.field(v.T("cli.status.label.window"), safe.Text(string(in.Window)))
	p.field(v.T("cli.status.label.endpoint"), v.T("cli.status.endpoint", "URL", safe.Text(in.Endpoint), "Source", v.Source(in.EndpointSource)))
	p.field(v.T("cli.status.label.license"), v.License(in.License))
	if todo := v.LicenseWhatToDo(in.License); todo != "" && todo != v.WhatToDoIn(in) {
		// (said once: under the connection when the check says the same)
		p.field("", v.WhatToDoLabel()+todo)
	}
	if keys := in.Policy.Keys(); len(keys) > 0 {
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = string(k)
		}
		p.field(v.T("cli.status.label.managed"), strings.Join(names, ", ")+": "+v.Locked(in.Policy.Path))
	}
	printConnection(p, in, now)
	if p.err != nil {
		return asFailure(p.err)
	}
	return st.problem(v)
}

// newNetChecker is the network's Checker of a ksn process over store:
// every request it sends is recorded in store's sent.jsonl (docs/sent.md).
func newNetChecker(store *model.Store) *netcheck.Checker {
	return netcheck.New(netcheck.Options{UserAgent: "ksn/" + version, Record: flow.Recorder(store, nil)})
}

// newChecker is the Checker of a ksn process over store: the network's,
// recording what it sends, and keeping each check made while participating
// as the last stored check (flow.Keeping, docs/fleets.md).
func newChecker(store *model.Store) flow.Checker {
	return flow.Keeping(store, model.DefaultPolicyDirs(), newNetChecker(store))
}

// printConnection prints the connection state, its reason, what to do and
// any restriction.
func printConnection(p *printer, in flow.InForce, now time.Time) {
	v := p.say
	res := in.Check
	label := v.T("cli.status.label.connection")
	checked := v.Checked(res.CheckedAt, now)
	word := v.Connection(in.Connection(), false)
	if res.Connected {
		s := p.green(word) + " · " + checked
		if res.Latency > 0 {
			s += " · " + v.Duration(res.Latency)
		}
		p.field(label, s)
		if r := v.Restriction(res, now); r != "" {
			p.field("", p.yellow("⚠")+" "+r)
		}
		return
	}
	p.field(label, fmt.Sprintf("%s (%s) · %s", p.red(word), res.Reason, checked))
	p.field("", v.Reason(res.Reason))
	if todo := v.WhatToDoIn(in); todo != "" {
		p.field("", v.WhatToDoLabel()+todo)
	}
}

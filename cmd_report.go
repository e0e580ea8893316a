package main

import (
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
	"ksn/safe"
	"ksn/say"
)

// newReportCmd returns `ksn report [--json] [--send]` (docs/sent.md).
func newReportCmd(v say.Voice, g *globalFlags) *cobra.Command {
	var asJSON, send bool
	cmd := &cobra.Command{
		Use:     "report",
		Short:   v.T("cli.report.short"),
		Long:    v.T("cli.report.long"),
		Example: v.T("cli.report.example"),
		Args:    noArgs(v),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runReport(cmd, g, asJSON, send)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, v.T("cli.report.json"))
	cmd.Flags().BoolVar(&send, "send", false, v.T("cli.report.send"))
	return cmd
}

// runReport prints the next participation report, the exact bytes that
// would be sent, or with send sends it when participating and due.
func runReport(cmd *cobra.Command, g *globalFlags, asJSON, send bool) error {
	v := voiceOf(cmd)
	if err := g.checkTimeout(v); err != nil {
		return err
	}
	o, err := g.overrides(v)
	if err != nil {
		return err
	}
	st := loadState(openStore(), o)
	warnInfo(cmd, st)
	now := time.Now()
	r, err := flow.LoadReport(st.store, st.in, flow.ReadOS(), now)
	if err != nil {
		return failure("%s", v.Err(err))
	}
	out := cmd.OutOrStdout()
	p := newPrinter(out, v)
	if !send {
		if asJSON {
			if r.Body != nil {
				_, err = out.Write(append(append([]byte(nil), r.Body...), '\n'))
			}
			return asFailure(err)
		}
		describeReport(p, st.in, r, now)
		if r.Body != nil {
			p.line("%s", string(r.Body))
		}
		return asFailure(p.err)
	}
	if !st.in.Participating || !r.Due(now) {
		if !asJSON {
			describeReport(p, st.in, r, now)
		}
		return asFailure(p.err)
	}
	d, err := flow.SendReport(cmd.Context(), st.store, model.DefaultPolicyDirs(), newNetChecker(st.store), st.in, r, g.timeout, now)
	switch {
	case err != nil:
		return failure("%s", v.Err(err))
	case !d.Sent:
		why := d.Err
		switch {
		case d.Status != 0:
			why = "HTTP " + strconv.Itoa(d.Status)
		case !d.Requested: // nothing left: the license does not allow it
			why = v.License(st.in.License)
		}
		return failure("%s", v.T("cli.report.not_sent", "Error", safe.Text(why)))
	}
	if asJSON {
		_, err = out.Write(append(append([]byte(nil), r.Body...), '\n'))
		return asFailure(err)
	}
	p.hanging("", v.N("cli.report.sent", r.Processes, "Status", d.Status, "From", v.When(r.From, now), "To", v.When(r.To, now)))
	p.hanging("", v.T("cli.report.see_sent"))
	return asFailure(p.err)
}

// describeReport says what the next report is: none while participation
// is off or nothing is spooled; else its period and when it is due.
func describeReport(p *printer, in flow.InForce, r flow.Report, now time.Time) {
	v := p.say
	switch {
	case !in.Participating:
		p.hanging("", v.T("cli.report.off"))
		return
	case r.Body == nil:
		p.hanging("", v.T("cli.report.nothing"))
		return
	}
	p.hanging("", v.N("cli.report.next", r.Processes, "From", v.When(r.From, now), "To", v.When(r.To, now)))
	if r.Due(now) {
		p.hanging("", v.T("cli.report.due_now", "URL", reportsURL(in)))
	} else {
		p.hanging("", v.T("cli.report.due_at", "When", v.When(r.DueAt, now), "Last", v.When(r.LastSent, now), "URL", reportsURL(in)))
	}
}

// reportsURL is where reports go for in, made safe to show.
func reportsURL(in flow.InForce) string {
	return safe.Text(strings.TrimRight(in.Endpoint, "/") + "/v1/reports")
}

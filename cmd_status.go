package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/netcheck"
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
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object (SPEC §5) instead of text")
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
	Managed map[string]string `json:"managed"`
}

// endpointJSON is the endpoint in force and where it came from.
type endpointJSON struct {
	URL    string `json:"url"`
	Source string `json:"source"`
}

// runStatus prints the report.
func runStatus(cmd *cobra.Command, g *globalFlags, asJSON bool) error {
	ls, url, source, res, err := checkNow(cmd, g)
	if err != nil {
		return err
	}
	now := time.Now()
	lic := ls.licenseObject(ls.licenseState(now, &res))
	if asJSON {
		conn := res.Connection()
		conn.Steps = nil
		out := statusJSON{
			Participation: ls.participating(),
			Window:        ls.window(),
			Statement:     ls.settings.KSN.Statement,
			License:       lic,
			Connection:    conn,
			Endpoint:      endpointJSON{URL: url, Source: source},
			Managed:       ls.managed(),
		}
		if err := writeJSON(cmd.OutOrStdout(), out); err != nil {
			return asFailure(err)
		}
		return ls.problem()
	}
	p := newPrinter(cmd.OutOrStdout())
	p.line("%s", p.bold("Kaspersky Security Network"))
	p.field("Participation", participationText(ls))
	p.field("Statement", statementText(ls.settings.KSN.Statement))
	p.field("Window", string(ls.window()))
	p.field("Endpoint", fmt.Sprintf("%s (%s)", url, sourceText(source)))
	p.field("License", licenseText(ls, lic, now))
	if keys := ls.policy.Keys(); len(keys) > 0 {
		p.field("Managed", strings.Join(keys, ", ")+": "+ls.policy.LockedMessage())
	}
	printConnection(p, res, now)
	if p.err != nil {
		return asFailure(p.err)
	}
	return ls.problem()
}

// liveCheck runs one connection check.
func liveCheck(ctx context.Context, in netcheck.Input) netcheck.Result {
	c := netcheck.New(netcheck.Options{UserAgent: "ksn/" + version})
	return c.Check(ctx, in)
}

// warnInfo prints the notices that are not errors on stderr.
func warnInfo(cmd *cobra.Command, ls localState) {
	for _, msg := range ls.infos() {
		fmt.Fprintln(cmd.ErrOrStderr(), "ksn: "+oneLine(msg))
	}
}

// participationText describes participation, the invariant applied.
func participationText(ls localState) string {
	st := ls.settings
	switch {
	case ls.participating():
		return "On"
	case st.KSN.Participation:
		return "Off: the KSN Statement has changed since you accepted it; read it with " +
			"'ksn statement', then run 'ksn enable --accept-statement'"
	}
	return "Off"
}

// statementText describes the decision about the statement.
func statementText(d model.StatementDecision) string {
	cur := "the current statement is " + statement.Version
	switch d.Decision {
	case model.DecisionAccepted:
		s := fmt.Sprintf("Accepted on %s (version %s)", when(d.DecidedAt), d.Version)
		if d.SHA256 != statement.SHA256() {
			s += "; it has changed since, " + cur
		}
		return s
	case model.DecisionDeclined:
		return fmt.Sprintf("Declined on %s (version %s)", when(d.DecidedAt), d.Version)
	}
	return "Not accepted (" + cur + ")"
}

// sourceText says where the endpoint came from.
func sourceText(source string) string {
	switch source {
	case sourceFlag:
		return "from --endpoint"
	case sourceEnvironment:
		return "from $" + endpointEnv
	case sourceSettings:
		return "from settings.json"
	case sourcePolicy:
		return "set by your administrator"
	}
	return "the default"
}

// licenseText describes the license in one line.
func licenseText(ls localState, lic licenseJSON, now time.Time) string {
	if ls.licenseErr != nil {
		return "Not usable: license.json is not valid; install a good one with 'ksn license install FILE'"
	}
	if !ls.hasLicense {
		return "None installed; install one with 'ksn license install FILE'"
	}
	var state string
	switch lic.State {
	case licenseActive:
		state = "Active"
	case licenseNotActivated:
		state = "Not activated"
	case licenseExpired:
		state = "Expired"
	case licenseDenylisted:
		state = "Key denylisted"
	}
	s := state + " · key …" + ls.license.KeySuffix()
	if e := ls.license.ExpiresAt; !e.IsZero() {
		if e.Before(now) {
			s += " · expired " + day(e)
		} else {
			s += " · expires " + day(e)
		}
	}
	return s
}

// printConnection prints the connection state, its reason and any
// restriction.
func printConnection(p *printer, res netcheck.Result, now time.Time) {
	checked := "checked " + clock(res.CheckedAt, now)
	if res.Connected {
		s := p.green("Connected") + " · " + checked
		if res.Latency > 0 {
			s += fmt.Sprintf(" · %d ms", res.Latency.Milliseconds())
		}
		p.field("Connection", s)
		if res.Restricted() {
			p.field("", p.yellow("⚠")+" "+restrictionText(res))
		}
		return
	}
	p.field("Connection", fmt.Sprintf("%s (%s) · %s", p.red("Not connected"), res.Reason, checked))
	p.field("", res.Message)
}

// restrictionText is the restriction notice with the time it ends.
func restrictionText(res netcheck.Result) string {
	until, now := res.RestrictedUntil().Local(), time.Now().Local()
	at := until.Format("15:04")
	if until.YearDay() != now.YearDay() || until.Year() != now.Year() {
		at = until.Format("2006-01-02 15:04")
	}
	return fmt.Sprintf("%s Until %s.", netcheck.RestrictionNotice, at)
}

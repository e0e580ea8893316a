package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
	"ksn/safe"
	"ksn/say"
)

// newSentCmd returns `ksn sent [--json] [--since TIME]` (docs/sent.md).
func newSentCmd(v say.Voice) *cobra.Command {
	var asJSON bool
	var since string
	cmd := &cobra.Command{
		Use:     "sent",
		Short:   v.T("cli.sent.short"),
		Long:    v.T("cli.sent.long"),
		Example: v.T("cli.sent.example"),
		Args:    noArgs(v),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSent(cmd, asJSON, since)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, v.T("cli.sent.json"))
	cmd.Flags().StringVar(&since, "since", "", v.T("cli.sent.since"))
	return cmd
}

// parseSince reads --since: an RFC 3339 time, or a duration back from now
// ("24h"); the zero time for "".
func parseSince(s string, now time.Time) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), true
	}
	return time.Time{}, false
}

// runSent lists the requests ksn has sent, oldest first: for people, one
// whole request after another; with asJSON, one line per request exactly
// as sent.jsonl keeps it, its body the bytes sent.
func runSent(cmd *cobra.Command, asJSON bool, sinceFlag string) error {
	v := voiceOf(cmd)
	now := time.Now()
	since, ok := parseSince(sinceFlag, now)
	if !ok {
		return usageError("%s", v.T("cli.sent.bad_since", "Value", fmt.Sprintf("%q", sinceFlag)))
	}
	st := loadState(openStore(), flow.Overrides{})
	d := flow.ReadDataSent(st.store, st.in, since)
	if d.Err != nil {
		return failure("%s", v.Err(d.Err))
	}
	out := cmd.OutOrStdout()
	entries := d.Entries
	if asJSON {
		for i := len(entries) - 1; i >= 0; i-- {
			line, err := model.EncodeSent(entries[i])
			if err != nil {
				return asFailure(err)
			}
			if _, err := out.Write(append(safe.JSON(line), '\n')); err != nil {
				return asFailure(err)
			}
		}
		return nil
	}
	p := newPrinter(out, v)
	for i := len(entries) - 1; i >= 0; i-- {
		for j, l := range v.SentWhole(entries[i], now) {
			if j == 0 {
				p.line("%s", p.bold(l))
				continue
			}
			p.hanging("  ", l)
		}
		p.line("")
	}
	switch n := v.NothingSent(d, now); {
	case len(entries) == 0 && !since.IsZero():
		p.hanging("", v.T("cli.sent.nothing_since", "When", v.When(since, now)))
	case n != "":
		p.hanging("", n)
	}
	if d.Skipped > 0 {
		p.hanging("", v.N("cli.sent.skipped", d.Skipped, "Path", safe.Text(st.store.Paths().SentFile())))
	}
	return asFailure(p.err)
}

package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"os/user"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
	"ksn/safe"
	"ksn/say"
)

// runMetrics prints the state as Prometheus metrics (`ksn status
// --format=prometheus`, docs/fleets.md) to output (a file replaced
// atomically, "" for standard output). It asks the service only when the
// last stored check no longer answers, so that a timer running it adds no
// requests of its own.
func runMetrics(cmd *cobra.Command, g *globalFlags, output string) error {
	st, _, err := checkNow(cmd, g, true)
	if err != nil {
		return err
	}
	firstBad, cerr := st.store.EachConsent(func(model.ConsentEntry) bool { return true })
	if cerr != nil { // the chain then counts as broken: say why
		fmt.Fprintln(cmd.ErrOrStderr(), "ksn: "+safe.Line(voiceOf(cmd).Err(cerr), 0))
	}
	now := time.Now()
	m := flow.MetricsOf(st.in, cerr == nil && firstBad == 0, lastReportTime(st.store), now)
	m.User = userName()
	if err := writeOutput(cmd, output, func(w io.Writer) error { return say.WriteMetrics(w, m) }); err != nil {
		return err
	}
	return st.problem(voiceOf(cmd))
}

// userName is the name of the user ksn runs as, the "user" label of the
// metrics (labelUser).
func userName() string { return labelUser(user.Current, os.Getenv, os.Getuid()) }

// labelUser is the account's name (current), else $USER, else the numeric
// uid, made safe to show and cut at 64 bytes: $USER is anyone's to set,
// and the metrics are read in terminals too.
func labelUser(current func() (*user.User, error), getenv func(string) string, uid int) string {
	var name string
	if u, err := current(); err == nil {
		name = u.Username
	}
	return safe.Line(cmp.Or(name, getenv("USER"), strconv.Itoa(uid)), 64)
}

// lastReportTime is when the last participation report was sent
// (report.json, docs/sent.md), for ksn_last_report_timestamp_seconds; the
// zero time, which leaves the metric out, while none was or report.json
// cannot be used.
func lastReportTime(store *model.Store) time.Time {
	last, _ := store.LastReport() // ksn report names a report.json it cannot use
	return last.SentAt
}

// writeOutput runs write on standard output, or, with a file named, on a
// buffer that then replaces the file atomically (a temporary file in its
// directory, renamed over it; mode 0644, for readers such as
// node_exporter), so that no reader sees half of it.
func writeOutput(cmd *cobra.Command, output string, write func(io.Writer) error) error {
	if output == "" {
		return asFailure(write(cmd.OutOrStdout()))
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return asFailure(err)
	}
	if err := model.ReplaceFile(output, buf.Bytes(), 0o644); err != nil {
		return failure("%s", voiceOf(cmd).Err(err))
	}
	return nil
}

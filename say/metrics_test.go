package say

import (
	"strings"
	"testing"
	"time"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
)

// TestWriteMetrics writes every metric of docs/fleets.md, each with its
// HELP and TYPE lines, and leaves out those with nothing to say.
func TestWriteMetrics(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 7, 10, 0, 0, 250_000_000, time.UTC)
	full := flow.Metrics{
		Participating:   true,
		Statement:       &model.StatementDecision{Decision: model.DecisionAccepted, Version: "2026.1", SHA256: "abc", Lang: "ru"},
		Connected:       true,
		LicenseExpiry:   time.Date(2027, 11, 29, 0, 0, 0, 0, time.UTC),
		RestrictedUntil: at.Add(time.Hour),
		CheckedAt:       at,
		ConsentIntact:   true,
		LastReport:      at.Add(-time.Hour),
	}
	var b strings.Builder
	if err := WriteMetrics(&b, full); err != nil {
		t.Fatal(err)
	}
	var samples []string
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if !strings.HasPrefix(l, "#") {
			samples = append(samples, l)
		}
	}
	want := []string{
		"ksn_participation 1",
		`ksn_statement_info{version="2026.1",sha256="abc",lang="ru"} 1`,
		"ksn_connected 1",
		"ksn_license_expiry_timestamp_seconds 1827446400",
		"ksn_restricted_until_timestamp_seconds 1796641200.25",
		"ksn_last_check_timestamp_seconds 1796637600.25",
		"ksn_consent_chain_intact 1",
		"ksn_last_report_timestamp_seconds 1796634000.25",
	}
	if strings.Join(samples, "\n") != strings.Join(want, "\n") {
		t.Errorf("samples:\n%s\nwant:\n%s", strings.Join(samples, "\n"), strings.Join(want, "\n"))
	}
	for _, name := range []string{"ksn_participation", "ksn_statement_info", "ksn_connected", "ksn_license_expiry_timestamp_seconds",
		"ksn_restricted_until_timestamp_seconds", "ksn_last_check_timestamp_seconds", "ksn_consent_chain_intact", "ksn_last_report_timestamp_seconds"} {
		if !strings.Contains(b.String(), "\n# TYPE "+name+" gauge\n") {
			t.Errorf("%s has no TYPE line", name)
		}
		if !strings.Contains(b.String(), "# HELP "+name+" ") {
			t.Errorf("%s has no HELP line", name)
		}
	}

	b.Reset()
	if err := WriteMetrics(&b, flow.Metrics{Reason: netcheck.ReasonNoInternet, CheckedAt: at}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, s := range []string{"ksn_participation 0\n", "ksn_connected 0\n", `ksn_disconnected_reason_info{reason="no_internet"} 1` + "\n", "ksn_consent_chain_intact 0\n"} {
		if !strings.Contains(out, s) {
			t.Errorf("not connected: no %q in\n%s", s, out)
		}
	}
	for _, name := range []string{"ksn_statement_info", "ksn_license_expiry", "ksn_restricted_until", "ksn_last_report"} {
		if strings.Contains(out, name) {
			t.Errorf("not connected: %s is there with nothing to say:\n%s", name, out)
		}
	}
}

// TestMetricsEscape escapes label values and HELP texts as the text
// format asks: \ " and a line feed in a label value, \ and a line feed in
// HELP; bytes that are not UTF-8 become U+FFFD; nothing else changes.
func TestMetricsEscape(t *testing.T) {
	t.Parallel()
	labels := []struct{ in, want string }{
		{`2026.1`, `2026.1`},
		{`a"b`, `a\"b`},
		{`a\b`, `a\\b`},
		{"a\nb", `a\nb`},
		{`\"` + "\n", `\\\"\n`},
		{`\n`, `\\n`},
		{"tab\there", "tab\there"},
		{"bad\xffbyte", "bad\uFFFDbyte"},
		{"Положение", "Положение"},
		{"", ""},
	}
	for _, tt := range labels {
		if got := escapeLabel(tt.in); got != tt.want {
			t.Errorf("escapeLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	helps := []struct{ in, want string }{
		{`say "so"`, `say "so"`},
		{`a\b`, `a\\b`},
		{"a\nb", `a\nb`},
	}
	for _, tt := range helps {
		if got := escapeHelp(tt.in); got != tt.want {
			t.Errorf("escapeHelp(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	var b strings.Builder
	m := flow.Metrics{Statement: &model.StatementDecision{Version: "v\"1\"\n", SHA256: `\`, Lang: "de"}}
	if err := WriteMetrics(&b, m); err != nil {
		t.Fatal(err)
	}
	if want := `ksn_statement_info{version="v\"1\"\n",sha256="\\",lang="de"} 1` + "\n"; !strings.Contains(b.String(), want) {
		t.Errorf("no %q in\n%s", want, b.String())
	}
}

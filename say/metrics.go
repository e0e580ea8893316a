package say

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"

	"ksn/flow"
)

// The Prometheus text format of `ksn status --format=prometheus`
// (docs/fleets.md): English only, as the JSON is. The format is small
// enough to write here: a HELP and a TYPE line per metric, then its
// samples; label values escape \, " and a line feed, HELP texts \ and a
// line feed (Prometheus' "Text-based format", exposition format 0.0.4).

// metric is one metric family: its name, HELP text and samples.
type metric struct {
	name, help string
	samples    []sample
}

// sample is one sample: labels (name, value pairs) and the value.
type sample struct {
	labels []string
	value  string
}

// WriteMetrics writes m in the Prometheus text format to w.
func WriteMetrics(w io.Writer, m flow.Metrics) error {
	bw := bufio.NewWriter(w)
	for _, f := range metricsOf(m) {
		if len(f.samples) == 0 {
			continue
		}
		bw.WriteString("# HELP " + f.name + " " + escapeHelp(f.help) + "\n")
		bw.WriteString("# TYPE " + f.name + " gauge\n")
		for _, s := range f.samples {
			if m.User != "" {
				s.labels = append([]string{"user", m.User}, s.labels...)
			}
			bw.WriteString(f.name)
			if len(s.labels) > 0 {
				bw.WriteByte('{')
				for i := 0; i+1 < len(s.labels); i += 2 {
					if i > 0 {
						bw.WriteByte(',')
					}
					bw.WriteString(s.labels[i] + `="` + escapeLabel(s.labels[i+1]) + `"`)
				}
				bw.WriteByte('}')
			}
			bw.WriteString(" " + s.value + "\n")
		}
	}
	return bw.Flush()
}

// metricsOf are the families of m, in the order of docs/fleets.md; one
// without samples is not written.
func metricsOf(m flow.Metrics) []metric {
	var statement, reason []sample
	if st := m.Statement; st != nil {
		statement = []sample{{labels: []string{"version", st.Version, "sha256", st.SHA256, "lang", st.Lang}, value: "1"}}
	}
	if !m.Connected && m.Reason != "" {
		reason = []sample{{labels: []string{"reason", string(m.Reason)}, value: "1"}}
	}
	return []metric{
		{"ksn_participation", "Whether this user participates in Kaspersky Security Network (1) or not (0).", bit(m.Participating)},
		{"ksn_statement_info", "The KSN Statement accepted, as labels; absent while none is.", statement},
		{"ksn_connected", "Whether the last connection check found this computer connected to KSN (1), restricted or not, or not (0).", bit(m.Connected)},
		{"ksn_disconnected_reason_info", "Why the last connection check found this computer not connected, as a label; absent while connected.", reason},
		{"ksn_license_expiry_timestamp_seconds", "When the license expires, in seconds since the Unix epoch; absent without a license or an expiry date.", stamp(m.LicenseExpiry)},
		{"ksn_restricted_until_timestamp_seconds", "When the temporary restriction of requests about file reputation ends, in seconds since the Unix epoch; absent while none is in force.", stamp(m.RestrictedUntil)},
		{"ksn_last_check_timestamp_seconds", "When the connection check these metrics come from was made, in seconds since the Unix epoch.", stamp(m.CheckedAt)},
		{"ksn_consent_chain_intact", "Whether the hash chain of the consent history (consent.jsonl) is intact (1) or broken (0).", bit(m.ConsentIntact)},
		{"ksn_last_report_timestamp_seconds", "When the last participation report was sent, in seconds since the Unix epoch; absent while none is known.", stamp(m.LastReport)},
	}
}

// bit is the one sample 1 or 0.
func bit(b bool) []sample {
	if b {
		return []sample{{value: "1"}}
	}
	return []sample{{value: "0"}}
}

// stamp is the one sample of t in seconds since the Unix epoch (to the
// millisecond), none for the zero time.
func stamp(t time.Time) []sample {
	if t.IsZero() {
		return nil
	}
	return []sample{{value: strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', -1, 64)}}
}

// escapeLabel escapes a label value: \ as \\, " as \", a line feed as \n;
// bytes that are not UTF-8 become U+FFFD, as the format is UTF-8.
func escapeLabel(s string) string {
	return labelEscaper.Replace(strings.ToValidUTF8(s, "\uFFFD"))
}

// escapeHelp escapes a HELP text: \ as \\, a line feed as \n.
func escapeHelp(s string) string {
	return helpEscaper.Replace(strings.ToValidUTF8(s, "\uFFFD"))
}

var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
)

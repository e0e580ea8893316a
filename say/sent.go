package say

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"ksn/flow"
	"ksn/model"
	"ksn/safe"
)

// The words of what is sent (docs/sent.md): the "Data sent" window of the
// TUI and the accessible mode, and `ksn sent`.

// NothingSent says that nothing has been sent, when d lists nothing: "Nothing
// has been sent for this user."; or, while participation is off, since when
// nothing has been sent. "" when there is a request to list while
// participating.
func (v Voice) NothingSent(d flow.DataSent, now time.Time) string {
	switch {
	case !d.Participating && len(d.Entries) > 0:
		return v.T("say.sent.off_since", "When", v.When(d.Since(), now))
	case len(d.Entries) == 0:
		return v.T("say.sent.nothing")
	}
	return ""
}

// SentStatus is the answer to a request: its HTTP status, or "no answer".
func (v Voice) SentStatus(e model.SentEntry) string {
	if e.Status != nil {
		return strconv.Itoa(*e.Status)
	}
	return v.T("say.sent.no_answer")
}

// SentLine is one request in a line: when, the method, the path and the
// answer, e.g. "7 Dec 11:50  GET /v1/status  200".
func (v Voice) SentLine(e model.SentEntry, now time.Time) string {
	return v.When(e.At, now) + "  " + safe.Text(e.Method) + " " + safe.Text(pathOf(e.URL)) + "  " + v.SentStatus(e)
}

// pathOf is the path of u, or u itself if it has none.
func pathOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Path == "" {
		return u
	}
	return p.Path
}

// SentWhole is one request in full, a line a fact: when, the request line,
// the answer, each header as it went, and the body (its JSON indented for
// reading; `ksn sent --json` has its bytes).
func (v Voice) SentWhole(e model.SentEntry, now time.Time) []string {
	lines := []string{
		v.T("say.sent.when", "When", v.When(e.At, now)+":"+e.At.Local().Format("05")),
		v.T("say.sent.request", "Method", safe.Text(e.Method), "URL", safe.Text(e.URL)),
	}
	answer := v.SentStatus(e)
	if e.Error != "" {
		answer += " (" + safe.Text(e.Error) + ")"
	}
	lines = append(lines, v.T("say.sent.answer", "Answer", answer), v.T("say.sent.headers"))
	names := make([]string, 0, len(e.Headers))
	for k := range e.Headers {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		lines = append(lines, "  "+safe.Text(k)+": "+safe.Text(e.Headers[k]))
	}
	if len(e.Body) == 0 || string(e.Body) == "null" {
		return append(lines, v.T("say.sent.no_body"))
	}
	lines = append(lines, v.N("say.sent.body", len(e.Body), "Bytes", len(e.Body)))
	var buf bytes.Buffer
	if json.Indent(&buf, e.Body, "  ", "  ") != nil {
		return append(lines, "  "+safe.Text(string(e.Body)))
	}
	for _, l := range strings.Split(buf.String(), "\n") {
		lines = append(lines, "  "+safe.Text(strings.TrimPrefix(l, "  ")))
	}
	return lines
}

// ReportDeleted says that ending participation deleted the pending
// participation report.
func (v Voice) ReportDeleted() string { return v.T("say.sent.report_deleted") }

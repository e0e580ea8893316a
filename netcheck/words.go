package netcheck

import (
	"strings"
	"time"

	"ksn/lang"
)

// The details of the steps are messages (check.detail.* in the catalogs),
// so that people read them in their language while the check's JSON keeps
// the English. What a detail quotes from outside (an error's text, an HTTP
// status, a host name, a value the service sent) is template data, escaped
// as the whole detail is (oneLine); a time is a time.Time, written by
// whoever says the detail: in RFC 3339 UTC in the JSON.

// render is m in l: the times in its data written by when, a message in
// its data said in l too, and a list of messages said each and joined
// with ", ".
func render(l lang.Lang, m lang.Msg, when func(time.Time) string) string {
	if m.ID == "" {
		return ""
	}
	data := append([]any(nil), m.Data...)
	for i := 1; i < len(data); i += 2 {
		switch v := data[i].(type) {
		case time.Time:
			data[i] = when(v)
		case lang.Msg:
			data[i] = render(l, v, when)
		case []lang.Msg:
			parts := make([]string, 0, len(v))
			for _, p := range v {
				parts = append(parts, render(l, p, when))
			}
			data[i] = strings.Join(parts, ", ")
		}
	}
	return l.Say(lang.Msg{ID: m.ID, Data: data})
}

// english is m as the check's JSON and its errors have it.
func english(m lang.Msg) string { return render(lang.English(), m, utc) }

// utc writes t as the check's JSON has times: RFC 3339 in UTC.
func utc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// timesIn are the times m's data names, in order, nested messages' too.
func timesIn(m lang.Msg) []time.Time {
	var out []time.Time
	for i := 1; i < len(m.Data); i += 2 {
		switch v := m.Data[i].(type) {
		case time.Time:
			out = append(out, v)
		case lang.Msg:
			out = append(out, timesIn(v)...)
		case []lang.Msg:
			for _, p := range v {
				out = append(out, timesIn(p)...)
			}
		}
	}
	return out
}

// errorWords is err as a detail: its own words if it has them, else its
// text as it is.
func errorWords(err error) lang.Msg {
	if w, ok := err.(lang.Wordy); ok { // an error of this package
		return w.Words()
	}
	return lang.Msg{ID: "check.detail.error", Data: []any{"Error", err.Error()}}
}

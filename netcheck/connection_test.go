package netcheck

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestConnectionJSON(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 29, 10, 42, 7, 0, time.UTC)
	tests := []struct {
		name string
		res  Result
		want string
	}{
		{"connected", Result{Connected: true, Message: "Connected", CheckedAt: at, Latency: 35 * time.Millisecond},
			`{"state":"connected","reason":null,"message":"Connected","restrictions":[],"checked_at":"2026-11-29T10:42:07Z","latency_ms":35}`},
		{"restricted", Result{Connected: true, Message: "Connected", CheckedAt: at,
			Restrictions: []Restriction{{Scope: "file_reputation", Until: at.Add(18 * time.Minute)}}},
			`{"state":"connected","reason":null,"message":"Connected","restrictions":[{"scope":"file_reputation","until":"2026-11-29T11:00:07Z"}],"checked_at":"2026-11-29T10:42:07Z","latency_ms":0}`},
		{"not participating", Result{Reason: ReasonNotParticipating, CheckedAt: at,
			Steps: []Step{{Name: StepSettings, Detail: "participation is off", Hint: "h"}}},
			`{"state":"disconnected","reason":"not_participating","message":"You do not participate in Kaspersky Security Network.","restrictions":[],"checked_at":"2026-11-29T10:42:07Z","latency_ms":0,"steps":[{"name":"settings","ok":false,"detail":"participation is off","hint":"h"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.res.Connection())
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got  %s\nwant %s", b, tt.want)
			}
		})
	}
}

func TestRestrictedOnlyWhenConnected(t *testing.T) {
	t.Parallel()
	r := Result{Reason: ReasonNoInternet, Restrictions: []Restriction{{Scope: "file_reputation", Until: time.Now().Add(time.Hour)}}}
	if r.Restricted() || !r.RestrictedUntil().IsZero() {
		t.Error("a disconnected result is restricted")
	}
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"a\r\nb\tc  d", "a b c d"},
		{"  lead and trail \n", "lead and trail"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"a\u009bb\u0085c", `a\u009bb c`},
		{"evil\u202etxt", `evil\u202etxt`},
		{strings.Repeat("é", 200), strings.Repeat("é", maxLine/2) + "…"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

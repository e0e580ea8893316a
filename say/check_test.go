package say

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"ksn/netcheck"
)

func TestReasonSentences(t *testing.T) {
	tests := []struct {
		reason netcheck.Reason
		want   string
	}{
		{netcheck.ReasonNone, "Connected"},
		{netcheck.ReasonNotParticipating, "You do not participate in Kaspersky Security Network."},
		{netcheck.ReasonNotActivated, "The application is not activated."},
		{netcheck.ReasonLicenseExpired, "License or subscription has expired."},
		{netcheck.ReasonNoInternet, "Your computer is not connected to the Internet."},
		{netcheck.ReasonKeyDenylisted, "License key issues have been identified (for example, the key has been added to denylist)."},
		{netcheck.ReasonServiceUnavailable, "Kaspersky Security Network servers are not responding."},
	}
	for _, tt := range tests {
		if got := en.Reason(tt.reason); got != tt.want {
			t.Errorf("Reason(%q) = %q, want %q", tt.reason, got, tt.want)
		}
	}
	if got := en.Reason("bogus"); got != "" {
		t.Errorf("unknown reason sentence = %q", got)
	}
	const notice = "Kaspersky has temporarily restricted requests to Kaspersky Security Network concerning the reputation of files."
	if got := en.RestrictionNotice(); got != notice {
		t.Errorf("RestrictionNotice = %q", got)
	}
}

// TestEveryCodeHasItsMessage: every detail and hint netcheck has is said,
// by the message check.detail.<code> or check.hint.<code> (model says a
// refused endpoint by that rule).
func TestEveryCodeHasItsMessage(t *testing.T) {
	for _, d := range netcheck.Details() {
		if id := detailID(d); id != "check.detail."+string(d) {
			t.Errorf("detail %s is said by %q", d, id)
		}
	}
	for _, h := range netcheck.Hints() {
		if id := hintID(h); id != "check.hint."+string(h) {
			t.Errorf("hint %s is said by %q", h, id)
		}
	}
	for _, r := range append(netcheck.Reasons(), netcheck.ReasonNone) {
		if en.Reason(r) == "" {
			t.Errorf("reason %q has no sentence", r)
		}
	}
}

func TestConnectionJSON(t *testing.T) {
	at := time.Date(2026, 11, 29, 10, 42, 7, 0, time.UTC)
	tests := []struct {
		name string
		res  netcheck.Result
		want string
	}{
		{"connected", netcheck.Result{Connected: true, CheckedAt: at, Latency: 35 * time.Millisecond},
			`{"state":"connected","reason":null,"message":"Connected","restrictions":[],"checked_at":"2026-11-29T10:42:07Z","latency_ms":35}`},
		{"restricted", netcheck.Result{Connected: true, CheckedAt: at,
			Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: at.Add(18 * time.Minute)}}},
			`{"state":"connected","reason":null,"message":"Connected","restrictions":[{"scope":"file_reputation","until":"2026-11-29T11:00:07Z"}],"checked_at":"2026-11-29T10:42:07Z","latency_ms":0}`},
		{"not participating", netcheck.Result{Reason: netcheck.ReasonNotParticipating, CheckedAt: at,
			Steps: []netcheck.Step{{Name: netcheck.StepSettings, Detail: netcheck.DetailSettingsOff, Hint: netcheck.HintNotParticipating}}},
			`{"state":"disconnected","reason":"not_participating","message":"You do not participate in Kaspersky Security Network.","restrictions":[],"checked_at":"2026-11-29T10:42:07Z","latency_ms":0,"steps":[{"name":"settings","ok":false,"detail":"participation is off","hint":"Turn participation on in Settings › Security settings › Kaspersky Security Network, or run ksn enable --accept-statement."}]}`},
		{"license until, in UTC", netcheck.Result{Connected: true, CheckedAt: at,
			Steps: []netcheck.Step{{Name: netcheck.StepLicense, OK: true, Detail: netcheck.DetailLicenseUntil,
				Facts: netcheck.Facts{Date: time.Date(2027, 11, 29, 0, 0, 0, 0, time.FixedZone("MSK", 3*3600))}}}},
			`{"state":"connected","reason":null,"message":"Connected","restrictions":[],"checked_at":"2026-11-29T10:42:07Z","latency_ms":0,"steps":[{"name":"license","ok":true,"detail":"the license is valid until 2027-11-28T21:00:00Z"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(ConnectionOf(tt.res))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got  %s\nwant %s", b, tt.want)
			}
		})
	}
}

// TestEndpointRefusedInTheReadersLanguage: ValidateEndpoint's error is a
// code and the endpoint; Err says it, in English and in Russian.
func TestEndpointRefusedInTheReadersLanguage(t *testing.T) {
	err := netcheck.ValidateEndpoint("ftp://ksn.example")
	if got, want := en.Err(err), `endpoint "ftp://ksn.example" is not an https URL`; got != want {
		t.Errorf("en = %q, want %q", got, want)
	}
	if got := voice(t, "ru").Err(err); got == en.Err(err) || !strings.Contains(got, "ftp://ksn.example") {
		t.Errorf("ru = %q", got)
	}
	if got := en.Err(errors.New("plain")); got != "plain" {
		t.Errorf("a plain error = %q", got)
	}
}

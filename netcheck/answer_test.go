package netcheck

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// pad returns a JSON answer of exactly n bytes saying the key is valid.
func pad(n int) string {
	const head, tail = `{"key":"valid","pad":"`, `"}`
	return head + strings.Repeat("a", n-len(head)-len(tail)) + tail
}

func TestAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		answer   http.HandlerFunc
		reason   Reason
		keyState KeyState
		last     StepName
	}{
		{"valid", body(`{"key":"valid","restrictions":[]}`), ReasonNone, "valid", StepRestrictions},
		{"valid, no restrictions field", body(`{"key":"valid"}`), ReasonNone, "valid", StepRestrictions},
		{"valid, unknown fields", body(`{"key":"valid","extra":{"a":[1,2]},"restrictions":[],"more":true}`), ReasonNone, "valid", StepRestrictions},
		{"denylisted", body(`{"key":"denylisted","restrictions":[]}`), ReasonKeyDenylisted, "denylisted", StepKey},
		{"service says expired", body(`{"key":"expired","restrictions":[]}`), ReasonLicenseExpired, "expired", StepKey},
		{"HTTP 500", status(http.StatusInternalServerError), ReasonServiceUnavailable, "", StepService},
		{"HTTP 503", status(http.StatusServiceUnavailable), ReasonServiceUnavailable, "", StepService},
		{"HTTP 404", status(http.StatusNotFound), ReasonServiceUnavailable, "", StepService},
		{"HTTP 204", status(http.StatusNoContent), ReasonServiceUnavailable, "", StepService},
		{"HTTP 302 without Location", status(http.StatusFound), ReasonServiceUnavailable, "", StepService},
		{"not JSON", body(`<html>captive portal</html>`), ReasonServiceUnavailable, "", StepService},
		{"empty body", body(``), ReasonServiceUnavailable, "", StepService},
		{"JSON null", body(`null`), ReasonServiceUnavailable, "", StepKey},
		{"trailing garbage", body(`{"key":"valid"} x`), ReasonServiceUnavailable, "", StepService},
		{"wrong type", body(`{"key":1}`), ReasonServiceUnavailable, "", StepService},
		{"bad until", body(`{"key":"valid","restrictions":[{"scope":"file_reputation","until":"soon"}]}`), ReasonServiceUnavailable, "", StepService},
		{"missing key", body(`{"restrictions":[]}`), ReasonServiceUnavailable, "", StepKey},
		{"unknown key", body(`{"key":"stolen"}`), ReasonServiceUnavailable, "", StepKey},
		{"key in another case", body(`{"key":"VALID"}`), ReasonServiceUnavailable, "", StepKey},
		{"exactly 64 KiB", body(pad(MaxBody)), ReasonNone, "valid", StepRestrictions},
		{"64 KiB + 1 with length", body(pad(MaxBody + 1)), ReasonServiceUnavailable, "", StepService},
		{"64 KiB + 1 chunked", func(w http.ResponseWriter, r *http.Request) {
			s := pad(MaxBody + 1)
			_, _ = w.Write([]byte(s[:100]))
			w.(http.Flusher).Flush()
			_, _ = w.Write([]byte(s[100:]))
		}, ReasonServiceUnavailable, "", StepService},
		{"1 MiB", body(pad(1 << 20)), ReasonServiceUnavailable, "", StepService},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := serve(t, tt.answer)
			res := checkWith(t, goodInput(srv.URL))
			wantReason(t, res, tt.reason)
			if res.KeyState != tt.keyState {
				t.Errorf("KeyState = %q, want %q", res.KeyState, tt.keyState)
			}
			if s := lastStep(t, res); s.Name != tt.last {
				t.Errorf("last step %+v, want %s", s, tt.last)
			}
			if !res.Requested || rec.n.Load() != 1 {
				t.Errorf("Requested %v, %d requests; want true, 1", res.Requested, rec.n.Load())
			}
			if res.Latency <= 0 {
				t.Errorf("Latency = %v", res.Latency)
			}
			if (tt.reason == ReasonServiceUnavailable) != (res.Trouble.Kind != TroubleNone) {
				t.Errorf("Trouble = %+v", res.Trouble)
			}
			if res.Restricted() {
				t.Error("Restricted")
			}
		})
	}
}

func TestOversizeDetail(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, body(pad(MaxBody+1)))
	res := checkWith(t, goodInput(srv.URL))
	if s := lastStep(t, res); s.Detail != DetailReadTooLarge || s.Facts.Max != MaxBody {
		t.Errorf("detail %q", s.Detail)
	}
}

func TestRestrictionsInAnswer(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC().Truncate(time.Second)
	future, later, past := now.Add(20*time.Minute), now.Add(2*time.Hour), now.Add(-time.Minute)
	_, srv := serve(t, body(fmt.Sprintf(`{"key":"valid","restrictions":[
		{"scope":"file_reputation","until":%q},
		{"scope":"file_reputation","until":%q},
		{"scope":"url_reputation","until":%q},
		{"scope":"file_reputation"}]}`,
		future.Format(time.RFC3339), past.Format(time.RFC3339), later.Format(time.RFC3339))))
	res := checkWith(t, goodInput(srv.URL))
	wantReason(t, res, ReasonNone)
	want := []Restriction{{Scope: "file_reputation", Until: future}, {Scope: "url_reputation", Until: later}}
	if len(res.Restrictions) != len(want) {
		t.Fatalf("Restrictions = %+v, want %+v", res.Restrictions, want)
	}
	for i := range want {
		if res.Restrictions[i].Scope != want[i].Scope || !res.Restrictions[i].Until.Equal(want[i].Until) {
			t.Errorf("Restrictions[%d] = %+v, want %+v", i, res.Restrictions[i], want[i])
		}
	}
	if !res.Restricted() || !res.RestrictedUntil().Equal(later) {
		t.Errorf("Restricted %v until %v", res.Restricted(), res.RestrictedUntil())
	}
	if s := lastStep(t, res); s.Detail != DetailRestrictionsList || len(s.Facts.Restrictions) != len(want) {
		t.Errorf("restrictions step %+v", s)
	}
}

func TestOnlyPastRestrictions(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, body(`{"key":"valid","restrictions":[{"scope":"file_reputation","until":"2001-01-01T00:00:00Z"}]}`))
	res := checkWith(t, goodInput(srv.URL))
	wantReason(t, res, ReasonNone)
	if res.Restricted() || len(res.Restrictions) != 0 {
		t.Errorf("Restrictions = %+v", res.Restrictions)
	}
	if s := lastStep(t, res); s.Detail != DetailRestrictionsNone {
		t.Errorf("restrictions step %+v", s)
	}
}

// TestNoTerminalEscapes checks that what a server says cannot put escape
// sequences in front of the user.
func TestNoTerminalEscapes(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, body("{\"key\":\"valid\",\"restrictions\":[{\"scope\":\"\\u001b[31mred\\u009b\",\"until\":\"2999-01-01T00:00:00Z\"}]}"))
	res := checkWith(t, goodInput(srv.URL))
	if len(res.Restrictions) != 1 || strings.ContainsAny(res.Restrictions[0].Scope, "\x1b\u009b") {
		t.Errorf("Restrictions = %q", res.Restrictions)
	}
	_, srv = serve(t, body("{\"key\":\"\\u001b]0;pwned\\u0007\"}"))
	res = checkWith(t, goodInput(srv.URL))
	for _, s := range res.Steps {
		for _, f := range factTexts(s.Facts) {
			if strings.ContainsAny(f, "\x1b\x07") {
				t.Errorf("step %+v", s)
			}
		}
	}
	if strings.ContainsAny(res.Trouble.Cause, "\x1b\x07") {
		t.Errorf("Trouble %+v", res.Trouble)
	}
}

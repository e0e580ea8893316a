package netcheck

import (
	"slices"
	"testing"
	"time"
)

// TestNothingSent covers the first three rows of docs/check.md: each is found
// without sending one request.
func TestNothingSent(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		edit   func(in *Input)
		reason Reason
		steps  []StepName
	}{
		{"participation off", func(in *Input) { in.Participating = false }, ReasonNotParticipating,
			[]StepName{StepSettings}},
		{"participation off, no license either", func(in *Input) { in.Participating = false; in.License = License{} }, ReasonNotParticipating,
			[]StepName{StepSettings}},
		{"no license", func(in *Input) { in.License = License{} }, ReasonNotActivated,
			[]StepName{StepSettings, StepActivation}},
		{"broken license", func(in *Input) { in.License = License{Broken: "license.json"} }, ReasonNotActivated,
			[]StepName{StepSettings, StepActivation}},
		{"not activated", func(in *Input) { in.License.Activated = false }, ReasonNotActivated,
			[]StepName{StepSettings, StepActivation}},
		{"no key digest", func(in *Input) { in.License.KeySHA256 = "" }, ReasonNotActivated,
			[]StepName{StepSettings, StepActivation}},
		{"raw key instead of digest", func(in *Input) { in.License.KeySHA256 = testKey }, ReasonNotActivated,
			[]StepName{StepSettings, StepActivation}},
		{"expired license", func(in *Input) { in.License.ExpiresAt = now.Add(-time.Second) }, ReasonLicenseExpired,
			[]StepName{StepSettings, StepActivation, StepLicense}},
		{"expired and not activated", func(in *Input) { in.License.ExpiresAt = now.Add(-time.Hour); in.License.Activated = false }, ReasonNotActivated,
			[]StepName{StepSettings, StepActivation}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, srv := serve(t, body(`{"key":"valid","restrictions":[]}`))
			in := goodInput(srv.URL)
			tt.edit(&in)
			c := New(Options{UserAgent: "ksn/test", Now: func() time.Time { return now }})
			res := c.Check(t.Context(), in)
			wantReason(t, res, tt.reason)
			if res.Requested {
				t.Error("Requested = true")
			}
			if n := rec.n.Load(); n != 0 {
				t.Errorf("%d requests reached the service, want 0", n)
			}
			if res.Latency != 0 || res.Trouble != (Trouble{}) || res.KeyState != "" {
				t.Errorf("Latency %v, Trouble %+v, KeyState %q; want zero values", res.Latency, res.Trouble, res.KeyState)
			}
			if got := stepNames(res); !slices.Equal(got, tt.steps) {
				t.Errorf("steps %v, want %v", got, tt.steps)
			}
			if !res.CheckedAt.Equal(now) {
				t.Errorf("CheckedAt = %v, want %v", res.CheckedAt, now)
			}
		})
	}
}

// TestNoExpiryDate checks that a zero ExpiresAt means no expiry.
func TestNoExpiryDate(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, body(`{"key":"valid"}`))
	in := goodInput(srv.URL)
	in.License.ExpiresAt = time.Time{}
	wantReason(t, checkWith(t, in), ReasonNone)
}

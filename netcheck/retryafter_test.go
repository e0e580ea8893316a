package netcheck

import (
	"math"
	"net/http"
	"testing"
	"time"
)

func TestRetryUntil(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Time
	}{
		{"", now.Add(DefaultRetryAfter)},
		{"120", now.Add(2 * time.Minute)},
		{" 120 ", now.Add(2 * time.Minute)},
		{"0", now.Add(MinRetryAfter)},
		{"86400", now.Add(24 * time.Hour)},
		{"86401", now.Add(86401 * time.Second)},
		{"86400000", now.Add(86400000 * time.Second)},          // as the service gave it
		{"99999999999999999999999999", now.Add(math.MaxInt64)}, // as far as a Duration goes
		{"-5", now.Add(DefaultRetryAfter)},
		{"1.5", now.Add(DefaultRetryAfter)},
		{"soon", now.Add(DefaultRetryAfter)},
		{now.Add(30 * time.Minute).Format(http.TimeFormat), now.Add(30 * time.Minute)},
		{now.Add(-time.Hour).Format(http.TimeFormat), now.Add(MinRetryAfter)},
		{now.AddDate(1, 0, 0).Format(http.TimeFormat), now.AddDate(1, 0, 0)},
		{"Fri, 31 Dec 9999 23:59:59 GMT", now.Add(math.MaxInt64)},
		{now.Add(45 * time.Minute).Format(time.RFC850), now.Add(45 * time.Minute)},
	}
	for _, tt := range tests {
		if got := retryUntil(tt.header, now); !got.Equal(tt.want) {
			t.Errorf("retryUntil(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestTooManyRequests(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		retryAfter string
		want       time.Time
	}{
		{"seconds", "600", now.Add(10 * time.Minute)},
		{"HTTP date", now.Add(40 * time.Minute).Format(http.TimeFormat), now.Add(40 * time.Minute)},
		{"far away", "86400000", now.Add(86400000 * time.Second)}, // shown as given; ksn rechecks within RecheckWithin
		{"missing", "", now.Add(DefaultRetryAfter)},
		{"invalid", "tomorrow", now.Add(DefaultRetryAfter)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(http.StatusTooManyRequests)
			})
			in := goodInput(srv.URL)
			in.License.ExpiresAt = now.Add(time.Hour)
			res := New(Options{Now: func() time.Time { return now }}).Check(t.Context(), in)
			wantReason(t, res, ReasonNone)
			if !res.Restricted() || len(res.Restrictions) != 1 {
				t.Fatalf("Restrictions = %+v", res.Restrictions)
			}
			r := res.Restrictions[0]
			if r.Scope != "file_reputation" || !r.Until.Equal(tt.want) {
				t.Errorf("restriction %+v, want file_reputation until %v", r, tt.want)
			}
			if res.KeyState != "" {
				t.Errorf("KeyState = %q", res.KeyState)
			}
			if s := lastStep(t, res); s.Name != StepRestrictions || !s.OK {
				t.Errorf("last step %+v", s)
			}
		})
	}
}

package netcheck

import (
	"testing"
	"time"
)

func TestRestrictedOnlyWhenConnected(t *testing.T) {
	r := Result{Reason: ReasonNoInternet, Restrictions: []Restriction{{Scope: "file_reputation", Until: time.Now().Add(time.Hour)}}}
	if r.Restricted() || !r.RestrictedUntil().IsZero() {
		t.Error("a disconnected result is restricted")
	}
}

func TestReasonCodes(t *testing.T) {
	tests := []struct {
		reason Reason
		code   string
		hint   Hint
	}{
		{ReasonNone, "", HintNone},
		{ReasonNotParticipating, "not_participating", HintNotParticipating},
		{ReasonNotActivated, "not_activated", HintNotActivated},
		{ReasonLicenseExpired, "license_expired", HintExpired},
		{ReasonNoInternet, "no_internet", HintConnect},
		{ReasonKeyDenylisted, "key_denylisted", HintDenylisted},
		{ReasonServiceUnavailable, "service_unavailable", HintService},
	}
	for _, tt := range tests {
		if string(tt.reason) != tt.code {
			t.Errorf("code %q, want %q", tt.reason, tt.code)
		}
		if got := tt.reason.Hint(); got != tt.hint {
			t.Errorf("%q.Hint() = %q, want %q", tt.reason, got, tt.hint)
		}
		if !tt.reason.Known() {
			t.Errorf("%q.Known() = false", tt.reason)
		}
	}
	if Reason("bogus").Known() || Reason("bogus").Hint() != HintNone {
		t.Error("unknown reason is Known, or has a hint")
	}
}

package netcheck

import (
	"testing"

	"ksn/lang"
)

func TestSentences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		reason Reason
		code   string
		want   string
	}{
		{ReasonNone, "", "Connected"},
		{ReasonNotParticipating, "not_participating", "You do not participate in Kaspersky Security Network."},
		{ReasonNotActivated, "not_activated", "The application is not activated."},
		{ReasonLicenseExpired, "license_expired", "License or subscription has expired."},
		{ReasonNoInternet, "no_internet", "Your computer is not connected to the Internet."},
		{ReasonKeyDenylisted, "key_denylisted", "License key issues have been identified (for example, the key has been added to denylist)."},
		{ReasonServiceUnavailable, "service_unavailable", "Kaspersky Security Network servers are not responding."},
	}
	for _, tt := range tests {
		if string(tt.reason) != tt.code {
			t.Errorf("code %q, want %q", tt.reason, tt.code)
		}
		if got := tt.reason.Sentence(); got != tt.want {
			t.Errorf("%q.Sentence() = %q, want %q", tt.reason, got, tt.want)
		}
		if !tt.reason.Known() {
			t.Errorf("%q.Known() = false", tt.reason)
		}
	}
	if got := Reason("bogus").Sentence(); got != "" {
		t.Errorf("unknown reason sentence = %q", got)
	}
	if Reason("bogus").Known() {
		t.Error("unknown reason is Known")
	}
	const notice = "Kaspersky has temporarily restricted requests to Kaspersky Security Network concerning the reputation of files."
	if got := lang.English().T(RestrictionNotice); got != notice {
		t.Errorf("RestrictionNotice = %q", got)
	}
}

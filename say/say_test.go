package say

import (
	"errors"
	"strings"
	"testing"
	"time"

	"ksn/flow"
	"ksn/netcheck"
)

// en is the English voice the tests read.
var en Voice

// inZone runs the test with the local zone set to name, as TZ would.
func inZone(t *testing.T, name string) {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no zone %s: %v", name, err)
	}
	old := time.Local
	time.Local = loc
	t.Cleanup(func() { time.Local = old })
}

func TestWhenFollowsSpecRulesInLocalTime(t *testing.T) {
	inZone(t, "Asia/Tokyo")                             // UTC+9
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC) // 13:00 in Tokyo
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 12, 1, 4, 7, 30, 0, time.UTC), "13:07"},
		{time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC), "2\u00a0Dec\u00a001:00"}, // tomorrow in Tokyo, today in UTC
		{time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), "5\u00a0Mar\u00a009:00"},
		{time.Date(2027, 11, 29, 0, 0, 0, 0, time.UTC), "29\u00a0Nov\u00a02027\u00a009:00"},
	}
	for _, tt := range tests {
		if got := en.When(tt.t, now); got != tt.want {
			t.Errorf("en.When(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
	if got := en.Checked(time.Date(2026, 12, 1, 4, 7, 30, 0, time.UTC), now); got != "checked 13:07:30" {
		t.Errorf("Checked today = %q", got)
	}
	if got := en.Checked(time.Date(2026, 11, 30, 4, 7, 30, 0, time.UTC), now); got != "checked 30\u00a0Nov\u00a013:07" {
		t.Errorf("Checked yesterday = %q", got)
	}
	if got := en.Date(time.Date(2027, 11, 28, 20, 0, 0, 0, time.UTC)); got != "29\u00a0Nov\u00a02027" {
		t.Errorf("Date = %q (local day in Tokyo)", got)
	}
}

func TestRestrictionIsTheServicesEnd(t *testing.T) {
	inZone(t, "Asia/Tokyo")
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	until := time.Date(2026, 12, 1, 4, 9, 30, 0, time.UTC)
	res := &netcheck.Result{Connected: true, Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: until}}}
	want := "Kaspersky has temporarily restricted requests to Kaspersky Security Network concerning the reputation of files. Until 13:09."
	if got := en.Restriction(res, now); got != want {
		t.Errorf("Restriction = %q, want %q", got, want)
	}
	if got := en.Restriction(&netcheck.Result{Connected: true}, now); got != "" {
		t.Errorf("no restriction = %q", got)
	}
	step := netcheck.Step{Name: netcheck.StepRestrictions, OK: true, Detail: netcheck.DetailRestrictionsList,
		Facts: netcheck.Facts{Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: until}}}}
	if got := en.StepDetail(step, now); got != "file reputation until 13:09" {
		t.Errorf("StepDetail = %q", got)
	}
}

func TestLicenseLine(t *testing.T) {
	inZone(t, "UTC")
	exp := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		l    flow.LicenseInfo
		want string
	}{
		{flow.LicenseInfo{}, "Not activated · no license installed"},
		{flow.LicenseInfo{Installed: true, Err: errors.New("bad")}, "Not usable: license.json is not valid"},
		{flow.LicenseInfo{Installed: true, State: flow.LicenseUnreadable, Err: errors.New("bad")}, "Not usable: license.json is not valid"},
		{flow.LicenseInfo{Installed: true, State: flow.LicenseNotActivated, KeySuffix: "PQRST"}, "Not activated · key …PQRST"},
		{flow.LicenseInfo{Installed: true, State: flow.LicenseExpired, ExpiresAt: exp, KeySuffix: "PQRST"}, "Expired on 29\u00a0Nov\u00a02026 · key …PQRST"},
		{flow.LicenseInfo{Installed: true, State: flow.LicenseDenylisted, KeySuffix: "PQRST"}, "Key on a denylist · key …PQRST"},
		{flow.LicenseInfo{Installed: true, State: flow.LicenseActive, ExpiresAt: exp, KeySuffix: "PQRST"}, "Active · key …PQRST · until 29\u00a0Nov\u00a02026"},
	}
	for _, tt := range tests {
		if got := en.License(tt.l); got != tt.want {
			t.Errorf("en.License(%+v) = %q, want %q", tt.l, got, tt.want)
		}
	}
}

func TestWhatToDoIsTheFailedStepsHint(t *testing.T) {
	res := &netcheck.Result{Reason: netcheck.ReasonNoInternet, Steps: []netcheck.Step{
		{Name: netcheck.StepSettings, OK: true},
		{Name: netcheck.StepTLS, OK: false, Hint: netcheck.HintTLS},
	}}
	if got := en.WhatToDo(res); !strings.Contains(got, "TLS inspection") {
		t.Errorf("WhatToDo = %q", got)
	}
	res.Steps = nil
	if got := en.WhatToDo(res); got != "Check the network connection and firewall, and HTTPS_PROXY / NO_PROXY if you use a proxy." {
		t.Errorf("WhatToDo without steps = %q", got)
	}
	if got := en.WhatToDo(&netcheck.Result{Connected: true}); got != "" {
		t.Errorf("WhatToDo connected = %q", got)
	}
	if got := en.ReasonHint(netcheck.ReasonKeyDenylisted); !strings.Contains(got, "Kaspersky support") {
		t.Errorf("denylisted hint = %q", got)
	}
}

func TestSummaryAndConnectionAgree(t *testing.T) {
	res := &netcheck.Result{Connected: true, Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: time.Now().Add(time.Hour)}}}
	in := flow.InForce{Participating: true, Check: res}
	if got := en.Summary(in, false); got != "On · Connected · restricted" {
		t.Errorf("Summary = %q", got)
	}
	if got := en.Connection(in.Connection(), false); got != "Connected · restricted" {
		t.Errorf("Connection = %q, the end of the summary", got)
	}
}

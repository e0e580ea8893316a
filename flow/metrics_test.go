package flow

import (
	"reflect"
	"testing"
	"time"

	"ksn/model"
	"ksn/netcheck"
)

// TestMetricsOf gives each metric its fact: participation, the accepted
// statement, the connection and its reason, the license's end, the
// restriction's end while in force, the check's time, the chain, the
// report.
func TestMetricsOf(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	in := participant()
	in.Settings.KSN.Statement = model.StatementDecision{Decision: model.DecisionAccepted, Version: "2026.1", SHA256: "ab", Lang: "de"}
	in.Check = &netcheck.Result{Connected: true, CheckedAt: now.Add(-time.Minute),
		Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: now.Add(time.Hour)}}}
	report := now.Add(-time.Hour)
	m := MetricsOf(in, true, report, now)
	want := Metrics{
		Participating: true, Statement: &in.Settings.KSN.Statement, Connected: true,
		LicenseExpiry: in.License.ExpiresAt, RestrictedUntil: now.Add(time.Hour), CheckedAt: now.Add(-time.Minute),
		ConsentIntact: true, LastReport: report,
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("MetricsOf = %+v\nwant %+v", m, want)
	}

	off := InForce{Check: &netcheck.Result{Reason: netcheck.ReasonNotParticipating, CheckedAt: now}}
	off.Settings.KSN.Statement = model.StatementDecision{Decision: model.DecisionDeclined, Version: "2026.1"}
	m = MetricsOf(off, false, time.Time{}, now)
	want = Metrics{Reason: netcheck.ReasonNotParticipating, CheckedAt: now}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("MetricsOf while off = %+v\nwant %+v", m, want)
	}

	ended := in
	ended.Check = &netcheck.Result{Connected: true, CheckedAt: now.Add(-time.Hour),
		Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: now.Add(-time.Second)}}}
	if m := MetricsOf(ended, true, time.Time{}, now); !m.RestrictedUntil.IsZero() {
		t.Errorf("an ended restriction is in the metrics: %v", m.RestrictedUntil)
	}
}

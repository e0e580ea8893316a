package flow

import (
	"time"

	"ksn/model"
	"ksn/netcheck"
)

// Metrics are the facts `ksn status --format=prometheus` gives a fleet's
// monitoring (docs/fleets.md); say.WriteMetrics writes them. A zero time is
// one not known, and its metric is left out.
type Metrics struct {
	// User is the user the metrics are of, a label on every sample, so
	// that the files of several users in one textfile directory are told
	// apart (docs/fleets.md); none if empty.
	User string
	// Participating is participation in force, the invariant applied.
	Participating bool
	// Statement is the statement accepted, in force (a policy's own
	// acceptance counted); nil if none is.
	Statement *model.StatementDecision
	// Connected is whether the check found the computer connected
	// (restricted counts as connected), and Reason why not.
	Connected bool
	Reason    netcheck.Reason
	// LicenseExpiry is the usable license's "expires_at".
	LicenseExpiry time.Time
	// RestrictedUntil is the end of a restriction in force.
	RestrictedUntil time.Time
	// CheckedAt is when the check these metrics come from was made.
	CheckedAt time.Time
	// ConsentIntact is whether consent.jsonl's chain is intact (an empty
	// history is).
	ConsentIntact bool
	// LastReport is when the last participation report was sent.
	LastReport time.Time
}

// MetricsOf are the metrics of in (with its check), given whether the
// consent chain is intact and when the last report was sent (zero: not
// known), at now.
func MetricsOf(in InForce, consentIntact bool, lastReport, now time.Time) Metrics {
	m := Metrics{
		Participating: in.Participating,
		ConsentIntact: consentIntact,
		LastReport:    lastReport,
	}
	if st := in.Settings.KSN.Statement; st.Decision == model.DecisionAccepted {
		m.Statement = &st
	}
	if in.License.Usable() {
		m.LicenseExpiry = in.License.ExpiresAt
	}
	if res := in.Check; res != nil {
		m.Connected, m.Reason, m.CheckedAt = res.Connected, res.Reason, res.CheckedAt
		if until := res.RestrictedUntil(); res.Restricted() && until.After(now) {
			m.RestrictedUntil = until
		}
	}
	return m
}

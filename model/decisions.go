package model

import "time"

// Accept returns s with participation on and the statement (version, sha)
// accepted at at, and the history entry to record. It does no I/O; the
// entry's Prev is left for the Store to fill.
func (s Settings) Accept(version, sha string, at time.Time, via string) (Settings, ConsentEntry) {
	at = stamp(at)
	s.KSN.Participation = true
	s.KSN.Statement = StatementDecision{Decision: DecisionAccepted, Version: version, SHA256: sha, DecidedAt: at}
	return s, ConsentEntry{At: at, Decision: ConsentAccepted, Version: version, SHA256: sha, Via: via}
}

// Decline returns s with participation off and the statement (version, sha)
// declined at at, and the history entry to record. It does no I/O.
func (s Settings) Decline(version, sha string, at time.Time, via string) (Settings, ConsentEntry) {
	at = stamp(at)
	s.KSN.Participation = false
	s.KSN.Statement = StatementDecision{Decision: DecisionDeclined, Version: version, SHA256: sha, DecidedAt: at}
	return s, ConsentEntry{At: at, Decision: ConsentDeclined, Version: version, SHA256: sha, Via: via}
}

// Withdraw returns s with participation off and the history entry
// "withdrawn" for the statement (version, sha). The statement decision is
// kept as it was (normally accepted, with its sha256): turning participation
// on again always shows the statement again. It does no I/O.
func (s Settings) Withdraw(version, sha string, at time.Time, via string) (Settings, ConsentEntry) {
	at = stamp(at)
	s.KSN.Participation = false
	return s, ConsentEntry{At: at, Decision: ConsentWithdrawn, Version: version, SHA256: sha, Via: via}
}

// stamp is the form in which decision times are kept: UTC, whole seconds.
func stamp(t time.Time) time.Time {
	return t.UTC().Truncate(time.Second)
}

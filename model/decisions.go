package model

import "time"

// Statement names the statement a decision is about: its version, the
// sha256 of its Markdown and its language ("en", "ru", "de"; docs/languages.md).
type Statement struct {
	Version string
	SHA256  string
	Lang    string
}

// Accept returns s with participation on and the statement st
// accepted at at, and the history entry to record. It does no I/O; the
// entry's Prev is left for the Store to fill.
func (s Settings) Accept(st Statement, at time.Time, via string) (Settings, ConsentEntry) {
	at = stamp(at)
	s.KSN.Participation = true
	s.KSN.Statement = StatementDecision{Decision: DecisionAccepted, Version: st.Version, SHA256: st.SHA256, Lang: st.Lang, DecidedAt: at}
	return s, ConsentEntry{At: at, Decision: ConsentAccepted, Version: st.Version, SHA256: st.SHA256, Lang: st.Lang, Via: via}
}

// Decline returns s with participation off and the statement st
// declined at at, and the history entry to record. It does no I/O.
func (s Settings) Decline(st Statement, at time.Time, via string) (Settings, ConsentEntry) {
	at = stamp(at)
	s.KSN.Participation = false
	s.KSN.Statement = StatementDecision{Decision: DecisionDeclined, Version: st.Version, SHA256: st.SHA256, Lang: st.Lang, DecidedAt: at}
	return s, ConsentEntry{At: at, Decision: ConsentDeclined, Version: st.Version, SHA256: st.SHA256, Lang: st.Lang, Via: via}
}

// Withdraw returns s with participation off and the history entry
// "withdrawn". The entry names the statement that was accepted (its
// version, sha256 and language), so that a consent given to the Russian
// text is withdrawn from the Russian text, whoever withdraws it; st, the
// statement the withdrawing reader sees, only when no acceptance is
// recorded. The statement decision is kept as it was: turning
// participation on again always shows the statement again. It does no
// I/O.
func (s Settings) Withdraw(st Statement, at time.Time, via string) (Settings, ConsentEntry) {
	at = stamp(at)
	s.KSN.Participation = false
	if d := s.KSN.Statement; d.Decision == DecisionAccepted && d.SHA256 != "" {
		st = Statement{Version: d.Version, SHA256: d.SHA256, Lang: d.Lang}
	}
	return s, ConsentEntry{At: at, Decision: ConsentWithdrawn, Version: st.Version, SHA256: st.SHA256, Lang: st.Lang, Via: via}
}

// stamp is the form in which decision times are kept: UTC, whole seconds.
func stamp(t time.Time) time.Time {
	return t.UTC().Truncate(time.Second)
}

package flow

import "ksn/model"

// Recorded reports whether the acceptance st records (settings.json's
// statement decision) is consent.jsonl's latest decision, last (ok false
// if there is none): an acceptance of the same statement, same sha256.
// Only such an acceptance counts; one written by hand, without its record,
// counts as none (docs/files.md).
func Recorded(st model.StatementDecision, last model.ConsentEntry, ok bool) bool {
	return ok && st.Decision == model.DecisionAccepted &&
		last.Decision == model.ConsentAccepted && last.SHA256 == st.SHA256
}

// unrecorded reports whether the settings in force, s (the user's with the
// policy applied), turn participation on with an acceptance that
// consent.jsonl, as read in f, does not hold (see Recorded),
// where the administrator's policy does not accept the statement itself
// (its acceptance needs no record: the policy is the administrator's
// record). An acceptance recorded after the one in settings.json is a
// decision whose settings are being saved, or whose writer died: it is not
// told as unrecorded, though it does not count either.
func unrecorded(s model.Settings, f model.Files) bool {
	u, last := s.KSN, f.Consent
	if !u.Participation || u.Statement.Decision != model.DecisionAccepted || f.Policy.Locks(model.KeyStatement) {
		return false
	}
	pending := f.ConsentOK && last.Decision == model.ConsentAccepted && last.At.After(u.Statement.DecidedAt)
	return !Recorded(u.Statement, last, f.ConsentOK) && !pending
}

// consentCounts reports whether the acceptance in force, in, counts: the
// policy's own, or the user's with its record in f.
func consentCounts(in model.Settings, f model.Files) bool {
	return f.Policy.Locks(model.KeyStatement) || Recorded(in.KSN.Statement, f.Consent, f.ConsentOK)
}

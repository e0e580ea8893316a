package netcheck

import "ksn/lang"

// HintNoLicense is the message that says what to do when no license is
// installed.
const HintNoLicense = "check.hint.no_license"

// The hints of failed steps (SPEC §4), by message ID: what to do, in one
// line.
const (
	hintNotParticipating = "check.hint.not_participating"
	hintNotActivated     = "check.hint.not_activated"
	hintBadDigest        = "check.hint.bad_digest"
	hintExpired          = "check.hint.expired"
	hintEndpoint         = "check.hint.endpoint"
	hintDNS              = "check.hint.dns"
	hintConnect          = "check.hint.connect"
	hintProxy            = "check.hint.proxy"
	hintTLS              = "check.hint.tls"
	hintTimeout          = "check.hint.timeout"
	hintCanceled         = "check.hint.canceled"
	hintService          = "check.hint.service"
	hintRedirect         = "check.hint.redirect"
	hintAnswer           = "check.hint.answer"
	hintDenylisted       = "check.hint.denylisted"
)

// HintWords says what to do about reason r, in one line, as a message: what
// the help topics say of it. A failed step's own hint may be more precise
// (which of DNS, connect, TLS or timeout failed).
func (r Reason) HintWords() lang.Msg {
	switch r {
	case ReasonNotParticipating:
		return lang.Msg{ID: hintNotParticipating}
	case ReasonNotActivated:
		return lang.Msg{ID: hintNotActivated}
	case ReasonLicenseExpired:
		return lang.Msg{ID: hintExpired}
	case ReasonNoInternet:
		return lang.Msg{ID: hintConnect}
	case ReasonKeyDenylisted:
		return lang.Msg{ID: hintDenylisted}
	case ReasonServiceUnavailable:
		return lang.Msg{ID: hintService}
	}
	return lang.Msg{}
}

// Hint is HintWords in English, as the check's JSON carries it.
func (r Reason) Hint() string { return lang.English().Say(r.HintWords()) }

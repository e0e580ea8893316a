package netcheck

import "slices"

// Reason is the code of why the computer is not connected to KSN, as in the
// table of docs/check.md. The zero value, [ReasonNone], means connected.
type Reason string

// The reason codes of docs/check.md, in the order the check finds them.
const (
	// ReasonNone means connected.
	ReasonNone Reason = ""
	// ReasonNotParticipating means participation in KSN is off.
	ReasonNotParticipating Reason = "not_participating"
	// ReasonNotActivated means there is no license or it is not activated.
	ReasonNotActivated Reason = "not_activated"
	// ReasonLicenseExpired means the license has expired, by its own date
	// or because the service said so.
	ReasonLicenseExpired Reason = "license_expired"
	// ReasonNoInternet means a DNS, connect, TLS or timeout failure.
	ReasonNoInternet Reason = "no_internet"
	// ReasonKeyDenylisted means the service said the key is denylisted.
	ReasonKeyDenylisted Reason = "key_denylisted"
	// ReasonServiceUnavailable means an HTTP error other than 429, a bad or
	// oversized answer, or a refused redirect.
	ReasonServiceUnavailable Reason = "service_unavailable"
)

// Known reports whether r is one of the codes defined in this package.
func (r Reason) Known() bool {
	return r == ReasonNone || slices.Contains(Reasons(), r)
}

// Reasons lists the reasons for not being connected, in the order the
// check finds them (docs/check.md).
func Reasons() []Reason {
	return []Reason{ReasonNotParticipating, ReasonNotActivated, ReasonLicenseExpired,
		ReasonNoInternet, ReasonKeyDenylisted, ReasonServiceUnavailable}
}

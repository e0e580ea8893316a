package netcheck

import (
	"time"

	"ksn/safe"
)

// MaxLine is the longest text from outside (an error's text, a value the
// service sent) a fact keeps, in bytes, and the longest a detail is said
// in; a cut is marked with an ellipsis.
const MaxLine = 300

// Detail is the code of what a step found, or why it failed. Each names
// the facts it uses; say has its sentence in every language
// (check.detail.<code> in the catalogs).
type Detail string

// The details of the steps.
const (
	DetailSettingsOn  Detail = "settings.on"
	DetailSettingsOff Detail = "settings.off"

	DetailActivationNone         Detail = "activation.none"
	DetailActivationBroken       Detail = "activation.broken" // File
	DetailActivationNotActivated Detail = "activation.not_activated"
	DetailActivationBadDigest    Detail = "activation.bad_digest"
	DetailActivationOK           Detail = "activation.ok"

	DetailLicenseExpired Detail = "license.expired" // Date
	DetailLicenseForever Detail = "license.forever"
	DetailLicenseUntil   Detail = "license.until" // Date

	DetailDNSAddrs    Detail = "dns.addrs"    // Host, Addrs, More
	DetailDNSIP       Detail = "dns.ip"       // Host
	DetailDNSResolved Detail = "dns.resolved" // Host
	DetailReused      Detail = "reused"
	DetailConnectOK   Detail = "connect.ok" // Addr, Reused, Proxy
	DetailTLSHTTP     Detail = "tls.http"
	DetailTLSOK       Detail = "tls.ok" // TLSVersion, Issuer
	DetailTLSDone     Detail = "tls.done"

	DetailTimedOutDNS     Detail = "timed_out.dns"     // Limit
	DetailTimedOutConnect Detail = "timed_out.connect" // Limit
	DetailTimedOutTLS     Detail = "timed_out.tls"     // Limit
	DetailTimedOutAnswer  Detail = "timed_out.answer"  // Limit
	DetailCanceledDNS     Detail = "canceled.dns"
	DetailCanceledConnect Detail = "canceled.connect"
	DetailCanceledTLS     Detail = "canceled.tls"
	DetailCanceledAnswer  Detail = "canceled.answer"
	DetailError           Detail = "error"     // Error: the error as it is
	DetailNoAnswer        Detail = "no_answer" // Error

	DetailReadTooLarge Detail = "read.too_large" // Max
	DetailReadTimedOut Detail = "read.timed_out" // Limit
	DetailReadCanceled Detail = "read.canceled"
	DetailReadFailed   Detail = "read.failed" // Error

	DetailRedirectTooMany Detail = "redirect.too_many" // Max
	DetailRedirectScheme  Detail = "redirect.scheme"   // From, To
	DetailRedirectHost    Detail = "redirect.host"     // Host
	DetailRedirectPort    Detail = "redirect.port"     // Port

	DetailEndpointEmpty     Detail = "endpoint.empty"
	DetailEndpointControls  Detail = "endpoint.controls"   // Endpoint
	DetailEndpointNotURL    Detail = "endpoint.not_url"    // Endpoint
	DetailEndpointNotHTTPS  Detail = "endpoint.not_https"  // Endpoint
	DetailEndpointNoHost    Detail = "endpoint.no_host"    // Endpoint
	DetailEndpointUser      Detail = "endpoint.user"       // Endpoint
	DetailEndpointQuery     Detail = "endpoint.query"      // Endpoint
	DetailEndpointPlainHTTP Detail = "endpoint.plain_http" // Endpoint

	DetailServiceOK      Detail = "service.ok"       // Status, Latency
	DetailServiceNotJSON Detail = "service.not_json" // Error
	DetailServiceStatus  Detail = "service.status"   // Status
	DetailServiceLimited Detail = "service.limited"

	DetailKeyValid      Detail = "key.valid"
	DetailKeyDenylisted Detail = "key.denylisted"
	DetailKeyExpired    Detail = "key.expired"
	DetailKeyMissing    Detail = "key.missing"
	DetailKeyUnknown    Detail = "key.unknown" // State
	DetailKeyLimited    Detail = "key.limited"

	DetailRestrictionsNone Detail = "restrictions.none"
	DetailRestrictionsList Detail = "restrictions.list" // Restrictions
)

// Details lists every detail a step may have.
func Details() []Detail {
	return []Detail{
		DetailSettingsOn, DetailSettingsOff,
		DetailActivationNone, DetailActivationBroken, DetailActivationNotActivated, DetailActivationBadDigest, DetailActivationOK,
		DetailLicenseExpired, DetailLicenseForever, DetailLicenseUntil,
		DetailDNSAddrs, DetailDNSIP, DetailDNSResolved, DetailReused, DetailConnectOK,
		DetailTLSHTTP, DetailTLSOK, DetailTLSDone,
		DetailTimedOutDNS, DetailTimedOutConnect, DetailTimedOutTLS, DetailTimedOutAnswer,
		DetailCanceledDNS, DetailCanceledConnect, DetailCanceledTLS, DetailCanceledAnswer,
		DetailError, DetailNoAnswer,
		DetailReadTooLarge, DetailReadTimedOut, DetailReadCanceled, DetailReadFailed,
		DetailRedirectTooMany, DetailRedirectScheme, DetailRedirectHost, DetailRedirectPort,
		DetailEndpointEmpty, DetailEndpointControls, DetailEndpointNotURL, DetailEndpointNotHTTPS,
		DetailEndpointNoHost, DetailEndpointUser, DetailEndpointQuery, DetailEndpointPlainHTTP,
		DetailServiceOK, DetailServiceNotJSON, DetailServiceStatus, DetailServiceLimited,
		DetailKeyValid, DetailKeyDenylisted, DetailKeyExpired, DetailKeyMissing, DetailKeyUnknown, DetailKeyLimited,
		DetailRestrictionsNone, DetailRestrictionsList,
	}
}

// Facts are what a step's detail names. Each detail uses a few of them
// (see the Detail constants); the others are zero. What came from outside
// (an error's text, the HTTP status, a certificate's issuer, a key state
// the service sent) is kept in one line, escaped (safe.Line).
type Facts struct {
	// Date is the license's expiry date.
	Date time.Time
	// Limit is how long a phase was given before it timed out.
	Limit time.Duration
	// Latency is the time of the HTTP exchange, to the millisecond.
	Latency time.Duration
	// Status is the HTTP status line the service answered, e.g. "200 OK".
	Status string
	// Host is the host name looked up, or the one a redirect went to.
	Host string
	// Addrs are the first addresses the lookup found; More is how many
	// others it found.
	Addrs []string
	More  int
	// Addr is the address connected to.
	Addr string
	// Reused is whether the connection was reused.
	Reused bool
	// Proxy is the proxy used, its password hidden; "" for none.
	Proxy string
	// TLSVersion is the TLS version negotiated (tls.VersionTLS13 …).
	TLSVersion uint16
	// Issuer is the issuer of the service's certificate.
	Issuer string
	// Error is the text of an error, as Go or the network gave it.
	Error string
	// Max is a bound that was passed: bytes of an answer, redirects.
	Max int
	// From and To are the schemes of a refused redirect.
	From, To string
	// Port is the port of a refused redirect.
	Port string
	// File is the license file that cannot be used.
	File string
	// Endpoint is the endpoint refused, its password hidden.
	Endpoint string
	// State is the key state the service sent that is not known.
	State string
	// Restrictions are the restrictions in force.
	Restrictions []Restriction
}

// outside is text from outside as a fact keeps it.
func outside(s string) string { return safe.Line(s, MaxLine) }

// Hint is the code of what to do about a failed step, or about a reason
// (docs/check.md); say has its sentence (check.hint.<code> in the catalogs).
type Hint string

// The hints. HintNone is a step that passed.
const (
	HintNone             Hint = ""
	HintNoLicense        Hint = "no_license"
	HintBrokenLicense    Hint = "broken_license"
	HintNotParticipating Hint = "not_participating"
	HintNotActivated     Hint = "not_activated"
	HintBadDigest        Hint = "bad_digest"
	HintExpired          Hint = "expired"
	HintEndpoint         Hint = "endpoint"
	HintDNS              Hint = "dns"
	HintConnect          Hint = "connect"
	HintRefused          Hint = "refused"
	HintProxy            Hint = "proxy"
	HintTLS              Hint = "tls"
	HintTimeout          Hint = "timeout"
	HintCanceled         Hint = "canceled"
	HintService          Hint = "service"
	HintRedirect         Hint = "redirect"
	HintAnswer           Hint = "answer"
	HintDenylisted       Hint = "denylisted"
)

// Hints lists every hint but HintNone.
func Hints() []Hint {
	return []Hint{HintNoLicense, HintBrokenLicense, HintNotParticipating, HintNotActivated, HintBadDigest, HintExpired,
		HintEndpoint, HintDNS, HintConnect, HintRefused, HintProxy, HintTLS, HintTimeout, HintCanceled,
		HintService, HintRedirect, HintAnswer, HintDenylisted}
}

// Hint is what to do about reason r: what the help topics say of it. A
// failed step's own hint may be more precise (which of DNS, connect, TLS
// or timeout failed). HintNone for ReasonNone or an unknown code.
func (r Reason) Hint() Hint {
	switch r {
	case ReasonNotParticipating:
		return HintNotParticipating
	case ReasonNotActivated:
		return HintNotActivated
	case ReasonLicenseExpired:
		return HintExpired
	case ReasonNoInternet:
		return HintConnect
	case ReasonKeyDenylisted:
		return HintDenylisted
	case ReasonServiceUnavailable:
		return HintService
	}
	return HintNone
}

// Trouble is the technical side of a failure once the check reached for
// the network, for logs and tests: how it is said (Kind) and the error as
// Go or the service gave it (Cause). say.Voice.Trouble says it.
type Trouble struct {
	Kind TroubleKind
	// Cause is the error's text, in one line, escaped; "" when the
	// failed step's detail says it all.
	Cause string
}

// TroubleKind says how a Trouble is said.
type TroubleKind string

// The kinds of Trouble.
const (
	// TroubleNone: nothing went wrong on the network, or nothing was sent.
	TroubleNone TroubleKind = ""
	// TroubleStep: the failed step's detail, then the Cause if any.
	TroubleStep TroubleKind = "step"
	// TroubleCause: the Cause alone.
	TroubleCause TroubleKind = "cause"
	// TroubleAnswer: a bad answer; the Cause, or the failed step's detail.
	TroubleAnswer TroubleKind = "answer"
	// TroubleNoKey: an answer that does not say what the key is.
	TroubleNoKey TroubleKind = "no_key"
	// TroubleUnknownKey: an answer with a key state not known (the failed
	// step's State).
	TroubleUnknownKey TroubleKind = "unknown_key"
	// TroubleStatus: an HTTP status other than 200 and 429 (the failed
	// step's Status).
	TroubleStatus TroubleKind = "status"
)

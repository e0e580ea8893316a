package say

import (
	"crypto/tls"
	"fmt"
	"strings"
	"time"

	"ksn/netcheck"
	"ksn/safe"
)

// The words of the connection check (docs/check.md): netcheck returns codes and
// facts, and these functions say them, in the Voice's language for people
// and in English, times in RFC 3339 UTC, for the JSON (ConnectionOf).

// idPair is a code and the ID of the message that says it.
type idPair[K comparable] struct {
	code K
	id   string
}

// idOf is the ID of the message that says code in table, "" for none.
// Each table stays in its function, written out, so that the catalog's
// completeness test finds every ID it uses.
func idOf[K comparable](code K, table []idPair[K]) string {
	for _, p := range table {
		if p.code == code {
			return p.id
		}
	}
	return ""
}

// reasonID is the sentence of a reason code (check.reason.*).
func reasonID(r netcheck.Reason) string {
	return idOf(r, []idPair[netcheck.Reason]{
		{netcheck.ReasonNone, "check.reason.connected"},
		{netcheck.ReasonNotParticipating, "check.reason.not_participating"},
		{netcheck.ReasonNotActivated, "check.reason.not_activated"},
		{netcheck.ReasonLicenseExpired, "check.reason.license_expired"},
		{netcheck.ReasonNoInternet, "check.reason.no_internet"},
		{netcheck.ReasonKeyDenylisted, "check.reason.key_denylisted"},
		{netcheck.ReasonServiceUnavailable, "check.reason.service_unavailable"},
	})
}

// whyID is the few words of a reason code (say.connection.why.*) that
// follow "Not connected".
func whyID(r netcheck.Reason) string {
	return idOf(r, []idPair[netcheck.Reason]{
		{netcheck.ReasonNotParticipating, "say.connection.why.not_participating"},
		{netcheck.ReasonNotActivated, "say.connection.why.not_activated"},
		{netcheck.ReasonLicenseExpired, "say.connection.why.license_expired"},
		{netcheck.ReasonNoInternet, "say.connection.why.no_internet"},
		{netcheck.ReasonKeyDenylisted, "say.connection.why.key_denylisted"},
		{netcheck.ReasonServiceUnavailable, "say.connection.why.service_unavailable"},
	})
}

// hintID is the sentence of a hint (check.hint.*).
func hintID(h netcheck.Hint) string {
	return idOf(h, []idPair[netcheck.Hint]{
		{netcheck.HintNoLicense, "check.hint.no_license"},
		{netcheck.HintBrokenLicense, "check.hint.broken_license"},
		{netcheck.HintNotParticipating, "check.hint.not_participating"},
		{netcheck.HintNotActivated, "check.hint.not_activated"},
		{netcheck.HintBadDigest, "check.hint.bad_digest"},
		{netcheck.HintExpired, "check.hint.expired"},
		{netcheck.HintEndpoint, "check.hint.endpoint"},
		{netcheck.HintDNS, "check.hint.dns"},
		{netcheck.HintConnect, "check.hint.connect"},
		{netcheck.HintRefused, "check.hint.refused"},
		{netcheck.HintProxy, "check.hint.proxy"},
		{netcheck.HintTLS, "check.hint.tls"},
		{netcheck.HintTimeout, "check.hint.timeout"},
		{netcheck.HintCanceled, "check.hint.canceled"},
		{netcheck.HintService, "check.hint.service"},
		{netcheck.HintRedirect, "check.hint.redirect"},
		{netcheck.HintAnswer, "check.hint.answer"},
		{netcheck.HintDenylisted, "check.hint.denylisted"},
	})
}

// detailID is the sentence of a step's detail: check.detail.<code>
// (model says an endpoint it refuses with the same messages, by that rule).
func detailID(d netcheck.Detail) string {
	return idOf(d, []idPair[netcheck.Detail]{
		{netcheck.DetailSettingsOn, "check.detail.settings.on"},
		{netcheck.DetailSettingsOff, "check.detail.settings.off"},
		{netcheck.DetailActivationNone, "check.detail.activation.none"},
		{netcheck.DetailActivationBroken, "check.detail.activation.broken"},
		{netcheck.DetailActivationNotActivated, "check.detail.activation.not_activated"},
		{netcheck.DetailActivationBadDigest, "check.detail.activation.bad_digest"},
		{netcheck.DetailActivationOK, "check.detail.activation.ok"},
		{netcheck.DetailLicenseExpired, "check.detail.license.expired"},
		{netcheck.DetailLicenseForever, "check.detail.license.forever"},
		{netcheck.DetailLicenseUntil, "check.detail.license.until"},
		{netcheck.DetailDNSAddrs, "check.detail.dns.addrs"},
		{netcheck.DetailDNSIP, "check.detail.dns.ip"},
		{netcheck.DetailDNSResolved, "check.detail.dns.resolved"},
		{netcheck.DetailReused, "check.detail.reused"},
		{netcheck.DetailConnectOK, "check.detail.connect.ok"},
		{netcheck.DetailTLSHTTP, "check.detail.tls.http"},
		{netcheck.DetailTLSOK, "check.detail.tls.ok"},
		{netcheck.DetailTLSDone, "check.detail.tls.done"},
		{netcheck.DetailTimedOutDNS, "check.detail.timed_out.dns"},
		{netcheck.DetailTimedOutConnect, "check.detail.timed_out.connect"},
		{netcheck.DetailTimedOutTLS, "check.detail.timed_out.tls"},
		{netcheck.DetailTimedOutAnswer, "check.detail.timed_out.answer"},
		{netcheck.DetailCanceledDNS, "check.detail.canceled.dns"},
		{netcheck.DetailCanceledConnect, "check.detail.canceled.connect"},
		{netcheck.DetailCanceledTLS, "check.detail.canceled.tls"},
		{netcheck.DetailCanceledAnswer, "check.detail.canceled.answer"},
		{netcheck.DetailError, "check.detail.error"},
		{netcheck.DetailNoAnswer, "check.detail.no_answer"},
		{netcheck.DetailReadTooLarge, "check.detail.read.too_large"},
		{netcheck.DetailReadTimedOut, "check.detail.read.timed_out"},
		{netcheck.DetailReadCanceled, "check.detail.read.canceled"},
		{netcheck.DetailReadFailed, "check.detail.read.failed"},
		{netcheck.DetailRedirectTooMany, "check.detail.redirect.too_many"},
		{netcheck.DetailRedirectScheme, "check.detail.redirect.scheme"},
		{netcheck.DetailRedirectHost, "check.detail.redirect.host"},
		{netcheck.DetailRedirectPort, "check.detail.redirect.port"},
		{netcheck.DetailEndpointEmpty, "check.detail.endpoint.empty"},
		{netcheck.DetailEndpointControls, "check.detail.endpoint.controls"},
		{netcheck.DetailEndpointNotURL, "check.detail.endpoint.not_url"},
		{netcheck.DetailEndpointNotHTTPS, "check.detail.endpoint.not_https"},
		{netcheck.DetailEndpointNoHost, "check.detail.endpoint.no_host"},
		{netcheck.DetailEndpointUser, "check.detail.endpoint.user"},
		{netcheck.DetailEndpointQuery, "check.detail.endpoint.query"},
		{netcheck.DetailEndpointPlainHTTP, "check.detail.endpoint.plain_http"},
		{netcheck.DetailServiceOK, "check.detail.service.ok"},
		{netcheck.DetailServiceNotJSON, "check.detail.service.not_json"},
		{netcheck.DetailServiceStatus, "check.detail.service.status"},
		{netcheck.DetailServiceLimited, "check.detail.service.limited"},
		{netcheck.DetailKeyValid, "check.detail.key.valid"},
		{netcheck.DetailKeyDenylisted, "check.detail.key.denylisted"},
		{netcheck.DetailKeyExpired, "check.detail.key.expired"},
		{netcheck.DetailKeyMissing, "check.detail.key.missing"},
		{netcheck.DetailKeyUnknown, "check.detail.key.unknown"},
		{netcheck.DetailKeyLimited, "check.detail.key.limited"},
		{netcheck.DetailRestrictionsNone, "check.detail.restrictions.none"},
		{netcheck.DetailRestrictionsList, "check.detail.restrictions.list"},
	})
}

// Reason is the sentence of a reason code (docs/check.md); "" for an unknown
// code.
func (v Voice) Reason(r netcheck.Reason) string { return v.say(reasonID(r)) }

// ReasonHint says what to do about a reason code.
func (v Voice) ReasonHint(r netcheck.Reason) string { return v.Hint(r.Hint()) }

// Hint says what to do, in one line; "" for HintNone.
func (v Voice) Hint(h netcheck.Hint) string { return v.say(hintID(h)) }

// RestrictionNotice is the notice of docs/check.md without its end.
func (v Voice) RestrictionNotice() string { return v.T("check.restriction_notice") }

// say is message id in v, "" for no id.
func (v Voice) say(id string) string {
	if id == "" {
		return ""
	}
	return v.T(id)
}

// StepDetail is a check step's detail for people, in the Voice's
// language, in one line: the times it names in local time, the license's
// date as the license line gives it.
func (v Voice) StepDetail(s netcheck.Step, now time.Time) string {
	f := v.forPeople(now)
	if s.Name == netcheck.StepLicense {
		f.when = v.Date
	}
	return v.detail(s.Detail, s.Facts, f)
}

// forms are how a detail writes its facts: times, durations and
// restriction scopes.
type forms struct {
	when  func(time.Time) string
	dur   func(time.Duration) string
	scope func(string) string
}

// forPeople writes facts for a person: local times, durations and scopes
// in the Voice's words (docs/languages.md).
func (v Voice) forPeople(now time.Time) forms {
	return forms{when: func(t time.Time) string { return v.When(t, now) }, dur: v.Duration, scope: v.Scope}
}

// forJSON writes facts as the JSON and logs have them: RFC 3339 UTC,
// Go's durations, the service's scope codes.
func forJSON() forms {
	return forms{when: jsonTime, dur: time.Duration.String, scope: func(s string) string { return s }}
}

// Scope is a restriction's scope in words ("file reputation"), the
// service's code, made safe, when say has no words for it.
func (v Voice) Scope(code string) string {
	if id := idOf(code, []idPair[string]{{"file_reputation", "check.scope.file_reputation"}}); id != "" {
		return v.T(id)
	}
	return safe.Text(code)
}

// StepHint is a failed check step's hint for people.
func (v Voice) StepHint(s netcheck.Step) string { return v.Hint(s.Hint) }

// detail says detail d with its facts, in one line of at most
// netcheck.MaxLine bytes, its facts written in forms fm; "" for an
// unknown code.
func (v Voice) detail(d netcheck.Detail, f netcheck.Facts, fm forms) string {
	id := detailID(d)
	if id == "" {
		return ""
	}
	kv := []any{"Host", f.Host, "Addrs", strings.Join(f.Addrs, ", "), "More", f.More, "Addr", f.Addr,
		"Reused", f.Reused, "Proxy", f.Proxy, "Issuer", f.Issuer, "Error", f.Error, "Status", f.Status,
		"Latency", fm.dur(f.Latency), "Limit", fm.dur(f.Limit), "Max", f.Max, "From", f.From, "To", f.To, "Port", f.Port,
		"Endpoint", f.Endpoint, "File", f.File}
	switch d {
	case netcheck.DetailLicenseExpired, netcheck.DetailLicenseUntil:
		kv = append(kv, "Date", fm.when(f.Date))
	case netcheck.DetailTLSOK:
		kv = append(kv, "Version", tls.VersionName(f.TLSVersion))
	case netcheck.DetailKeyUnknown:
		kv = append(kv, "State", fmt.Sprintf("%q", f.State))
	case netcheck.DetailRestrictionsList:
		parts := make([]string, 0, len(f.Restrictions))
		for _, r := range f.Restrictions {
			parts = append(parts, v.T("check.detail.restrictions.until", "Scope", fm.scope(r.Scope), "Until", fm.when(r.Until)))
		}
		kv = append(kv, "List", strings.Join(parts, ", "))
	}
	return safe.Line(v.T(id, kv...), netcheck.MaxLine)
}

// Trouble is the technical side of a check's failure, in one line, for
// logs: the failed step's detail, the error as Go or the service gave it,
// or both; "" when there is none.
func (v Voice) Trouble(r netcheck.Result) string {
	failed, _ := r.FailedStep()
	detail := func() string { return v.detail(failed.Detail, failed.Facts, forJSON()) }
	var s string
	switch t := r.Trouble; t.Kind {
	case netcheck.TroubleNone:
		return ""
	case netcheck.TroubleStep:
		s = detail()
		if t.Cause != "" {
			s += ": " + t.Cause
		}
	case netcheck.TroubleAnswer:
		cause := t.Cause
		if cause == "" {
			cause = detail()
		}
		s = v.T("check.trouble.answer", "Cause", cause)
	case netcheck.TroubleNoKey:
		s = v.T("check.trouble.no_key")
	case netcheck.TroubleUnknownKey:
		s = v.T("check.trouble.unknown_key", "State", fmt.Sprintf("%q", failed.Facts.State))
	case netcheck.TroubleStatus:
		s = v.T("check.trouble.status", "Status", failed.Facts.Status)
	default:
		s = t.Cause
	}
	return safe.Line(s, netcheck.MaxLine)
}

// checkErr says an error of netcheck's for people: an endpoint or a
// redirect refused; ok false for any other error.
func (v Voice) checkErr(err error) (string, bool) {
	switch e := err.(type) {
	case *netcheck.EndpointError:
		return v.detail(e.Detail, netcheck.Facts{Endpoint: e.Endpoint}, forJSON()), true
	case *netcheck.RedirectError:
		return v.detail(e.Detail, e.Facts, forJSON()), true
	}
	return "", false
}

// Connection states of the "connection" object of docs/commands.md.
const (
	// StateConnected is the state of a connected computer.
	StateConnected = "connected"
	// StateDisconnected is the state of one that is not.
	StateDisconnected = "disconnected"
)

// ConnectionJSON is the "connection" object of `ksn status --json` and
// `ksn check --json` (docs/commands.md), in English.
type ConnectionJSON struct {
	// State is StateConnected or StateDisconnected.
	State string `json:"state"`
	// Reason is the reason code, or nil (JSON null) when connected.
	Reason *netcheck.Reason `json:"reason"`
	// Message is the sentence of docs/check.md.
	Message string `json:"message"`
	// Restrictions are those in force; never nil, so never JSON null.
	Restrictions []netcheck.Restriction `json:"restrictions"`
	// CheckedAt is when the check finished.
	CheckedAt time.Time `json:"checked_at"`
	// LatencyMS is Result.Latency in milliseconds.
	LatencyMS int64 `json:"latency_ms"`
	// Steps are the steps taken (for `ksn check --json`); set it to nil to
	// leave them out.
	Steps []StepJSON `json:"steps,omitempty"`
}

// StepJSON is one step of a check as the JSON has it.
type StepJSON struct {
	Name netcheck.StepName `json:"name"`
	OK   bool              `json:"ok"`
	// Detail says what was found, in one line, its times in RFC 3339 UTC.
	Detail string `json:"detail,omitempty"`
	// Hint says what to do about a failure; "" when OK.
	Hint string `json:"hint,omitempty"`
}

// ConnectionOf is r as the "connection" object of docs/commands.md, its words in
// English.
func ConnectionOf(r netcheck.Result) ConnectionJSON {
	en := JSON()
	c := ConnectionJSON{
		State:        StateDisconnected,
		Message:      en.Reason(r.Reason),
		Restrictions: append([]netcheck.Restriction{}, r.Restrictions...),
		CheckedAt:    r.CheckedAt,
		LatencyMS:    r.Latency.Milliseconds(),
		Steps:        StepsJSON(r.Steps),
	}
	if r.Connected {
		c.State = StateConnected
	} else {
		reason := r.Reason
		c.Reason = &reason
	}
	return c
}

// StepsJSON are steps as the JSON has them, in English; nil for none.
func StepsJSON(steps []netcheck.Step) []StepJSON {
	en := JSON()
	var out []StepJSON
	for _, s := range steps {
		out = append(out, StepJSON{Name: s.Name, OK: s.OK, Detail: en.detail(s.Detail, s.Facts, forJSON()), Hint: en.Hint(s.Hint)})
	}
	return out
}

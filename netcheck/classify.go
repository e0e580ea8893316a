package netcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"syscall"
)

// failure is how an exchange failed: the reason, the failing step with its
// detail, facts and hint, and the trouble. The zero failure is none.
type failure struct {
	reason  Reason
	step    StepName
	detail  Detail
	facts   Facts
	hint    Hint
	trouble Trouble
}

// classify tells which step an error of the HTTP client failed, and why.
func classify(err error, ev netEvents, x exchangeInfo) failure {
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err
	}

	var re *RedirectError
	if errors.As(err, &re) {
		return failure{reason: ReasonServiceUnavailable, step: StepService, detail: re.Detail, facts: re.Facts, hint: HintRedirect,
			trouble: Trouble{Kind: TroubleStep}}
	}

	step := failedPhase(err, ev)
	switch {
	case isTimeout(err):
		return failure{reason: ReasonNoInternet, step: step, detail: timedOut(step), facts: Facts{Limit: x.limit}, hint: HintTimeout,
			trouble: Trouble{Kind: TroubleStep, Cause: outside(inner.Error())}}
	case errors.Is(err, context.Canceled):
		return failure{reason: ReasonNoInternet, step: step, detail: canceled(step), hint: HintCanceled,
			trouble: Trouble{Kind: TroubleStep, Cause: outside(inner.Error())}}
	}

	f := failure{reason: ReasonNoInternet, step: step, detail: DetailError, facts: Facts{Error: outside(inner.Error())},
		trouble: Trouble{Kind: TroubleCause, Cause: outside(inner.Error())}}
	switch step {
	case StepDNS:
		f.hint = HintDNS
		if ev.dnsErr != nil {
			f.facts.Error = outside(ev.dnsErr.Error())
		}
	case StepConnect:
		f.hint = HintConnect
		if x.proxy != nil && ev.connOK {
			f.hint = HintProxy
		}
	case StepTLS:
		f.hint = HintTLS
	default:
		f.reason, f.hint, f.detail = ReasonServiceUnavailable, HintService, DetailNoAnswer
		return f
	}
	if x.proxy == nil && hostRefused(inner) {
		f.reason, f.hint = ReasonServiceUnavailable, HintRefused
	}
	return f
}

// hostRefused reports whether err is the endpoint's host refusing or
// resetting the connection: the host was reached, so the Internet works
// and the service is what does not answer (docs/check.md).
// Through a proxy it is the proxy that answered, which says nothing of
// the service.
func hostRefused(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET)
}

// bodyFailure tells why reading the body of a 200 failed.
func bodyFailure(err error, x exchangeInfo) failure {
	var tl bodyTooLargeError
	switch {
	case errors.As(err, &tl):
		return failure{reason: ReasonServiceUnavailable, step: StepService, detail: DetailReadTooLarge, facts: Facts{Max: MaxBody}, hint: HintAnswer,
			trouble: Trouble{Kind: TroubleAnswer}}
	case isTimeout(err):
		return failure{reason: ReasonNoInternet, step: StepService, detail: DetailReadTimedOut, facts: Facts{Limit: x.limit}, hint: HintTimeout,
			trouble: Trouble{Kind: TroubleStep, Cause: outside(err.Error())}}
	case errors.Is(err, context.Canceled):
		return failure{reason: ReasonNoInternet, step: StepService, detail: DetailReadCanceled, hint: HintCanceled,
			trouble: Trouble{Kind: TroubleStep}}
	}
	return failure{reason: ReasonServiceUnavailable, step: StepService, detail: DetailReadFailed, facts: Facts{Error: outside(err.Error())}, hint: HintService,
		trouble: Trouble{Kind: TroubleStep}}
}

// failedPhase returns the step an exchange that failed with err had
// reached: from the trace when there is one, else from the error.
func failedPhase(err error, ev netEvents) StepName {
	switch {
	case ev.gotConn:
		return StepService
	case ev.dnsStarted && (!ev.dnsDone || ev.dnsErr != nil):
		return StepDNS
	case ev.tlsStarted && (!ev.tlsDone || ev.tlsErr != nil):
		return StepTLS
	case ev.connStarted || ev.dnsDone:
		return StepConnect
	}
	// Nothing was traced (a Transport that does not report to httptrace).
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	var alert tls.AlertError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &dnsErr):
		return StepDNS
	case errors.As(err, &certErr), errors.As(err, &recErr), errors.As(err, &alert),
		errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalid):
		return StepTLS
	}
	return StepConnect
}

// isTimeout reports whether err is a timeout, of the check's deadline or of
// a phase of the transport.
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// timedOut is the detail of step s timing out.
func timedOut(s StepName) Detail {
	switch s {
	case StepDNS:
		return DetailTimedOutDNS
	case StepConnect:
		return DetailTimedOutConnect
	case StepTLS:
		return DetailTimedOutTLS
	}
	return DetailTimedOutAnswer
}

// canceled is the detail of step s being cancelled.
func canceled(s StepName) Detail {
	switch s {
	case StepDNS:
		return DetailCanceledDNS
	case StepConnect:
		return DetailCanceledConnect
	case StepTLS:
		return DetailCanceledTLS
	}
	return DetailCanceledAnswer
}

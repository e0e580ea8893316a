package netcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
)

// failure is how an exchange failed: the reason, the failing step with its
// detail and hint, and the technical error. The zero failure is none.
type failure struct {
	reason Reason
	step   StepName
	detail string
	hint   string
	err    string
}

// classify tells which step an error of the HTTP client failed, and why.
func classify(err error, ev netEvents, x exchangeInfo) failure {
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err
	}

	var re *redirectError
	if errors.As(err, &re) {
		return failure{reason: ReasonServiceUnavailable, step: StepService, detail: re.Error(), hint: hintRedirect, err: re.Error()}
	}

	step := failedPhase(err, ev)
	switch {
	case isTimeout(err):
		d := fmt.Sprintf("%s timed out after %s", phaseName(step), x.limit)
		return failure{reason: ReasonNoInternet, step: step, detail: d, hint: hintTimeout, err: d + ": " + inner.Error()}
	case errors.Is(err, context.Canceled):
		d := fmt.Sprintf("%s was cancelled", phaseName(step))
		return failure{reason: ReasonNoInternet, step: step, detail: d, hint: hintCanceled, err: d + ": " + inner.Error()}
	}

	f := failure{reason: ReasonNoInternet, step: step, detail: inner.Error(), err: inner.Error()}
	switch step {
	case StepDNS:
		f.hint = hintDNS
		if ev.dnsErr != nil {
			f.detail = ev.dnsErr.Error()
		}
	case StepConnect:
		f.hint = hintConnect
		if x.proxy != nil && ev.connOK {
			f.hint = hintProxy
		}
	case StepTLS:
		f.hint = hintTLS
	default:
		f.reason, f.hint = ReasonServiceUnavailable, hintService
		f.detail = "the service did not answer: " + inner.Error()
	}
	return f
}

// bodyFailure tells why reading the body of a 200 failed.
func bodyFailure(err error, x exchangeInfo) failure {
	var tl bodyTooLargeError
	switch {
	case errors.As(err, &tl):
		return failure{reason: ReasonServiceUnavailable, step: StepService, detail: tl.Error(), hint: hintAnswer, err: "bad answer: " + tl.Error()}
	case isTimeout(err):
		d := fmt.Sprintf("reading the answer timed out after %s", x.limit)
		return failure{reason: ReasonNoInternet, step: StepService, detail: d, hint: hintTimeout, err: d + ": " + err.Error()}
	case errors.Is(err, context.Canceled):
		d := "reading the answer was cancelled"
		return failure{reason: ReasonNoInternet, step: StepService, detail: d, hint: hintCanceled, err: d}
	}
	d := "reading the answer failed: " + err.Error()
	return failure{reason: ReasonServiceUnavailable, step: StepService, detail: d, hint: hintService, err: d}
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

// phaseName names a step in a sentence.
func phaseName(s StepName) string {
	switch s {
	case StepDNS:
		return "the DNS lookup"
	case StepConnect:
		return "connecting"
	case StepTLS:
		return "the TLS handshake"
	default:
		return "waiting for the answer"
	}
}

package netcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"time"

	"ksn/lang"
)

// failure is how an exchange failed: the reason, the failing step with its
// detail and hint, and the technical error. The zero failure is none.
type failure struct {
	reason Reason
	step   StepName
	words  lang.Msg // the detail
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
		return failure{reason: ReasonServiceUnavailable, step: StepService, words: re.Words(), hint: hintRedirect, err: re.Error()}
	}

	step := failedPhase(err, ev)
	switch {
	case isTimeout(err):
		w := timedOut(step, x.limit)
		return failure{reason: ReasonNoInternet, step: step, words: w, hint: hintTimeout, err: english(w) + ": " + inner.Error()}
	case errors.Is(err, context.Canceled):
		w := canceled(step)
		return failure{reason: ReasonNoInternet, step: step, words: w, hint: hintCanceled, err: english(w) + ": " + inner.Error()}
	}

	f := failure{reason: ReasonNoInternet, step: step, words: errorWords(inner), err: inner.Error()}
	switch step {
	case StepDNS:
		f.hint = hintDNS
		if ev.dnsErr != nil {
			f.words = errorWords(ev.dnsErr)
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
		f.words = lang.Msg{ID: "check.detail.no_answer", Data: []any{"Error", inner.Error()}}
	}
	return f
}

// bodyFailure tells why reading the body of a 200 failed.
func bodyFailure(err error, x exchangeInfo) failure {
	var tl bodyTooLargeError
	switch {
	case errors.As(err, &tl):
		return failure{reason: ReasonServiceUnavailable, step: StepService, words: tl.Words(), hint: hintAnswer, err: "bad answer: " + tl.Error()}
	case isTimeout(err):
		w := lang.Msg{ID: "check.detail.read.timed_out", Data: []any{"Limit", x.limit}}
		return failure{reason: ReasonNoInternet, step: StepService, words: w, hint: hintTimeout, err: english(w) + ": " + err.Error()}
	case errors.Is(err, context.Canceled):
		w := lang.Msg{ID: "check.detail.read.canceled"}
		return failure{reason: ReasonNoInternet, step: StepService, words: w, hint: hintCanceled, err: english(w)}
	}
	w := lang.Msg{ID: "check.detail.read.failed", Data: []any{"Error", err.Error()}}
	return failure{reason: ReasonServiceUnavailable, step: StepService, words: w, hint: hintService, err: english(w)}
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

// timedOut says that step s timed out after limit.
func timedOut(s StepName, limit time.Duration) lang.Msg {
	switch s {
	case StepDNS:
		return lang.Msg{ID: "check.detail.timed_out.dns", Data: []any{"Limit", limit}}
	case StepConnect:
		return lang.Msg{ID: "check.detail.timed_out.connect", Data: []any{"Limit", limit}}
	case StepTLS:
		return lang.Msg{ID: "check.detail.timed_out.tls", Data: []any{"Limit", limit}}
	}
	return lang.Msg{ID: "check.detail.timed_out.answer", Data: []any{"Limit", limit}}
}

// canceled says that step s was cancelled.
func canceled(s StepName) lang.Msg {
	switch s {
	case StepDNS:
		return lang.Msg{ID: "check.detail.canceled.dns"}
	case StepConnect:
		return lang.Msg{ID: "check.detail.canceled.connect"}
	case StepTLS:
		return lang.Msg{ID: "check.detail.canceled.tls"}
	}
	return lang.Msg{ID: "check.detail.canceled.answer"}
}

package netcheck

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"ksn/safe"
)

// TestEndpointHTTPOnlyForLoopback is the attack "a plain http endpoint on
// any host": the key's hash and the answer would cross the network
// unprotected. http is accepted only for loopback hosts (docs/check.md); the
// error names the endpoint and says what to do.
func TestEndpointHTTPOnlyForLoopback(t *testing.T) {
	t.Parallel()
	for _, ep := range []string{
		"http://dc1.ksn.kaspersky-labs.com", "http://ksn.example:80/", "http://10.0.0.1", "http://0.0.0.0:8080",
		"http://[::ffff:10.0.0.1]", "http://[::]", "http://127.0.0.1.nip.io", "http://localhost.example.com",
		"http://localhost.", "http://127.1", "http://2130706433", "http://[::1%25lo]:80", "HTTP://ksn.example",
	} {
		err := ValidateEndpoint(ep)
		if err == nil {
			t.Errorf("ValidateEndpoint(%q) = nil, want a refusal of plain http", ep)
			continue
		}
		var e *EndpointError
		if !errors.As(err, &e) || e.Detail != DetailEndpointPlainHTTP && e.Detail != DetailEndpointNotHTTPS || strings.ContainsAny(err.Error(), "\r\n") {
			t.Errorf("ValidateEndpoint(%q) = %q: want one line refusing plain http", ep, err)
		}
	}
	for _, ep := range []string{
		"http://127.0.0.1:8080", "http://127.1.2.3/", "http://127.255.255.254:9", "http://[::1]:9", "http://[::1]",
		"http://localhost", "http://LocalHost:8080/base", "https://dc1.ksn.kaspersky-labs.com", "https://10.0.0.1:8443",
		"HTTPS://X",
	} {
		if err := ValidateEndpoint(ep); err != nil {
			t.Errorf("ValidateEndpoint(%q) = %v", ep, err)
		}
	}
}

// TestHTTPEndpointSendsNothing: a check of a plain http endpoint on a host
// that is not loopback sends nothing, even through an HTTP proxy that
// would carry it.
func TestHTTPEndpointSendsNothing(t *testing.T) {
	// Not parallel: the proxy comes from the environment (setProxyEnv).
	p := &proxy{}
	setProxyEnv(t, startProxy(t, p), "", "")
	res := New(Options{}).Check(t.Context(), goodInput("http://"+fakeHost))
	wantReason(t, res, ReasonServiceUnavailable)
	if res.Requested || p.requests.Load()+p.connects.Load() != 0 {
		t.Errorf("Requested %v, %d requests at the proxy", res.Requested, p.requests.Load())
	}
	if s := lastStep(t, res); s.Name != StepService || s.Hint != HintEndpoint || s.Detail != DetailEndpointPlainHTTP || !strings.Contains(s.Facts.Endpoint, "http://"+fakeHost) {
		t.Errorf("last step %+v", s)
	}
}

// TestEndpointRefusesControls is the attack "an endpoint with control or
// bidi characters": U+009B (a C1 CSI) and U+202E (right-to-left override)
// passed and would reach a terminal. Any control or bidi character is
// refused, and the error shows it escaped.
func TestEndpointRefusesControls(t *testing.T) {
	t.Parallel()
	for _, ep := range []string{
		"https://dc1.ksn.kaspersky-labs.com\u009b2J", "https://\u202emoc.elgoog.dc1.ksn.kaspersky-labs.com",
		"https://x/\u202e", "https://x/\x1b]0;PWNED\a", "https://x/\x7f", "https://x\u2066.y", "https://x/\u200f",
		"http://127.0.0.1\u009b:80", "https://x/\xff",
	} {
		err := ValidateEndpoint(ep)
		if err == nil {
			t.Errorf("ValidateEndpoint(%q) = nil", ep)
			continue
		}
		if msg := err.Error(); !safe.Clean(msg) {
			t.Errorf("ValidateEndpoint(%q): the error holds a control: %q", ep, msg)
		}
	}
	// Escaped in the URL, they are only bytes of the path: fine.
	if err := ValidateEndpoint("https://x/%E2%80%AE%1B"); err != nil {
		t.Errorf("percent-encoded: %v", err)
	}
}

// TestEndpointErrorsAreSafe: whatever the endpoint, the error is one line
// a terminal shows as is, and never shows a password.
func TestEndpointErrorsAreSafe(t *testing.T) {
	t.Parallel()
	for _, ep := range []string{"http://u:secret@ksn.example", "ftp://\u202ex", "http://ksn.example/\u009b", "https://u:secret@x/%zz\u202e"} {
		err := ValidateEndpoint(ep)
		if err == nil {
			t.Fatalf("ValidateEndpoint(%q) = nil", ep)
		}
		if msg := err.Error(); !safe.Clean(msg) || strings.Contains(msg, "secret") {
			t.Errorf("ValidateEndpoint(%q) = %q", ep, msg)
		}
	}
	if _, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/v1/status", nil); err != nil {
		t.Fatal(err)
	}
}

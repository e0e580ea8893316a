package netcheck

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// closedPort returns the address of a loopback port nobody listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	res := checkWith(t, goodInput("http://"+closedPort(t)))
	// The host answered, with a refusal: the Internet works, the service
	// does not (docs/check.md).
	wantReason(t, res, ReasonServiceUnavailable)
	if s := lastStep(t, res); s.Hint != HintRefused {
		t.Errorf("hint %q, want %q", s.Hint, HintRefused)
	}
	if !res.Requested {
		t.Error("Requested = false")
	}
	if s := lastStep(t, res); s.Name != StepConnect || !strings.Contains(s.Facts.Error, "refused") {
		t.Errorf("last step %+v, want a refused connect", s)
	}
	if !strings.Contains(res.Trouble.Cause, "refused") {
		t.Errorf("Trouble = %+v", res.Trouble)
	}
	if res.Latency != 0 {
		t.Errorf("Latency = %v without an answer", res.Latency)
	}
}

func TestDNSFailure(t *testing.T) {
	t.Parallel()
	res := checkWith(t, goodInput("https://ksn.invalid"))
	wantReason(t, res, ReasonNoInternet)
	s := lastStep(t, res)
	if s.Name != StepDNS {
		t.Fatalf("last step %+v, want dns", s)
	}
	if s.Hint != HintDNS && s.Hint != HintTimeout {
		t.Errorf("hint %q", s.Hint)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	in := goodInput(srv.URL)
	in.Timeout = 200 * time.Millisecond
	start := time.Now()
	res := checkWith(t, in)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Check took %v", d)
	}
	wantReason(t, res, ReasonNoInternet)
	s := lastStep(t, res)
	if s.Name != StepService || s.Hint != HintTimeout || s.Detail != DetailTimedOutAnswer || s.Facts.Limit != 200*time.Millisecond {
		t.Errorf("last step %+v", s)
	}
	if got := stepNames(res); len(got) != 7 || got[5] != StepTLS || res.Steps[5].Detail != DetailTLSHTTP {
		t.Errorf("steps %+v", res.Steps)
	}
}

func TestCallerDeadline(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	res := New(Options{}).Check(ctx, goodInput(srv.URL))
	wantReason(t, res, ReasonNoInternet)
}

func TestCallerCancel(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, body(`{"key":"valid"}`))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res := New(Options{}).Check(ctx, goodInput(srv.URL))
	wantReason(t, res, ReasonNoInternet)
	if s := lastStep(t, res); s.Hint != HintCanceled {
		t.Errorf("last step %+v", s)
	}
}

func TestTLSFailure(t *testing.T) {
	t.Parallel()
	srv, _ := tlsServer(t, body(`{"key":"valid"}`))
	res := checkWith(t, goodInput(srv.URL)) // roots not given: not trusted
	wantReason(t, res, ReasonNoInternet)
	s := lastStep(t, res)
	if s.Name != StepTLS || s.Hint != HintTLS {
		t.Errorf("last step %+v", s)
	}
	if !strings.Contains(s.Facts.Error, "certificate") {
		t.Errorf("facts %+v", s.Facts)
	}
}

func TestTLSOK(t *testing.T) {
	t.Parallel()
	srv, roots := tlsServer(t, body(`{"key":"valid","restrictions":[]}`))
	c := New(Options{RootCAs: roots})
	res := c.Check(t.Context(), goodInput(srv.URL))
	wantReason(t, res, ReasonNone)
	want := []StepName{StepSettings, StepActivation, StepLicense, StepDNS, StepConnect, StepTLS, StepService, StepKey, StepRestrictions}
	if got := stepNames(res); !slices.Equal(got, want) {
		t.Errorf("steps %v, want %v", got, want)
	}
	if d := res.Steps[5]; d.Detail != DetailTLSOK || d.Facts.TLSVersion != tls.VersionTLS13 {
		t.Errorf("tls detail %+v", d)
	}
	if d := res.Steps[3]; d.Detail != DetailDNSIP {
		t.Errorf("dns detail %+v", d)
	}
}

func TestTransportOption(t *testing.T) {
	t.Parallel()
	srv, _ := tlsServer(t, body(`{"key":"valid","restrictions":[]}`))
	c := New(Options{Transport: srv.Client().Transport})
	wantReason(t, c.Check(t.Context(), goodInput(srv.URL)), ReasonNone)
}

func TestBadEndpoint(t *testing.T) {
	t.Parallel()
	for _, ep := range []string{"", "dc1.ksn.kaspersky-labs.com", "ftp://x", "https://", "https://u:p@x", "https://x/?q=1", "https://x/#f", "http://[::1"} {
		t.Run(ep, func(t *testing.T) {
			if ValidateEndpoint(ep) == nil {
				t.Errorf("ValidateEndpoint(%q) = nil", ep)
			}
			res := checkWith(t, goodInput(ep))
			wantReason(t, res, ReasonServiceUnavailable)
			if res.Requested {
				t.Error("Requested = true")
			}
			if strings.Contains(fmt.Sprintf("%+v", res), "p@") {
				t.Errorf("the result shows the password: %+v", res)
			}
		})
	}
	for _, ep := range []string{"https://dc1.ksn.kaspersky-labs.com", "http://127.0.0.1:8080/", "https://x/base/"} {
		if err := ValidateEndpoint(ep); err != nil {
			t.Errorf("ValidateEndpoint(%q) = %v", ep, err)
		}
	}
}

func TestZeroChecker(t *testing.T) {
	t.Parallel()
	_, srv := serve(t, body(`{"key":"valid"}`))
	var c Checker
	wantReason(t, c.Check(t.Context(), goodInput(srv.URL)), ReasonNone)
}

package ksntest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"ksn/netcheck"
	"ksn/netcheck/ksntest"
)

// input returns a participating, activated installation checking url.
func input(url string) netcheck.Input {
	sum := sha256.Sum256([]byte("ABCDE-FGHIJ-KLMNO-PQRST"))
	return netcheck.Input{
		Participating: true,
		License:       netcheck.License{Present: true, Activated: true, KeySHA256: hex.EncodeToString(sum[:])},
		Endpoint:      url,
		Timeout:       5 * time.Second,
	}
}

func TestScenarios(t *testing.T) {
	tests := []struct {
		sc         ksntest.Scenario
		reason     netcheck.Reason
		restricted bool
		requests   int64
	}{
		{ksntest.Valid, netcheck.ReasonNone, false, 1},
		{ksntest.Denylisted, netcheck.ReasonKeyDenylisted, false, 1},
		{ksntest.Restricted, netcheck.ReasonNone, true, 1},
		{ksntest.Expired, netcheck.ReasonLicenseExpired, false, 1},
		{ksntest.Offline, netcheck.ReasonNoInternet, false, 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.sc), func(t *testing.T) {
			svc, url := ksntest.NewTestServer(t, tt.sc)
			res := netcheck.New(netcheck.Options{UserAgent: "ksn/demo", Transport: svc.Transport()}).Check(t.Context(), input(url))
			if res.Reason != tt.reason {
				t.Fatalf("reason %q, want %q; trouble %+v", res.Reason, tt.reason, res.Trouble)
			}
			if res.Restricted() != tt.restricted {
				t.Errorf("Restricted() = %v", res.Restricted())
			}
			if tt.restricted {
				until := res.RestrictedUntil()
				if d := time.Until(until); d < 19*time.Minute || d > 21*time.Minute {
					t.Errorf("restricted until %v, want in about 20 minutes", until)
				}
			}
			if n := svc.Requests(); n != tt.requests {
				t.Errorf("Requests() = %d, want %d", n, tt.requests)
			}
			if tt.requests > 0 {
				if got, want := svc.LastKeyHeader(), input(url).License.KeySHA256; got != want {
					t.Errorf("LastKeyHeader() = %q, want %q", got, want)
				}
				if got := svc.LastUserAgent(); got != "ksn/demo" {
					t.Errorf("LastUserAgent() = %q", got)
				}
			}
		})
	}
}

// TestOfflineWithoutTheTransport: a client that does not go through the
// service's Transport finds the port closed, which is a host that
// refuses: the service is unavailable, not the Internet.
func TestOfflineWithoutTheTransport(t *testing.T) {
	_, url := ksntest.NewTestServer(t, ksntest.Offline)
	res := netcheck.New(netcheck.Options{}).Check(t.Context(), input(url))
	if res.Reason != netcheck.ReasonServiceUnavailable {
		t.Errorf("reason %q, want %q; trouble %+v", res.Reason, netcheck.ReasonServiceUnavailable, res.Trouble)
	}
}

func TestSetScenario(t *testing.T) {
	svc, url := ksntest.NewTestServer(t, ksntest.Valid)
	c := netcheck.New(netcheck.Options{Transport: svc.Transport()})
	steps := []struct {
		sc     ksntest.Scenario
		reason netcheck.Reason
	}{
		{ksntest.Valid, netcheck.ReasonNone},
		{ksntest.Offline, netcheck.ReasonNoInternet},
		{ksntest.Denylisted, netcheck.ReasonKeyDenylisted},
		{ksntest.Offline, netcheck.ReasonNoInternet},
		{ksntest.Offline, netcheck.ReasonNoInternet},
		{ksntest.Valid, netcheck.ReasonNone},
	}
	for i, s := range steps {
		svc.SetScenario(s.sc)
		if got := svc.Scenario(); got != s.sc {
			t.Fatalf("Scenario() = %q", got)
		}
		if res := c.Check(t.Context(), input(url)); res.Reason != s.reason {
			t.Fatalf("step %d (%s): reason %q, want %q; trouble %+v", i, s.sc, res.Reason, s.reason, res.Trouble)
		}
	}
	if n := svc.Requests(); n != 3 {
		t.Errorf("Requests() = %d, want 3", n)
	}
}

func TestStartOffline(t *testing.T) {
	svc := ksntest.NewService(ksntest.Offline)
	url, stop, err := ksntest.Start(svc)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if _, err := http.Get(url + "/v1/status"); err == nil {
		t.Fatal("the offline service answered")
	}
	svc.SetScenario(ksntest.Valid)
	resp, err := http.Get(url + "/v1/status")
	if err != nil {
		t.Fatalf("after SetScenario(Valid): %v", err)
	}
	resp.Body.Close()
	stop()
	stop() // idempotent
	svc.SetScenario(ksntest.Restricted)
	if _, err := http.Get(url + "/v1/status"); err == nil {
		t.Fatal("a stopped service answered")
	}
}

func TestHandler(t *testing.T) {
	svc := ksntest.NewService(ksntest.Restricted)
	tests := []struct {
		method, path string
		code         int
	}{
		{"GET", "/v1/status", http.StatusOK},
		{"HEAD", "/v1/status", http.StatusOK},
		{"POST", "/v1/status", http.StatusMethodNotAllowed},
		{"GET", "/v2/status", http.StatusNotFound},
		{"GET", "/", http.StatusNotFound},
	}
	for _, tt := range tests {
		w := httptest.NewRecorder()
		svc.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
		if w.Code != tt.code {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, w.Code, tt.code)
		}
	}
	if n := svc.Requests(); n != int64(len(tests)) {
		t.Errorf("Requests() = %d", n)
	}

	w := httptest.NewRecorder()
	svc.ServeHTTP(w, httptest.NewRequest("GET", "/v1/status", nil))
	var a struct {
		Key          string `json:"key"`
		Restrictions []struct {
			Scope string    `json:"scope"`
			Until time.Time `json:"until"`
		} `json:"restrictions"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	if a.Key != "valid" || len(a.Restrictions) != 1 || a.Restrictions[0].Scope != "file_reputation" {
		t.Errorf("answer %+v", a)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}

	svc.SetScenario(ksntest.Valid)
	w = httptest.NewRecorder()
	svc.ServeHTTP(w, httptest.NewRequest("GET", "/v1/status", nil))
	if got := w.Body.String(); got != "{\"key\":\"valid\",\"restrictions\":[]}\n" {
		t.Errorf("valid answer %q", got)
	}
}

// TestHandlerOfflineDirect checks a Service mounted elsewhere in the
// Offline scenario: it drops the connection, which is no answer at all.
func TestHandlerOfflineDirect(t *testing.T) {
	srv := httptest.NewServer(ksntest.NewService(ksntest.Offline))
	defer srv.Close()
	res := netcheck.New(netcheck.Options{}).Check(context.Background(), input(srv.URL))
	if res.Connected || res.Reason != netcheck.ReasonServiceUnavailable {
		t.Errorf("reason %q, trouble %+v", res.Reason, res.Trouble)
	}
}

func TestParseScenario(t *testing.T) {
	for _, sc := range ksntest.Scenarios() {
		got, err := ksntest.ParseScenario(string(sc))
		if err != nil || got != sc {
			t.Errorf("ParseScenario(%q) = %q, %v", sc, got, err)
		}
	}
	for in, want := range map[string]ksntest.Scenario{"": ksntest.Valid, " Offline ": ksntest.Offline, "DENYLISTED": ksntest.Denylisted} {
		if got, err := ksntest.ParseScenario(in); err != nil || got != want {
			t.Errorf("ParseScenario(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"online", "valid!", "denylist"} {
		if _, err := ksntest.ParseScenario(in); err == nil {
			t.Errorf("ParseScenario(%q) succeeded", in)
		}
	}
	if n := len(ksntest.Scenarios()); n != 5 {
		t.Errorf("%d scenarios", n)
	}
}

// TestConcurrentSwitching switches scenarios while checks run, for the
// race detector; every check must end in one of the scenarios' reasons.
func TestConcurrentSwitching(t *testing.T) {
	svc, url := ksntest.NewTestServer(t, ksntest.Valid)
	c := netcheck.New(netcheck.Options{Transport: svc.Transport()})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 40 {
			svc.SetScenario(ksntest.Scenarios()[i%len(ksntest.Scenarios())])
		}
	}()
	in := input(url)
	in.Timeout = 2 * time.Second
	for range 20 {
		res := c.Check(t.Context(), in)
		switch res.Reason {
		case netcheck.ReasonNone, netcheck.ReasonKeyDenylisted, netcheck.ReasonLicenseExpired,
			netcheck.ReasonNoInternet, netcheck.ReasonServiceUnavailable:
		default:
			t.Errorf("reason %q", res.Reason)
		}
	}
	<-done
	svc.SetScenario(ksntest.Valid)
	if res := c.Check(t.Context(), in); !res.Connected {
		t.Errorf("not connected after switching back: %q %+v", res.Reason, res.Trouble)
	}
}

package netcheck

import (
	"strings"
	"testing"
)

func TestRequest(t *testing.T) {
	t.Parallel()
	rec, srv := serve(t, body(`{"key":"valid","restrictions":[]}`))
	for _, ep := range []string{srv.URL, srv.URL + "/", srv.URL + "/base", srv.URL + "/base/"} {
		res := New(Options{UserAgent: "ksn/1.2.3"}).Check(t.Context(), goodInput(ep))
		wantReason(t, res, ReasonNone)
	}
	reqs := rec.requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests, want 4", len(reqs))
	}
	wantPaths := []string{"/v1/status", "/v1/status", "/base/v1/status", "/base/v1/status"}
	for i, r := range reqs {
		if r.Method != "GET" || r.URL.Path != wantPaths[i] || r.URL.RawQuery != "" {
			t.Errorf("request %d: %s %s", i, r.Method, r.URL)
		}
		if got := r.Header.Get("X-KSN-Key-SHA256"); got != digest(testKey) {
			t.Errorf("X-KSN-Key-SHA256 = %q, want %q", got, digest(testKey))
		}
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("Accept = %q", got)
		}
		if got := r.Header.Get("User-Agent"); got != "ksn/1.2.3" {
			t.Errorf("User-Agent = %q", got)
		}
	}
}

// TestKeyNeverSent records whole requests and looks for the key in them.
func TestKeyNeverSent(t *testing.T) {
	t.Parallel()
	rec, srv := serve(t, body(`{"key":"valid"}`))
	in := goodInput(srv.URL)
	in.License.KeySHA256 = strings.ToUpper(digest(testKey))
	wantReason(t, checkWith(t, in), ReasonNone)
	rec.mu.Lock()
	dumps := append([]string(nil), rec.dumps...)
	rec.mu.Unlock()
	if len(dumps) != 1 {
		t.Fatalf("%d requests", len(dumps))
	}
	d := dumps[0]
	for _, part := range append([]string{testKey, strings.ReplaceAll(testKey, "-", "")}, strings.Split(testKey, "-")...) {
		if strings.Contains(strings.ToUpper(d), part) {
			t.Errorf("request contains %q:\n%s", part, d)
		}
	}
	if !strings.Contains(d, "X-Ksn-Key-Sha256: "+digest(testKey)+"\r\n") {
		t.Errorf("request lacks the lower-case digest:\n%s", d)
	}
}

func TestDefaultUserAgent(t *testing.T) {
	t.Parallel()
	rec, srv := serve(t, body(`{"key":"valid"}`))
	wantReason(t, New(Options{}).Check(t.Context(), goodInput(srv.URL)), ReasonNone)
	if got := rec.requests()[0].Header.Get("User-Agent"); got != "ksn" {
		t.Errorf("User-Agent = %q", got)
	}
}

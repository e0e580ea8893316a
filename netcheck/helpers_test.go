package netcheck

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testKey is a license key that must never leave the caller.
const testKey = "ABCDE-FGHIJ-KLMNO-PQRST"

// digest returns the hex SHA-256 of key, as the caller computes it.
func digest(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// goodInput returns the input of a participating, activated, unexpired
// installation checking endpoint.
func goodInput(endpoint string) Input {
	return Input{
		Participating: true,
		License: License{
			Present:   true,
			Activated: true,
			ExpiresAt: time.Now().Add(365 * 24 * time.Hour),
			KeySHA256: digest(testKey),
		},
		Endpoint: endpoint,
		Timeout:  5 * time.Second,
	}
}

// recorder is a test service that counts and dumps every request it gets
// and answers with answer.
type recorder struct {
	answer func(w http.ResponseWriter, r *http.Request)
	n      atomic.Int64
	mu     sync.Mutex
	dumps  []string
	reqs   []*http.Request
}

// ServeHTTP implements http.Handler.
func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.n.Add(1)
	dump, _ := httputil.DumpRequest(r, true)
	rec.mu.Lock()
	rec.dumps = append(rec.dumps, string(dump))
	rec.reqs = append(rec.reqs, r.Clone(context.Background()))
	rec.mu.Unlock()
	rec.answer(w, r)
}

// requests returns the requests seen so far.
func (rec *recorder) requests() []*http.Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]*http.Request(nil), rec.reqs...)
}

// serve starts a loopback server answering with answer, closed when the
// test ends.
func serve(t testing.TB, answer func(w http.ResponseWriter, r *http.Request)) (*recorder, *httptest.Server) {
	t.Helper()
	rec := &recorder{answer: answer}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv
}

// body returns an answer that writes s with status 200.
func body(s string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(s))
	}
}

// status returns an answer that writes status code with an empty body.
func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) }
}

// checkWith runs one check of in with a fresh Checker.
func checkWith(t testing.TB, in Input) Result {
	t.Helper()
	return New(Options{UserAgent: "ksn/test"}).Check(context.Background(), in)
}

// wantReason fails the test unless res says reason, and is consistent
// about it.
func wantReason(t testing.TB, res Result, reason Reason) {
	t.Helper()
	if res.Reason != reason {
		t.Fatalf("Reason = %q, want %q (trouble %+v, steps %+v)", res.Reason, reason, res.Trouble, res.Steps)
	}
	if res.Connected != (reason == ReasonNone) {
		t.Errorf("Connected = %v with reason %q", res.Connected, reason)
	}
	failed, ok := res.FailedStep()
	switch {
	case reason == ReasonNone && ok:
		t.Errorf("connected, but step %+v failed", failed)
	case reason != ReasonNone && !ok:
		t.Errorf("not connected, but no step failed: %+v", res.Steps)
	case ok && !reflect.DeepEqual(failed, res.Steps[len(res.Steps)-1]):
		t.Errorf("steps after the failed one were not omitted: %+v", res.Steps)
	case ok && failed.Hint == HintNone:
		t.Errorf("failed step %q has no hint", failed.Name)
	}
}

// stepNames returns the names of res's steps.
func stepNames(res Result) []StepName {
	names := make([]StepName, 0, len(res.Steps))
	for _, s := range res.Steps {
		names = append(names, s.Name)
	}
	return names
}

// lastStep returns the last step of res.
func lastStep(t testing.TB, res Result) Step {
	t.Helper()
	if len(res.Steps) == 0 {
		t.Fatal("no steps")
	}
	return res.Steps[len(res.Steps)-1]
}

// tlsServer starts a loopback https server answering with h, quiet about
// refused handshakes, closed when the test ends; roots trust it.
func tlsServer(t testing.TB, h http.Handler) (srv *httptest.Server, roots *x509.CertPool) {
	t.Helper()
	srv = httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
}

// factTexts are the texts a step's facts hold, for a test that looks for
// a word in them or checks that they are safe to show.
func factTexts(f Facts) []string {
	out := []string{f.Status, f.Host, f.Addr, f.Proxy, f.Issuer, f.Error, f.From, f.To, f.Port, f.Endpoint, f.State}
	out = append(out, f.Addrs...)
	for _, r := range f.Restrictions {
		out = append(out, r.Scope)
	}
	return out
}

package netcheck

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeHost is a name only the test proxy "resolves".
const fakeHost = "ksn.test"

// proxy is a loopback HTTP proxy: it answers absolute-URI requests for
// fakeHost itself, and tunnels CONNECT to tunnelTo (or refuses it when
// tunnelTo is "").
type proxy struct {
	tunnelTo string
	requests atomic.Int64 // absolute-URI requests
	connects atomic.Int64 // CONNECT requests
	mu       sync.Mutex
	targets  []string // what each request asked for
}

// ServeHTTP implements http.Handler.
func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	if r.Method == http.MethodConnect {
		p.targets = append(p.targets, "CONNECT "+r.Host)
	} else {
		p.targets = append(p.targets, r.Method+" "+r.URL.String())
	}
	p.mu.Unlock()
	if r.Method != http.MethodConnect {
		p.requests.Add(1)
		if !r.URL.IsAbs() || r.URL.Host != fakeHost {
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return
		}
		body(`{"key":"valid","restrictions":[]}`)(w, r)
		return
	}
	p.connects.Add(1)
	if p.tunnelTo == "" {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	upstream, err := net.Dial("tcp", p.tunnelTo)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer upstream.Close()
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	_, _ = conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(upstream, buf)
		close(done)
	}()
	_, _ = io.Copy(conn, upstream)
	conn.Close()
	<-done
}

// seen returns what the requests to p asked for.
func (p *proxy) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.targets...)
}

// startProxy starts p on loopback, closed when the test ends.
func startProxy(t *testing.T, p *proxy) string {
	t.Helper()
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv.URL
}

// setProxyEnv sets the proxy environment for the test, upper and lower
// case alike. The tests that call it check that a Checker takes its proxy
// from the process environment, as New finds it, so they change that
// environment (t.Setenv) and cannot be parallel; the parallel tests of this
// package run after them, in the environment as it was.
func setProxyEnv(t *testing.T, httpProxy, httpsProxy, noProxy string) {
	t.Helper()
	for name, v := range map[string]string{"HTTP_PROXY": httpProxy, "HTTPS_PROXY": httpsProxy, "NO_PROXY": noProxy} {
		t.Setenv(name, v)
		t.Setenv(strings.ToLower(name), v)
	}
	t.Setenv("REQUEST_METHOD", "")
}

// fakeHostServer starts an https server with a certificate for fakeHost,
// and returns its address and the roots that trust it.
func fakeHostServer(t *testing.T, h http.Handler) (addr string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "ksn test CA"},
		DNSNames:              []string{fakeHost},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	return srv.Listener.Addr().String(), roots
}

// TestHTTPProxy: plain http goes only to a loopback endpoint (docs/check.md),
// which never goes through a proxy: HTTP_PROXY is set, yet the request
// goes straight to the service. (A plain http endpoint elsewhere, which
// would have gone through it, sends nothing: TestHTTPEndpointSendsNothing.)
func TestHTTPProxy(t *testing.T) {
	p := &proxy{}
	setProxyEnv(t, startProxy(t, p), "", "")
	rec, srv := serve(t, body(`{"key":"valid","restrictions":[]}`))
	res := New(Options{}).Check(t.Context(), goodInput(srv.URL))
	wantReason(t, res, ReasonNone)
	if n := p.requests.Load() + p.connects.Load(); n != 0 {
		t.Fatalf("%d requests reached the proxy, want 0", n)
	}
	if n := rec.n.Load(); n != 1 {
		t.Errorf("%d requests reached the service, want 1", n)
	}
	if d := res.Steps[4]; d.Facts.Proxy != "" {
		t.Errorf("connect detail %+v", d)
	}
}

func TestHTTPSProxy(t *testing.T) {
	rec := &recorder{answer: body(`{"key":"valid","restrictions":[]}`)}
	addr, roots := fakeHostServer(t, rec)
	p := &proxy{tunnelTo: addr}
	setProxyEnv(t, "", startProxy(t, p), "")
	res := New(Options{RootCAs: roots}).Check(t.Context(), goodInput("https://"+fakeHost))
	wantReason(t, res, ReasonNone)
	if n := p.connects.Load(); n != 1 {
		t.Fatalf("%d CONNECTs reached the proxy, want 1", n)
	}
	if got := p.seen()[0]; got != "CONNECT ksn.test:443" {
		t.Errorf("proxy got %q", got)
	}
	if n := rec.n.Load(); n != 1 {
		t.Errorf("%d requests reached the service through the tunnel, want 1", n)
	}
	if got := rec.requests()[0].Header.Get("X-KSN-Key-SHA256"); got != digest(testKey) {
		t.Errorf("key header %q", got)
	}
	if d := res.Steps[5]; !strings.Contains(d.Facts.Issuer, "ksn test CA") {
		t.Errorf("tls detail %+v", d)
	}
}

func TestProxyRefusesConnect(t *testing.T) {
	p := &proxy{}
	setProxyEnv(t, "", startProxy(t, p), "")
	res := New(Options{}).Check(t.Context(), goodInput("https://"+fakeHost))
	wantReason(t, res, ReasonNoInternet)
	if s := lastStep(t, res); s.Name != StepConnect || s.Hint != HintProxy {
		t.Errorf("last step %+v", s)
	}
}

func TestNoProxy(t *testing.T) {
	p := &proxy{tunnelTo: "127.0.0.1:1"}
	u := startProxy(t, p)
	setProxyEnv(t, u, u, "example.org, "+fakeHost)
	in := goodInput("https://" + fakeHost)
	in.Timeout = 2 * time.Second
	res := New(Options{}).Check(t.Context(), in)
	wantReason(t, res, ReasonNoInternet) // ksn.test is not resolvable without the proxy
	if s := lastStep(t, res); s.Name != StepDNS {
		t.Errorf("last step %+v, want dns", s)
	}
	if n := p.requests.Load() + p.connects.Load(); n != 0 {
		t.Errorf("%d requests reached the proxy despite NO_PROXY", n)
	}
}

// TestProxyEnvPerChecker checks that the environment is read by New, not
// once per process.
func TestProxyEnvPerChecker(t *testing.T) {
	addr, roots := fakeHostServer(t, &recorder{answer: body(`{"key":"valid","restrictions":[]}`)})
	first, second := &proxy{tunnelTo: addr}, &proxy{tunnelTo: addr}
	setProxyEnv(t, "", startProxy(t, first), "")
	c1 := New(Options{RootCAs: roots})
	setProxyEnv(t, "", startProxy(t, second), "")
	c2 := New(Options{RootCAs: roots})
	wantReason(t, c1.Check(t.Context(), goodInput("https://"+fakeHost)), ReasonNone)
	wantReason(t, c2.Check(t.Context(), goodInput("https://"+fakeHost)), ReasonNone)
	if first.connects.Load() != 1 || second.connects.Load() != 1 {
		t.Errorf("proxies got %d and %d CONNECTs, want 1 each", first.connects.Load(), second.connects.Load())
	}
}

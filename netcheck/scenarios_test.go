package netcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"
)

// scenario is one way a check can go, as the steps it records and the
// trouble it gives.
type scenario struct {
	Name    string
	Steps   []Step
	Trouble Trouble
}

// goldenNow is the time of every scenario.
var goldenNow = time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)

// stepScenarios takes every detail the check writes, each at least once,
// with fixed values: the local steps, the answers, the network steps that
// pass and the ways they fail.
func stepScenarios(t *testing.T) []scenario {
	t.Helper()
	var out []scenario
	add := func(name string, st steps, o outcome) {
		out = append(out, scenario{Name: name, Steps: st, Trouble: o.trouble})
	}

	digestOK := digest(testKey)
	local := map[string]Input{
		"not participating": {},
		"no license":        {Participating: true},
		"broken license":    {Participating: true, License: License{Broken: "/home/u/.config/ksn/license.json"}},
		"not activated":     {Participating: true, License: License{Present: true}},
		"bad digest":        {Participating: true, License: License{Present: true, Activated: true, KeySHA256: "xyz"}},
		"expired":           {Participating: true, License: License{Present: true, Activated: true, KeySHA256: digestOK, ExpiresAt: goldenNow.Add(-48 * time.Hour)}},
		"never expires":     {Participating: true, License: License{Present: true, Activated: true, KeySHA256: digestOK}},
		"valid until":       {Participating: true, License: License{Present: true, Activated: true, KeySHA256: digestOK, ExpiresAt: time.Date(2027, 11, 29, 0, 0, 0, 0, time.FixedZone("MSK", 3*3600))}},
	}
	for _, name := range []string{"not participating", "no license", "broken license", "not activated", "bad digest", "expired", "never expires", "valid until"} {
		var st steps
		var o outcome
		localChecks(&st, local[name], goldenNow, &o)
		add("local: "+name, st, o)
	}

	soon, later := goldenNow.Add(9*time.Minute+30*time.Second), goldenNow.Add(26*time.Hour)
	answers := []struct{ name, body string }{
		{"valid", `{"key":"valid","restrictions":[]}`},
		{"one restriction, one over", `{"key":"valid","restrictions":[{"scope":"file_reputation","until":"` + soon.Format(time.RFC3339) + `"},{"scope":"old","until":"2020-01-01T00:00:00Z"}]}`},
		{"two restrictions", `{"key":"valid","restrictions":[{"scope":"file_reputation","until":"` + soon.In(time.FixedZone("X", 3600)).Format(time.RFC3339) + `"},{"scope":"url\u001b[31m\nreputation","until":"` + later.Format(time.RFC3339) + `"}]}`},
		{"denylisted", `{"key":"denylisted"}`},
		{"expired", `{"key":"expired"}`},
		{"no key", `{"restrictions":[]}`},
		{"unknown key", `{"key":"stolen"}`},
		{"hostile key", `{"key":"\u001b]0;pwned\u0007\u202e\nx"}`},
		{"not JSON", `<html>captive portal</html>`},
		{"wrong type", `{"key":1}`},
	}
	for _, a := range answers {
		var st steps
		var o outcome
		judgeAnswer(&st, []byte(a.body), "200 OK", 12345678*time.Nanosecond, goldenNow, &o)
		add("answer: "+a.name, st, o)
	}
	for _, h := range []string{"", "120", "Tue, 01 Dec 2026 06:00:00 GMT"} {
		var st steps
		var o outcome
		limited(&st, h, goldenNow, &o)
		add("HTTP 429, Retry-After "+h, st, o)
	}

	proxy, _ := url.Parse("http://user:secret@proxy.example:3128")
	ip := func(s string) net.IPAddr { return net.IPAddr{IP: net.ParseIP(s)} }
	passed := []struct {
		name string
		x    exchangeInfo
		ev   netEvents
	}{
		{"resolved, connected, TLS", exchangeInfo{host: "ksn.example", https: true},
			netEvents{dnsHost: "ksn.example", dnsStarted: true, dnsDone: true, dnsAddrs: []net.IPAddr{ip("192.0.2.1"), ip("2001:db8::1")},
				connStarted: true, connOK: true, connAddr: "192.0.2.1:443", tlsStarted: true, tlsDone: true, tlsVersion: tls.VersionTLS13,
				tlsIssuer: "CN=ksn test CA,O=ksn", gotConn: true, remote: "192.0.2.1:443"}},
		{"many addresses, reused, proxy", exchangeInfo{host: "ksn.example", https: true, proxy: proxy},
			netEvents{dnsHost: "proxy.example", dnsStarted: true, dnsDone: true, dnsAddrs: []net.IPAddr{ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3"), ip("192.0.2.4"), ip("192.0.2.5")},
				gotConn: true, reused: true, remote: "192.0.2.9:3128"}},
		{"IP address, http", exchangeInfo{host: "127.0.0.1", https: false},
			netEvents{connStarted: true, connOK: true, connAddr: "127.0.0.1:8080", gotConn: true, remote: "127.0.0.1:8080"}},
		{"IPv6 address, reused remote", exchangeInfo{host: "::1", https: true},
			netEvents{gotConn: true, remote: "[::1]:8443", tlsStarted: true, tlsDone: true, tlsVersion: tls.VersionTLS12}},
		{"nothing traced", exchangeInfo{host: "ksn.example", https: true}, netEvents{}},
		{"nothing traced, proxy", exchangeInfo{host: "ksn.example", https: true, proxy: proxy}, netEvents{reused: true}},
	}
	for _, p := range passed {
		var st steps
		p.x.netSteps(&st, p.ev, failure{})
		add("passed: "+p.name, st, outcome{})
	}

	x := exchangeInfo{host: "ksn.example", https: true, limit: 5 * time.Second}
	xp := exchangeInfo{host: "ksn.example", https: true, limit: 5 * time.Second, proxy: proxy}
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "https://ksn.example/v1/status", Err: err} }
	dnsErr := &net.DNSError{Err: "no such host", Name: "ksn.example", IsNotFound: true}
	phases := map[string]netEvents{
		"dns":     {dnsHost: "ksn.example", dnsStarted: true},
		"connect": {dnsHost: "ksn.example", dnsStarted: true, dnsDone: true, dnsAddrs: []net.IPAddr{ip("192.0.2.1")}, connStarted: true, connAddr: "192.0.2.1:443"},
		"tls":     {connStarted: true, connOK: true, connAddr: "192.0.2.1:443", tlsStarted: true},
		"service": {connStarted: true, connOK: true, connAddr: "192.0.2.1:443", tlsStarted: true, tlsDone: true, tlsVersion: tls.VersionTLS13, gotConn: true, remote: "192.0.2.1:443"},
	}
	failures := []struct {
		name string
		x    exchangeInfo
		err  error
		ev   netEvents
	}{
		{"DNS", x, wrap(dnsErr), netEvents{dnsHost: "ksn.example", dnsStarted: true, dnsDone: true, dnsErr: dnsErr}},
		{"DNS, untraced", x, wrap(dnsErr), netEvents{}},
		{"connect refused", x, wrap(sysErr("dial", "connect", syscall.ECONNREFUSED)), phases["connect"]},
		{"connect refused, proxy", xp, wrap(sysErr("proxyconnect", "connect", syscall.ECONNREFUSED)), netEvents{connStarted: true, connAddr: "192.0.2.9:3128"}},
		{"TLS reset", x, wrap(sysErr("read", "read", syscall.ECONNRESET)), phases["tls"]},
		{"connect unreachable", x, wrap(sysErr("dial", "connect", syscall.ENETUNREACH)), phases["connect"]},
		{"proxy refused", xp, wrap(errors.New("proxyconnect tcp: Forbidden")), netEvents{connStarted: true, connOK: true, connAddr: "192.0.2.9:3128"}},
		{"TLS", x, wrap(x509.UnknownAuthorityError{}), phases["tls"]},
		{"TLS, untraced", x, wrap(x509.UnknownAuthorityError{}), netEvents{}},
		{"service", x, wrap(io.ErrUnexpectedEOF), phases["service"]},
	}
	for _, p := range []string{"dns", "connect", "tls", "service"} {
		failures = append(failures,
			struct {
				name string
				x    exchangeInfo
				err  error
				ev   netEvents
			}{"timeout in " + p, x, wrap(context.DeadlineExceeded), phases[p]},
			struct {
				name string
				x    exchangeInfo
				err  error
				ev   netEvents
			}{"cancelled in " + p, x, wrap(context.Canceled), phases[p]})
	}
	first := mustRequest(t, "https://ksn.example/v1/status")
	for _, r := range []struct {
		name string
		next *http.Request
		via  int
	}{
		{"too many redirects", mustRequest(t, "https://ksn.example/v1/status"), maxRedirects + 1},
		{"redirect to http", mustRequest(t, "http://ksn.example/v1/status"), 1},
		{"redirect to another host", mustRequest(t, "https://evil.example\u202e/v1/status"), 1},
		{"redirect to another port", mustRequest(t, "https://ksn.example:8443/v1/status"), 1},
	} {
		via := make([]*http.Request, r.via)
		for i := range via {
			via[i] = first
		}
		err := checkRedirect(r.next, via)
		if err == nil {
			t.Fatalf("%s: redirect allowed", r.name)
		}
		failures = append(failures, struct {
			name string
			x    exchangeInfo
			err  error
			ev   netEvents
		}{r.name, x, wrap(err), phases["service"]})
	}
	for _, f := range failures {
		var st steps
		fl := classify(f.err, f.ev, f.x)
		f.x.netSteps(&st, f.ev, fl)
		add("failed: "+f.name, st, outcome{trouble: fl.trouble})
	}
	for name, err := range map[string]error{
		"too large": bodyTooLargeError{}, "timeout": context.DeadlineExceeded,
		"cancelled": context.Canceled, "broken": io.ErrUnexpectedEOF,
	} {
		var st steps
		fl := bodyFailure(err, x)
		x.netSteps(&st, phases["service"], fl)
		add("body: "+name, st, outcome{trouble: fl.trouble})
	}

	for _, ep := range []string{"", "   ", "https://ksn.example/\u001b[2J", "http://[::1", "ftp://ksn.example",
		"https://", "https://user:secret@ksn.example", "https://ksn.example/?q=1", "https://ksn.example/#top",
		"http://ksn.example", "http://user@ksn.example:80"} {
		in := Input{Participating: true, License: License{Present: true, Activated: true, KeySHA256: digestOK}, Endpoint: ep}
		res := New(Options{Now: func() time.Time { return goldenNow }}).Check(context.Background(), in)
		out = append(out, scenario{Name: "endpoint " + ep, Steps: res.Steps, Trouble: res.Trouble})
	}

	_, srv := serve(t, status(http.StatusInternalServerError))
	in := goodInput(srv.URL)
	res := checkWith(t, in)
	out = append(out, scenario{Name: "HTTP 500", Steps: res.Steps[len(res.Steps)-1:], Trouble: res.Trouble})
	return sortedByName(out)
}

// sysErr is the error of a failed system call as the net package gives it.
func sysErr(op, call string, errno syscall.Errno) error {
	return &net.OpError{Op: op, Net: "tcp", Addr: &net.TCPAddr{IP: net.ParseIP("192.0.2.1"), Port: 443}, Err: os.NewSyscallError(call, errno)}
}

func mustRequest(t *testing.T, u string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sortedByName(s []scenario) []scenario {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].Name < s[j-1].Name; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

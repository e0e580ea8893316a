package netcheck

import (
	"net/url"
	"syscall"
	"testing"
)

// TestRefusedMeansTheHostWasReached: a refused or reset connection to the
// endpoint's host says the service does not answer, not that the
// Internet is down; through a proxy, and for an unreachable network, it
// is still no Internet (docs/check.md).
func TestRefusedMeansTheHostWasReached(t *testing.T) {
	t.Parallel()
	direct := exchangeInfo{host: "ksn.example", https: true}
	proxied := exchangeInfo{host: "ksn.example", https: true, proxy: &url.URL{Scheme: "http", Host: "proxy.example:3128"}}
	connecting := netEvents{connStarted: true, connAddr: "192.0.2.1:443"}
	handshaking := netEvents{connStarted: true, connOK: true, connAddr: "192.0.2.1:443", tlsStarted: true}
	for _, c := range []struct {
		name string
		x    exchangeInfo
		err  error
		ev   netEvents
		want Reason
		hint Hint
	}{
		{"refused", direct, sysErr("dial", "connect", syscall.ECONNREFUSED), connecting, ReasonServiceUnavailable, HintRefused},
		{"reset in TLS", direct, sysErr("read", "read", syscall.ECONNRESET), handshaking, ReasonServiceUnavailable, HintRefused},
		{"proxy refused", proxied, sysErr("proxyconnect", "connect", syscall.ECONNREFUSED), connecting, ReasonNoInternet, HintConnect},
		{"network unreachable", direct, sysErr("dial", "connect", syscall.ENETUNREACH), connecting, ReasonNoInternet, HintConnect},
		{"host unreachable", direct, sysErr("dial", "connect", syscall.EHOSTUNREACH), connecting, ReasonNoInternet, HintConnect},
	} {
		f := classify(&url.Error{Op: "Get", URL: "https://ksn.example/v1/status", Err: c.err}, c.ev, c.x)
		if f.reason != c.want || f.hint != c.hint {
			t.Errorf("%s: reason %q, hint %q; want %q, %q", c.name, f.reason, f.hint, c.want, c.hint)
		}
	}
}

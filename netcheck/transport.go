package netcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// Bounds of the phases of one exchange. They are safety nets only: the
// context of the check (Input.Timeout) bounds the whole of it.
const (
	dialTimeout           = 30 * time.Second
	tlsHandshakeTimeout   = 30 * time.Second
	responseHeaderTimeout = 30 * time.Second
	maxResponseHeaderSize = 16 << 10
)

// proxyFromEnvironment returns the proxy function of the environment as it
// is now. Unlike http.ProxyFromEnvironment it does not cache the
// environment for the life of the process. Like it, it never proxies
// requests to localhost or loopback addresses.
func proxyFromEnvironment() func(*url.URL) (*url.URL, error) {
	return httpproxy.FromEnvironment().ProxyFunc()
}

// newTransport returns the transport of a Checker: proxy from the
// environment, bounded phases and headers, and no connection kept between
// checks, so every check observes DNS, connect and TLS afresh and leaves no
// goroutine behind.
func newTransport(proxy func(*url.URL) (*url.URL, error), roots *x509.CertPool) *http.Transport {
	dialer := &net.Dialer{Timeout: dialTimeout}
	return &http.Transport{
		Proxy: func(r *http.Request) (*url.URL, error) {
			return proxy(r.URL)
		},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return whileOn(ctx, conn), nil
		},
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots},
		TLSHandshakeTimeout:    tlsHandshakeTimeout,
		ResponseHeaderTimeout:  responseHeaderTimeout,
		MaxResponseHeaderBytes: maxResponseHeaderSize,
		DisableKeepAlives:      true,
	}
}

package netcheck

import (
	"crypto/x509"
	"net/http"
	"net/url"
	"time"
)

// Options configure a [Checker].
type Options struct {
	// UserAgent is sent as User-Agent, "ksn/<version>"; "" means "ksn".
	UserAgent string
	// Now tells the time of a check (license expiry, restrictions,
	// CheckedAt); nil means time.Now.
	Now func() time.Time
	// Transport carries the request; nil means the Checker's own
	// transport, which honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY as set
	// in the environment when New was called. A given Transport is used
	// as is, proxy settings and all, behind the same guard: it is only
	// ever asked to carry a request once the local steps of a check have
	// passed.
	Transport http.RoundTripper
	// RootCAs are the certificate authorities the own transport trusts;
	// nil means the system's. Ignored when Transport is set.
	RootCAs *x509.CertPool
	// Record is told of every request sent (a check's, a report's), as it
	// went on the wire, once its answer or its failure is known; nil for
	// none. It runs on the goroutine of the request (docs/sent.md).
	Record func(Sent)
}

// Checker runs connection checks. It is safe for concurrent use and holds
// no state that one check leaves for the next: every check opens its own
// connection. Make one with [New]; the zero Checker works too, with the
// "ksn" User-Agent and the proxy environment read at each check.
type Checker struct {
	userAgent string
	now       func() time.Time
	client    *http.Client
	proxy     func(*url.URL) (*url.URL, error) // nil with a given Transport
}

// New returns a Checker configured by o. It reads the proxy environment
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY and their lower-case forms) now.
func New(o Options) *Checker {
	c := &Checker{userAgent: o.UserAgent, now: o.Now}
	if c.userAgent == "" {
		c.userAgent = "ksn"
	}
	if c.now == nil {
		c.now = time.Now
	}
	rt := o.Transport
	if rt == nil {
		c.proxy = proxyFromEnvironment()
		rt = newTransport(c.proxy, o.RootCAs)
	}
	// Every request goes through the guard, whatever the transport: it
	// refuses any that Check did not permit (see guard.go).
	if o.Record != nil {
		rt = tap{next: rt, record: o.Record, now: c.now}
	}
	c.client = &http.Client{Transport: guard{next: rt}, CheckRedirect: checkRedirect}
	return c
}

// ready returns c, or for the zero Checker a configured one.
func (c *Checker) ready() *Checker {
	if c == nil || c.client == nil {
		return New(Options{})
	}
	return c
}

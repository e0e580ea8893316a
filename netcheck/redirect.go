package netcheck

import (
	"net/http"
	"net/url"
	"strings"

	"ksn/lang"
	"ksn/safe"
)

// maxRedirects is how many redirects one check follows.
const maxRedirects = 3

// redirectError is why a redirect was refused.
type redirectError struct{ words lang.Msg }

// Error implements error.
func (e *redirectError) Error() string { return english(e.words) }

// Words is the error as a message.
func (e *redirectError) Words() lang.Msg { return e.words }

// checkRedirect is the redirect policy of a Checker (SPEC §4): at most
// maxRedirects, and each only to the origin of the endpoint: the same
// scheme, the same host name (any case) and the same port (a default port
// written or not). Headers, including X-KSN-Key-SHA256, are only ever
// forwarded to the service they were meant for, never to another port of
// its host, where anything may listen. What the error quotes of the
// Location is escaped (safe.Text): it comes from the network.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first, next := via[0].URL, req.URL
	switch {
	case len(via) > maxRedirects:
		return &redirectError{lang.Msg{ID: "check.detail.redirect.too_many", Data: []any{"Max", maxRedirects}}}
	case next.Scheme != first.Scheme:
		return &redirectError{lang.Msg{ID: "check.detail.redirect.scheme", Data: []any{"From", first.Scheme, "To", safe.Text(next.Scheme)}}}
	case !strings.EqualFold(next.Hostname(), first.Hostname()):
		return &redirectError{lang.Msg{ID: "check.detail.redirect.host", Data: []any{"Host", safe.Text(next.Hostname())}}}
	case port(next) != port(first):
		return &redirectError{lang.Msg{ID: "check.detail.redirect.port", Data: []any{"Port", safe.Text(port(next))}}}
	}
	return nil
}

// port returns the port u names, or its scheme's default.
func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "http" {
		return "80"
	}
	return "443"
}

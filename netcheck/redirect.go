package netcheck

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"ksn/safe"
)

// maxRedirects is how many redirects one check follows.
const maxRedirects = 3

// redirectError is why a redirect was refused.
type redirectError struct{ why string }

// Error implements error.
func (e *redirectError) Error() string { return "redirect refused: " + e.why }

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
		return &redirectError{why: fmt.Sprintf("more than %d redirects", maxRedirects)}
	case next.Scheme != first.Scheme:
		return &redirectError{why: fmt.Sprintf("from %s to %s", first.Scheme, safe.Text(next.Scheme))}
	case !strings.EqualFold(next.Hostname(), first.Hostname()):
		return &redirectError{why: "to another host, " + safe.Text(next.Hostname())}
	case port(next) != port(first):
		return &redirectError{why: "to another port, " + safe.Text(port(next))}
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

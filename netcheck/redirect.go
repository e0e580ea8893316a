package netcheck

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"ksn/safe"
)

// maxRedirects is how many redirects one check follows.
const maxRedirects = 3

// RedirectError is why a redirect was refused: one of the
// DetailRedirect… codes and the facts it names.
type RedirectError struct {
	Detail Detail
	Facts  Facts
}

// Error implements error: the code and facts, for logs; say.Voice.StepDetail
// says it for people.
func (e *RedirectError) Error() string {
	f := e.Facts
	s := "netcheck: redirect refused (" + string(e.Detail) + ")"
	for _, x := range []string{f.From, f.To, f.Host, f.Port} {
		if x != "" {
			s += " " + x
		}
	}
	if f.Max > 0 {
		s += " " + strconv.Itoa(f.Max)
	}
	return s
}

// checkRedirect is the redirect policy of a Checker (docs/check.md): at most
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
		return &RedirectError{DetailRedirectTooMany, Facts{Max: maxRedirects}}
	case next.Scheme != first.Scheme:
		return &RedirectError{DetailRedirectScheme, Facts{From: first.Scheme, To: safe.Text(next.Scheme)}}
	case !strings.EqualFold(next.Hostname(), first.Hostname()):
		return &RedirectError{DetailRedirectHost, Facts{Host: safe.Text(next.Hostname())}}
	case port(next) != port(first):
		return &RedirectError{DetailRedirectPort, Facts{Port: safe.Text(port(next))}}
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

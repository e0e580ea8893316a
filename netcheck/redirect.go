package netcheck

import (
	"fmt"
	"net/http"
	"strings"
)

// maxRedirects is how many redirects one check follows.
const maxRedirects = 3

// redirectError is why a redirect was refused.
type redirectError struct{ why string }

// Error implements error.
func (e *redirectError) Error() string { return "redirect refused: " + e.why }

// checkRedirect is the redirect policy of a Checker: at most maxRedirects,
// to the same host name only (any port), and never from https to http.
// Headers, including X-KSN-Key-SHA256, are only ever forwarded to the host
// they were meant for.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first, last := via[0].URL, via[len(via)-1].URL
	switch {
	case len(via) > maxRedirects:
		return &redirectError{why: fmt.Sprintf("more than %d redirects", maxRedirects)}
	case (first.Scheme == "https" || last.Scheme == "https") && req.URL.Scheme != "https":
		return &redirectError{why: fmt.Sprintf("from https to %s", req.URL.Scheme)}
	case !strings.EqualFold(req.URL.Hostname(), first.Hostname()):
		return &redirectError{why: fmt.Sprintf("to another host, %s", req.URL.Hostname())}
	}
	return nil
}

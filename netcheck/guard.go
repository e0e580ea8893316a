package netcheck

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// The one place where docs/check.md's "while participation is off, not one packet
// goes to the endpoint" is enforced: every request of a Checker goes through
// a guard, whatever its transport, and the guard lets through only a
// request whose context carries a permit. Only issuePermit makes permits,
// and only for an input whose local steps (participation, activation,
// license) pass. Check asks for one after its own local steps; a request
// made any other way, with the Checker's client or its transport, is
// refused before it reaches the transport.

// errNoPermit is the error of a request the guard refuses.
var errNoPermit = errors.New("request refused: participation is off or the license does not allow a check (no permit)")

// permit allows requests to one host, for one check.
type permit struct {
	host string // the endpoint's host name; redirects stay on it
}

// permitKey is the context key of a permit.
type permitKey struct{}

// mayContact reports whether the service may be contacted for in at now:
// participation on, a license present and activated with a well-formed key
// digest, and not expired. It is the whole of the local steps' verdict.
func mayContact(in Input, now time.Time) bool {
	lic := in.License
	return in.Participating &&
		lic.Present && lic.Activated && isHexDigest(lic.KeySHA256) &&
		(lic.ExpiresAt.IsZero() || !lic.ExpiresAt.Before(now))
}

// issuePermit returns ctx carrying a permit to send requests to host, and
// true, if mayContact(in, now); else ctx and false.
func issuePermit(ctx context.Context, in Input, now time.Time, host string) (context.Context, bool) {
	if !mayContact(in, now) || host == "" {
		return ctx, false
	}
	return context.WithValue(ctx, permitKey{}, permit{host: host}), true
}

// guard is the RoundTripper of every Checker, around its transport.
type guard struct {
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper: it passes req on only if its
// context carries a permit for its host.
func (g guard) RoundTrip(req *http.Request) (*http.Response, error) {
	p, ok := req.Context().Value(permitKey{}).(permit)
	if !ok || !strings.EqualFold(req.URL.Hostname(), p.host) {
		if req.Body != nil {
			_ = req.Body.Close() // a RoundTripper must close the body, even on error
		}
		return nil, errNoPermit
	}
	return g.next.RoundTrip(req)
}

package netcheck

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
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

// errWithdrawn is the error of a write refused because participation was
// turned off after the request was decided (Input.StillOn).
var errWithdrawn = errors.New("request stopped: participation was turned off")

// permit allows requests to one host, for one check.
type permit struct {
	host    string       // the endpoint's host name; redirects stay on it
	stillOn func() bool  // from WhileParticipating; nil: not asked
	stopped *atomic.Bool // set when a write was refused (whileon.go)
}

// stopped reports whether the request of ctx was stopped by a withdrawal
// (whileon.go).
func stopped(ctx context.Context) bool {
	p, ok := ctx.Value(permitKey{}).(permit)
	return ok && p.stopped != nil && p.stopped.Load()
}

// permitKey is the context key of a permit.
type permitKey struct{}

// stillOnKey is the context key of WhileParticipating's stillOn.
type stillOnKey struct{}

// WhileParticipating returns ctx carrying stillOn, which reports whether
// participation is still on: the Checker's own transport asks it again
// before each write to the network, so that a request decided before a
// withdrawal, still connecting when it lands, does not leave after it
// (docs/check.md).
func WhileParticipating(ctx context.Context, stillOn func() bool) context.Context {
	return context.WithValue(ctx, stillOnKey{}, stillOn)
}

// stillOnOf is the stillOn of ctx, nil if none.
func stillOnOf(ctx context.Context) func() bool {
	f, _ := ctx.Value(stillOnKey{}).(func() bool)
	return f
}

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
	return context.WithValue(ctx, permitKey{}, permit{host: host, stillOn: stillOnOf(ctx), stopped: new(atomic.Bool)}), true
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

package netcheck

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"time"
)

// exchangeInfo is what the steps of the network part need to describe it.
type exchangeInfo struct {
	host  string   // host name of the endpoint
	https bool     // whether the endpoint is https
	proxy *url.URL // the proxy used, or nil
	limit time.Duration
}

// exchange takes the network steps: it sends the status request and reads
// the answer.
func (c *Checker) exchange(ctx context.Context, in Input, now time.Time, st *steps, out *outcome) {
	u, bad := statusURL(in.Endpoint)
	if bad != nil {
		st.fail(StepService, bad.Detail, Facts{Endpoint: bad.Endpoint}, HintEndpoint)
		out.reason, out.trouble = ReasonServiceUnavailable, Trouble{Kind: TroubleStep}
		return
	}
	x := exchangeInfo{host: u.Hostname(), https: u.Scheme == "https", proxy: c.proxyFor(u), limit: in.timeout()}

	ctx, cancel := context.WithTimeout(ctx, x.limit)
	defer cancel()
	// The local steps have passed, so this gives the permit the guard of
	// the transport asks for; without it no request would leave.
	ctx, _ = issuePermit(ctx, in, now, u.Hostname())
	tr := &netTrace{}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, tr.hooks()), http.MethodGet, u.String(), nil)
	if err != nil {
		st.fail(StepService, DetailError, Facts{Error: outside(err.Error())}, HintEndpoint)
		out.reason, out.trouble = ReasonServiceUnavailable, Trouble{Kind: TroubleCause, Cause: outside(err.Error())}
		return
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("X-KSN-Key-SHA256", strings.ToLower(in.License.KeySHA256))

	out.requested = true
	start := time.Now()
	resp, err := c.client.Do(req)
	if err != nil && stopped(ctx) {
		st.fail(StepSettings, DetailSettingsOff, Facts{}, HintNotParticipating)
		out.reason = ReasonNotParticipating
		return
	}
	if err != nil {
		f := classify(err, tr.events(), x)
		x.netSteps(st, tr.events(), f)
		out.reason, out.trouble = f.reason, f.trouble
		return
	}
	defer resp.Body.Close()

	switch resp.StatusCode {
	case http.StatusOK:
		body, err := readBody(resp)
		out.latency = time.Since(start)
		if err != nil {
			f := bodyFailure(err, x)
			x.netSteps(st, tr.events(), f)
			out.reason, out.trouble = f.reason, f.trouble
			return
		}
		x.netSteps(st, tr.events(), failure{})
		judgeAnswer(st, body, resp.Status, out.latency, now, out)
	case http.StatusTooManyRequests:
		out.latency = time.Since(start)
		x.netSteps(st, tr.events(), failure{})
		limited(st, resp.Header.Get("Retry-After"), now, out)
	default:
		out.latency = time.Since(start)
		x.netSteps(st, tr.events(), failure{})
		st.fail(StepService, DetailServiceStatus, Facts{Status: outside(resp.Status)}, HintService)
		out.reason, out.trouble = ReasonServiceUnavailable, Trouble{Kind: TroubleStatus}
	}
}

// limited records the answer HTTP 429: connected, with one file reputation
// restriction until its Retry-After.
func limited(st *steps, retryAfter string, now time.Time, out *outcome) {
	st.ok(StepService, DetailServiceLimited, Facts{})
	st.ok(StepKey, DetailKeyLimited, Facts{})
	out.restrictions = []Restriction{{Scope: scopeFileReputation, Until: retryUntil(retryAfter, now)}}
	restrictionsStep(st, out.restrictions)
	out.reason = ReasonNone
}

// proxyFor returns the proxy the own transport uses for u, or nil.
func (c *Checker) proxyFor(u *url.URL) *url.URL {
	if c.proxy == nil {
		return nil
	}
	p, err := c.proxy(u)
	if err != nil {
		return nil
	}
	return p
}

// restrictionsStep records the restrictions step for rs, the restrictions
// in force.
func restrictionsStep(st *steps, rs []Restriction) {
	if len(rs) == 0 {
		st.ok(StepRestrictions, DetailRestrictionsNone, Facts{})
		return
	}
	st.ok(StepRestrictions, DetailRestrictionsList, Facts{Restrictions: append([]Restriction(nil), rs...)})
}

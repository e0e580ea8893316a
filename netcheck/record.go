package netcheck

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"sync"
	"time"
)

// Sent is one request a Checker sent, as it went to the service: what
// docs/sent.md records in sent.jsonl. Options.Record is given each.
type Sent struct {
	// At is when it was sent.
	At time.Time
	// Method and URL are the request's.
	Method, URL string
	// Headers are the header fields as written on the wire (Host
	// included), values of a field repeated joined by ", "; a proxy's
	// credentials are never among them.
	Headers map[string]string
	// Body is the body sent, nil for none.
	Body []byte
	// Status is the answer's HTTP status; 0 when there was none, and Err
	// then says why.
	Status int
	Err    string
}

// neverRecorded are header fields that are not recorded: a proxy's
// credentials (docs/sent.md).
var neverRecorded = map[string]bool{"Proxy-Authorization": true, "Proxy-Connection": true}

// tap is the RoundTripper behind the guard that tells record of every
// request that the guard let through, and of its answer.
type tap struct {
	next   http.RoundTripper
	record func(Sent)
	now    func() time.Time
}

// RoundTrip implements http.RoundTripper.
func (t tap) RoundTrip(req *http.Request) (*http.Response, error) {
	var mu sync.Mutex
	wire := map[string][]string{}
	wrote := false
	trace := &httptrace.ClientTrace{
		WroteHeaderField: func(k string, v []string) {
			mu.Lock()
			defer mu.Unlock()
			k = textproto.CanonicalMIMEHeaderKey(k)
			wire[k] = append(wire[k], v...)
			wrote = true
		},
	}
	s := Sent{At: t.now(), Method: req.Method, URL: req.URL.String()}
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			s.Body, _ = io.ReadAll(io.LimitReader(rc, MaxReport+1))
			_ = rc.Close()
		}
	}
	resp, err := t.next.RoundTrip(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
	mu.Lock()
	if !wrote { // nothing went: what would have gone
		for k, v := range req.Header {
			wire[k] = v
		}
		wire["Host"] = []string{req.Host}
		if req.Host == "" {
			wire["Host"] = []string{req.URL.Host}
		}
	}
	s.Headers = make(map[string]string, len(wire))
	for k, v := range wire {
		if !neverRecorded[k] {
			s.Headers[k] = strings.Join(v, ", ")
		}
	}
	mu.Unlock()
	switch {
	case err != nil && stopped(req.Context()):
		s.Err = errWithdrawn.Error()
	case err != nil:
		s.Err = outside(err.Error())
	default:
		s.Status = resp.StatusCode
	}
	t.record(s)
	return resp, err
}

// MaxReport is the largest report body sent, in bytes.
const MaxReport = 1 << 20

// reportsPath is the path of the reports resource under the endpoint.
const reportsPath = "/v1/reports"

// Delivery is how sending a report went.
type Delivery struct {
	// Sent is true when the service took it (a 2xx answer).
	Sent bool
	// Requested is true when a request left: participation on, a usable
	// license and a valid endpoint.
	Requested bool
	// Status is the answer's HTTP status, 0 if none.
	Status int
	// Err is why there was no answer, for people (outside text, made safe).
	Err string
}

// SendReport sends body, a participation report (docs/sent.md), as POST
// <endpoint>/v1/reports with the check's User-Agent and X-KSN-Key-SHA256.
// Like Check, it sends nothing when participation is off or the license
// does not allow it (Requested false), and is bounded by in.Timeout and
// ctx.
func (c *Checker) SendReport(ctx context.Context, in Input, body []byte) Delivery {
	c = c.ready()
	u, bad := statusURL(in.Endpoint)
	if bad != nil || len(body) > MaxReport {
		return Delivery{}
	}
	u.Path = strings.TrimSuffix(u.Path, statusPath) + reportsPath
	cctx, cancel := context.WithTimeout(ctx, in.timeout())
	defer cancel()
	pctx, ok := issuePermit(cctx, in, c.now(), u.Hostname())
	if !ok {
		return Delivery{}
	}
	req, err := http.NewRequestWithContext(pctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return Delivery{}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("X-KSN-Key-SHA256", strings.ToLower(in.License.KeySHA256))
	resp, err := c.client.Do(req)
	switch {
	case err != nil && stopped(pctx):
		return Delivery{Requested: true, Err: errWithdrawn.Error()}
	case err != nil:
		return Delivery{Requested: true, Err: outside(err.Error())}
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxBody))
	return Delivery{Requested: true, Status: resp.StatusCode, Sent: resp.StatusCode/100 == 2}
}

package netcheck

import (
	"bufio"
	"context"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// rawServer serves raw TCP on loopback: each connection is handed to serve
// (after its request has been read) and closed after it. It returns the
// base URL and the number of connections accepted. Everything is closed
// when the test ends.
func rawServer(t *testing.T, serve func(c net.Conn)) (string, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	var mu sync.Mutex
	var conns []net.Conn
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Go(func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for { // the request head
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					if line == "\r\n" {
						break
					}
				}
				serve(c)
			})
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + ln.Addr().String(), &n
}

// chunk is what the servers of huge answers write, again and again.
var chunk = []byte(strings.Repeat(`{"key":"valid","pad":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}`, 512))

// hugeBody is the size of the huge answers: 64 MiB, a thousand times MaxBody.
const hugeBody = 64 << 20

// writeHuge writes hugeBody bytes of chunk to w, flushing as it goes, until
// the client goes away.
func writeHuge(w http.ResponseWriter) {
	f := w.(http.Flusher)
	for sent := 0; sent < hugeBody; sent += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
		f.Flush()
	}
}

// trickle writes s one byte every 100ms, flushing each, until done or the
// client goes away.
func trickle(w http.ResponseWriter, r *http.Request, s string) {
	f := w.(http.Flusher)
	for i := range len(s) {
		if _, err := w.Write([]byte{s[i]}); err != nil {
			return
		}
		f.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// hostile is a service that misbehaves, and what a check against it must
// find.
type hostile struct {
	name string
	// start starts the service and returns the endpoint, the roots to
	// trust (nil for the system's) and a count of what reached it.
	start func(t *testing.T) (endpoint string, roots *x509.CertPool, reached func() int64)
	// reason is the reason the check must give.
	reason Reason
	// check checks the rest of the result, if set.
	check func(t *testing.T, res Result, now time.Time)
}

// hostileServices are the misbehaving services of TestHostileService.
func hostileServices() []hostile {
	handler := func(h http.HandlerFunc) func(t *testing.T) (string, *x509.CertPool, func() int64) {
		return func(t *testing.T) (string, *x509.CertPool, func() int64) {
			rec, srv := serve(t, h)
			return srv.URL, nil, rec.n.Load
		}
	}
	raw := func(serve func(c net.Conn)) func(t *testing.T) (string, *x509.CertPool, func() int64) {
		return func(t *testing.T) (string, *x509.CertPool, func() int64) {
			url, n := rawServer(t, serve)
			return url, nil, n.Load
		}
	}
	return []hostile{
		{name: "withholds the headers", reason: ReasonNoInternet,
			start: raw(func(c net.Conn) { _, _ = c.Read(make([]byte, 1)) })}, // waits until closed
		{name: "sends headers one line a 100ms", reason: ReasonNoInternet,
			start: raw(func(c net.Conn) {
				_, _ = c.Write([]byte("HTTP/1.1 200 OK\r\n"))
				for i := 0; ; i++ {
					if _, err := fmt.Fprintf(c, "X-Slow-%d: a\r\n", i); err != nil {
						return
					}
					time.Sleep(100 * time.Millisecond)
				}
			})},
		{name: "trickles the body", reason: ReasonNoInternet,
			start: handler(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "1000")
				trickle(w, r, strings.Repeat(" ", 1000))
			})},
		{name: "trickles a valid answer past the deadline", reason: ReasonNoInternet,
			start: handler(func(w http.ResponseWriter, r *http.Request) {
				trickle(w, r, `{"key":"valid","restrictions":[]}`)
			})},
		{name: "huge body with Content-Length", reason: ReasonServiceUnavailable,
			start: handler(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", fmt.Sprint(hugeBody))
				writeHuge(w)
			})},
		{name: "huge chunked body", reason: ReasonServiceUnavailable,
			start: handler(func(w http.ResponseWriter, r *http.Request) { writeHuge(w) }),
			check: func(t *testing.T, res Result, _ time.Time) {
				if s := lastStep(t, res); s.Detail != DetailReadTooLarge || s.Facts.Max != MaxBody {
					t.Errorf("last step %+v", s)
				}
			}},
		{name: "huge header", reason: ReasonServiceUnavailable,
			start: raw(func(c net.Conn) {
				_, _ = c.Write([]byte("HTTP/1.1 200 OK\r\nX-Big: "))
				for range 64 { // 1 MiB
					if _, err := c.Write([]byte(strings.Repeat("a", 16<<10))); err != nil {
						return
					}
				}
				_, _ = c.Write([]byte("\r\nContent-Length: 15\r\n\r\n{\"key\":\"valid\"}"))
			}),
			check: func(t *testing.T, res Result, _ time.Time) {
				if !strings.Contains(res.Trouble.Cause, "exceeded") {
					t.Errorf("Trouble = %+v", res.Trouble)
				}
			}},
		{name: "endless 1xx answers", reason: ReasonServiceUnavailable,
			start: raw(func(c net.Conn) {
				for range 100000 {
					if _, err := c.Write([]byte("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n")); err != nil {
						return
					}
				}
			})},
		{name: "not HTTP", reason: ReasonServiceUnavailable,
			start: raw(func(c net.Conn) { _, _ = c.Write([]byte("SSH-2.0-OpenSSH_9.9\r\n\r\n")) })},
		{name: "redirects in a loop", reason: ReasonServiceUnavailable,
			start: handler(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/v1/status?again", http.StatusFound)
			}),
			check: func(t *testing.T, res Result, _ time.Time) {
				if s := lastStep(t, res); s.Detail != DetailRedirectTooMany || s.Facts.Max != 3 {
					t.Errorf("last step %+v", s)
				}
			}},
		{name: "redirects from https to http", reason: ReasonServiceUnavailable,
			start: func(t *testing.T) (string, *x509.CertPool, func() int64) {
				plain, target := serve(t, body(`{"key":"valid"}`))
				srv, roots := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, target.URL+"/v1/status", http.StatusFound)
				}))
				return srv.URL, roots, plain.n.Load // what reached the http server
			}},
		{name: "self-signed certificate", reason: ReasonNoInternet,
			start: func(t *testing.T) (string, *x509.CertPool, func() int64) {
				rec := &recorder{answer: body(`{"key":"valid","restrictions":[]}`)}
				srv, _ := tlsServer(t, rec)
				return srv.URL, nil, rec.n.Load // roots not trusted
			},
			check: func(t *testing.T, res Result, _ time.Time) {
				if s := lastStep(t, res); s.Name != StepTLS {
					t.Errorf("last step %+v", s)
				}
			}},
		{name: "Retry-After: 86400000", reason: ReasonNone,
			start: handler(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "86400000")
				w.WriteHeader(http.StatusTooManyRequests)
			}),
			check: wantRestrictedUntil(86400000 * time.Second)},
		{name: "restricted until 9999", reason: ReasonNone,
			start: handler(body(`{"key":"valid","restrictions":[{"scope":"file_reputation","until":"9999-12-31T23:59:59Z"}]}`)),
			check: wantRestrictedTill(time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))},
		{name: "a thousand restrictions", reason: ReasonNone,
			start: handler(body(`{"key":"valid","restrictions":[` +
				strings.TrimSuffix(strings.Repeat(`{"scope":"file_reputation","until":"2999-01-01T00:00:00Z"},`, 1000), ",") + `]}`)),
			check: func(t *testing.T, res Result, now time.Time) {
				if len(res.Restrictions) != maxRestrictions {
					t.Errorf("%d restrictions kept, want %d", len(res.Restrictions), maxRestrictions)
				}
				wantRestrictedTill(time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC))(t, res, now)
			}},
	}
}

// wantRestrictedUntil returns a check that the result is restricted, and
// for no longer than d after the check.
func wantRestrictedUntil(d time.Duration) func(t *testing.T, res Result, now time.Time) {
	return func(t *testing.T, res Result, now time.Time) {
		t.Helper()
		if !res.Restricted() {
			t.Fatalf("not restricted: %+v", res)
		}
		if until := res.RestrictedUntil(); until.After(now.Add(d)) {
			t.Errorf("restricted until %v, more than %v after the check", until, d)
		}
	}
}

// wantRestrictedTill returns a check that the result is restricted until
// exactly end: the end the service gave is shown as it is (docs/check.md).
func wantRestrictedTill(end time.Time) func(t *testing.T, res Result, now time.Time) {
	return func(t *testing.T, res Result, _ time.Time) {
		t.Helper()
		if !res.Restricted() {
			t.Fatalf("not restricted: %+v", res)
		}
		if until := res.RestrictedUntil(); !until.Equal(end) {
			t.Errorf("restricted until %v, the service said %v", until, end)
		}
	}
}

// TestHostileService checks against services that misbehave on purpose,
// each with a 1 s deadline: every check ends before the deadline (plus slack
// for a loaded machine), allocates a bounded amount of memory whatever the
// service sends, accepts no answer it should not and keeps the restriction's
// end as the service gave it. The figures of each are logged.
func TestHostileService(t *testing.T) {
	// Not parallel: it counts what the whole process allocates during a
	// check, and parallel tests run only after the serial ones.
	const deadline, slack = time.Second, 4 * time.Second
	const maxAlloc = 8 << 20 // bytes allocated by one check, servers included
	for _, h := range hostileServices() {
		t.Run(h.name, func(t *testing.T) {
			endpoint, roots, reached := h.start(t)
			now := time.Now()
			c := New(Options{RootCAs: roots, Now: func() time.Time { return now }})
			in := goodInput(endpoint)
			in.Timeout = deadline

			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			res := c.Check(t.Context(), in)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc

			t.Logf("case=%q deadline=%v elapsed=%v alloc=%dKiB reason=%q connected=%v requests_reached=%d err=%q",
				h.name, deadline, elapsed.Round(time.Millisecond), alloc>>10, res.Reason, res.Connected, reached(), res.Trouble)
			if elapsed > deadline+slack {
				t.Errorf("the check took %v, deadline %v", elapsed, deadline)
			}
			if alloc > maxAlloc {
				t.Errorf("the check allocated %d bytes", alloc)
			}
			wantReason(t, res, h.reason)
			if h.check != nil {
				h.check(t, res, now)
			}
			if strings.Contains(h.name, "https to http") || strings.Contains(h.name, "self-signed") {
				if n := reached(); n != 0 {
					t.Errorf("%d requests got through", n)
				}
			}
		})
	}
}

// TestTransportBounds checks the Checker's own transport: its own (not
// http.DefaultTransport), with dial, TLS handshake and response header
// timeouts, a cap on the response header, TLS 1.2 at least with
// verification on, no connection kept; and a client that follows at most
// three redirects.
func TestTransportBounds(t *testing.T) {
	t.Parallel()
	c := New(Options{})
	g, ok := c.client.Transport.(guard)
	if !ok {
		t.Fatalf("transport %T is not the guard", c.client.Transport)
	}
	tr, ok := g.next.(*http.Transport)
	if !ok || tr == http.DefaultTransport {
		t.Fatalf("transport %T is not the Checker's own", g.next)
	}
	if tr.TLSHandshakeTimeout <= 0 || tr.ResponseHeaderTimeout <= 0 || tr.DialContext == nil {
		t.Errorf("phase timeouts: TLS %v, header %v, dial %v", tr.TLSHandshakeTimeout, tr.ResponseHeaderTimeout, tr.DialContext != nil)
	}
	if tr.MaxResponseHeaderBytes <= 0 || tr.MaxResponseHeaderBytes > 64<<10 {
		t.Errorf("MaxResponseHeaderBytes = %d", tr.MaxResponseHeaderBytes)
	}
	if tr.TLSClientConfig == nil || tr.TLSClientConfig.InsecureSkipVerify || tr.TLSClientConfig.MinVersion < 0x0303 {
		t.Errorf("TLS config %+v", tr.TLSClientConfig)
	}
	if !tr.DisableKeepAlives {
		t.Error("connections are kept between checks")
	}
	if c.client.CheckRedirect == nil || c.client.Timeout != 0 {
		t.Errorf("client: CheckRedirect set %v, Timeout %v (the check's context bounds it)", c.client.CheckRedirect != nil, c.client.Timeout)
	}
	t.Logf("dial=%v tls_handshake=%v response_header=%v max_header_bytes=%d max_redirects=%d max_body=%d",
		dialTimeout, tr.TLSHandshakeTimeout, tr.ResponseHeaderTimeout, tr.MaxResponseHeaderBytes, maxRedirects, MaxBody)
}

// TestCancelInFlight checks that a check stuck on a service that never
// answers ends as soon as its context is cancelled (what the UI does when
// participation is turned off), well before its own deadline.
func TestCancelInFlight(t *testing.T) {
	t.Parallel()
	endpoint, reached := rawServer(t, func(c net.Conn) { _, _ = c.Read(make([]byte, 1)) })
	in := goodInput(endpoint)
	in.Timeout = 30 * time.Second
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	res := New(Options{}).Check(ctx, in)
	elapsed := time.Since(start)
	t.Logf("timeout=%v cancelled_after=100ms elapsed=%v reason=%q", in.Timeout, elapsed.Round(time.Millisecond), res.Reason)
	if elapsed > 2*time.Second {
		t.Errorf("the check went on %v after it was cancelled", elapsed)
	}
	wantReason(t, res, ReasonNoInternet)
	if s := lastStep(t, res); s.Hint != HintCanceled || reached.Load() != 1 {
		t.Errorf("last step %+v, %d connections", s, reached.Load())
	}
}

package netcheck

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingTransport counts what reaches it and passes it on.
type countingTransport struct {
	n    atomic.Int64
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// randomInput returns an input with a random license, endpoint and
// timeout, participating or not as asked.
func randomInput(rng *rand.Rand, now time.Time, participating bool, endpoints []string) Input {
	digests := []string{digest(testKey), strings.ToUpper(digest(testKey)), "", testKey, digest(testKey)[:63], strings.Repeat("g", 64)}
	expiries := []time.Time{{}, now.Add(time.Hour), now.Add(-time.Hour), now, now.Add(-time.Nanosecond), now.AddDate(100, 0, 0)}
	timeouts := []time.Duration{0, -time.Second, time.Nanosecond, 50 * time.Millisecond, 2 * time.Second}
	if rng.IntN(2) == 0 {
		digests = digests[:2] // well-formed half the time
	}
	return Input{
		Participating: participating,
		License: License{
			Present:   rng.IntN(4) != 0,
			Activated: rng.IntN(4) != 0,
			ExpiresAt: expiries[rng.IntN(len(expiries))],
			KeySHA256: digests[rng.IntN(len(digests))],
		},
		Endpoint: endpoints[rng.IntN(len(endpoints))],
		Timeout:  timeouts[rng.IntN(len(timeouts))],
	}
}

// seedEnv fixes the seed of the random inputs of this file, to repeat a
// failed run: KSN_TEST_SEED=<the seed it logged>.
const seedEnv = "KSN_TEST_SEED"

// testRand returns a generator seeded from seedEnv, or from the clock if it
// is not set, and logs the seed.
func testRand(t *testing.T) *rand.Rand {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(seedEnv); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: %v", seedEnv, v, err)
		}
		seed = n
	}
	t.Logf("seed %d (%s=%d repeats this run)", seed, seedEnv, seed)
	return rand.New(rand.NewPCG(seed, 6))
}

// TestNothingSentWhileNotParticipating runs checks with participation off
// under many random inputs (license states, endpoints, timeouts, some with a
// cancelled context), through a transport that counts what reaches it: not
// one request may reach the transport or the loopback services. Then it
// runs random inputs with participation on or off and checks that a
// request goes out exactly when the three local steps pass. A permitted
// check there has a minute to finish, so that the count is exact on a
// loaded machine; the timeout does not decide whether a request may leave.
func TestNothingSentWhileNotParticipating(t *testing.T) {
	t.Parallel()
	rec, srv := serve(t, body(`{"key":"valid","restrictions":[]}`))
	tlsRec := &recorder{answer: body(`{"key":"valid","restrictions":[]}`)}
	tsrv, roots := tlsServer(t, tlsRec)
	endpoints := []string{srv.URL, srv.URL + "/", srv.URL + "/base", tsrv.URL, "http://localhost:" + srv.URL[strings.LastIndexByte(srv.URL, ':')+1:],
		"", "ftp://x", "https://u:p@x"}
	now := time.Now()
	inner := &countingTransport{next: newTransport(proxyFromEnvironment(), roots)}
	c := New(Options{Transport: inner, Now: func() time.Time { return now }})
	rng := testRand(t)

	const off = 1000
	for i := range off {
		in := randomInput(rng, now, false, endpoints)
		ctx := t.Context()
		if i%7 == 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			cancel()
		}
		res := c.Check(ctx, in)
		if res.Reason != ReasonNotParticipating || res.Requested || res.Connected {
			t.Fatalf("participation off, input %+v: %+v", in, res)
		}
	}
	sent := inner.n.Load() + rec.n.Load() + tlsRec.n.Load()
	if sent != 0 {
		t.Errorf("%d requests left while participation was off", sent)
	}

	const mixed = 300
	var permitted, refused int64
	for range mixed {
		in := randomInput(rng, now, rng.IntN(2) == 0, endpoints)
		in.Timeout = time.Minute // let a permitted check finish, however loaded the machine
		before := inner.n.Load()
		res := c.Check(t.Context(), in)
		went := inner.n.Load() - before
		local := mayContact(in, now)
		valid := ValidateEndpoint(in.Endpoint) == nil
		switch {
		case local && valid:
			permitted++
			if went != 1 || !res.Requested {
				t.Errorf("input %+v: %d requests, Requested %v; want 1", in, went, res.Requested)
			}
		default:
			refused++
			if went != 0 {
				t.Errorf("input %+v: %d requests; want none (%s)", in, went, res.Reason)
			}
		}
		if lastOK := res.Steps[len(res.Steps)-1]; local != (len(res.Steps) > 3 || (len(res.Steps) == 3 && lastOK.OK)) {
			t.Errorf("input %+v: mayContact %v, but the local steps say %+v", in, local, res.Steps)
		}
	}
	t.Logf("participation_off_checks=%d requests_sent=%d; random_checks=%d permitted=%d (requests %d) refused_locally=%d",
		off, sent, mixed, permitted, rec.n.Load()+tlsRec.n.Load(), refused)
	if rec.n.Load()+tlsRec.n.Load() != permitted {
		t.Errorf("%d requests reached the services, %d permitted", rec.n.Load()+tlsRec.n.Load(), permitted)
	}
}

// TestGuardRefusesUnpermittedRequests uses a Checker's transport directly,
// without a check: through its client, its transport, with a permit for
// another host, and with a permit into a redirect to another host. Nothing
// may reach the service.
func TestGuardRefusesUnpermittedRequests(t *testing.T) {
	t.Parallel()
	rec, srv := serve(t, body(`{"key":"valid"}`))
	inner := &countingTransport{next: http.DefaultTransport}
	c := New(Options{Transport: inner})
	url := srv.URL + "/v1/status"

	// The Checker's own client, as any code in this package could use it.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if _, err := c.client.Do(req); !errors.Is(err, errNoPermit) {
		t.Errorf("client without a permit: %v", err)
	}
	// Its transport in another client.
	if _, err := (&http.Client{Transport: c.client.Transport}).Get(url); !errors.Is(err, errNoPermit) {
		t.Errorf("transport without a permit: %v", err)
	}
	// Its transport directly, with a body, which it must close.
	b := &closeBody{Reader: strings.NewReader("x")}
	req, _ = http.NewRequestWithContext(t.Context(), http.MethodPost, url, b)
	if _, err := c.client.Transport.RoundTrip(req); !errors.Is(err, errNoPermit) || !b.closed {
		t.Errorf("RoundTrip without a permit: %v, body closed %v", err, b.closed)
	}
	// A permit refused for participation off, and one for another host.
	good := goodInput(srv.URL)
	off := good
	off.Participating = false
	if _, ok := issuePermit(t.Context(), off, time.Now(), "127.0.0.1"); ok {
		t.Error("a permit with participation off")
	}
	ctx, ok := issuePermit(t.Context(), good, time.Now(), "elsewhere.test")
	if !ok {
		t.Fatal("no permit for a good input")
	}
	req, _ = http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if _, err := c.client.Transport.RoundTrip(req); !errors.Is(err, errNoPermit) {
		t.Errorf("RoundTrip with a permit for another host: %v", err)
	}
	// The network part of a check run without its local steps, as a
	// mistaken refactoring might: the guard still stops it.
	var st steps
	var out outcome
	c.exchange(t.Context(), off, time.Now(), &st, &out)
	if out.reason == ReasonNone || !strings.Contains(out.trouble.Cause, "no permit") {
		t.Errorf("exchange with participation off: %q, %+v", out.reason, out.trouble)
	}
	if n, m := inner.n.Load(), rec.n.Load(); n != 0 || m != 0 {
		t.Errorf("%d requests reached the transport, %d the service; want 0", n, m)
	}
	t.Logf("unpermitted_attempts=5 refused_permits=1 reached_transport=%d reached_service=%d", inner.n.Load(), rec.n.Load())

	// The same Checker checks normally: the guard lets a permitted request
	// through.
	wantReason(t, c.Check(t.Context(), good), ReasonNone)
	if inner.n.Load() != 1 || rec.n.Load() != 1 {
		t.Errorf("a permitted check: %d, %d requests", inner.n.Load(), rec.n.Load())
	}
}

// closeBody is a request body that records whether it was closed.
type closeBody struct {
	*strings.Reader
	closed bool
}

// Close implements io.Closer.
func (b *closeBody) Close() error { b.closed = true; return nil }

package netcheck

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
)

// A request decided while participating, whose connection was still being
// made when participation was turned off, never leaves: the write is
// refused, the service gets nothing, the check says "not participating"
// (not "no Internet"), a report is not sent, and the record says why.
// Plain HTTP and HTTPS (the TLS handshake's first write is refused too).
func TestWithdrawnWhileConnecting(t *testing.T) {
	t.Parallel()
	rec, plain := serve(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusAccepted) })
	var tlsHits atomic.Int64
	secure, roots := tlsServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		tlsHits.Add(1)
		w.WriteHeader(http.StatusAccepted)
	}))
	for _, url := range []string{plain.URL, secure.URL} {
		var sent []Sent
		c := New(Options{RootCAs: roots, Record: func(s Sent) { sent = append(sent, s) }})
		var asked atomic.Int64
		off := WhileParticipating(t.Context(), func() bool { asked.Add(1); return false })

		res := c.Check(off, goodInput(url))
		if res.Reason != ReasonNotParticipating || asked.Load() == 0 {
			t.Errorf("%s: check %v, asked %d times", url, res.Reason, asked.Load())
		}
		d := c.SendReport(off, goodInput(url), []byte(`{"schema":1}`))
		if d.Sent || d.Status != 0 {
			t.Errorf("%s: report %+v", url, d)
		}
		if len(sent) != 2 || sent[0].Err != errWithdrawn.Error() || sent[1].Err != errWithdrawn.Error() {
			t.Errorf("%s: recorded %+v", url, sent)
		}
	}
	if n := rec.n.Load() + tlsHits.Load(); n != 0 {
		t.Fatalf("the service got %d requests after the withdrawal", n)
	}

	// Still on: the same requests go.
	on := WhileParticipating(context.Background(), func() bool { return true })
	c := New(Options{RootCAs: roots})
	if d := c.SendReport(on, goodInput(secure.URL), []byte(`{}`)); !d.Sent || tlsHits.Load() != 1 {
		t.Fatalf("a report while on: %+v, %d requests", d, tlsHits.Load())
	}
	if d := c.SendReport(on, goodInput(plain.URL), []byte(`{}`)); !d.Sent || rec.n.Load() != 1 {
		t.Fatalf("a report while on: %+v, %d requests", d, rec.n.Load())
	}
}

package netcheck

import "testing"

// BenchmarkCheck measures one whole connection check against a loopback
// server (a fresh connection each time, as in the app).
func BenchmarkCheck(b *testing.B) {
	_, srv := serve(b, body(`{"key":"valid","restrictions":[]}`))
	c := New(Options{UserAgent: "ksn/bench"})
	in := goodInput(srv.URL)
	b.ReportAllocs()
	for b.Loop() {
		if res := c.Check(b.Context(), in); !res.Connected {
			b.Fatalf("not connected: %s %+v", res.Reason, res.Trouble)
		}
	}
}

// BenchmarkCheckNotParticipating measures a check that sends nothing.
func BenchmarkCheckNotParticipating(b *testing.B) {
	c := New(Options{})
	in := Input{}
	b.ReportAllocs()
	for b.Loop() {
		if res := c.Check(b.Context(), in); res.Requested {
			b.Fatal("sent a request")
		}
	}
}

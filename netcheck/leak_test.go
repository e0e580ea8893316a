package netcheck

import (
	"runtime"
	"testing"
	"time"
)

// TestNoGoroutineLeft checks that a check leaves no goroutine behind (no
// idle connection is kept), so callers' goleak checks stay quiet.
func TestNoGoroutineLeft(t *testing.T) {
	// Not parallel: it counts the goroutines of the whole process, and
	// parallel tests run only after the serial ones.
	_, srv := serve(t, body(`{"key":"valid"}`))
	c := New(Options{})
	before := runtime.NumGoroutine()
	for range 5 {
		wantReason(t, c.Check(t.Context(), goodInput(srv.URL)), ReasonNone)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

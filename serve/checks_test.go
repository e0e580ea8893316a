package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ksn/netcheck"
)

// sharedInput is a check that is allowed to send.
func sharedInput(url string) netcheck.Input {
	return netcheck.Input{
		Participating: true,
		License:       netcheck.License{Present: true, Activated: true, KeySHA256: "f173c62df44fcf5f5e6105612f7443a331c298e51b3f552d032dc0753bf5509f"},
		Endpoint:      url,
		Timeout:       10 * time.Second,
	}
}

func TestSessionsShareOneCheck(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		<-release
		w.Write([]byte(`{"key": "valid", "restrictions": []}`))
	}))
	defer srv.Close()
	sc := newSharedChecker(netcheck.New(netcheck.Options{}))
	in := sharedInput(srv.URL)
	var wg sync.WaitGroup
	results := make([]netcheck.Result, 30)
	for i := range results {
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = sc.Check(context.Background(), in) }()
	}
	time.Sleep(200 * time.Millisecond) // every session is waiting
	close(release)
	wg.Wait()
	for i, r := range results {
		if !r.Connected {
			t.Fatalf("session %d: %+v", i, r)
		}
	}
	if n := requests.Load(); n != 1 {
		t.Fatalf("%d requests for 30 sessions asking at once, want 1", n)
	}
	sc.Check(context.Background(), in) // within sharedFor: answered from the last one
	if n := requests.Load(); n != 1 {
		t.Fatalf("%d requests, want the shared answer reused", n)
	}
}

func TestLastSessionLeavingCancelsTheSharedCheck(t *testing.T) {
	t.Parallel()
	var cancelled atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		cancelled.Add(1)
	}))
	defer srv.Close()
	sc := newSharedChecker(netcheck.New(netcheck.Options{}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { sc.Check(ctx, sharedInput(srv.URL)); close(done) }()
	time.Sleep(200 * time.Millisecond)
	cancel() // e.g. participation turned off
	<-done
	deadline := time.Now().Add(5 * time.Second)
	for cancelled.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if cancelled.Load() == 0 {
		t.Fatal("the request went on after its last session left")
	}
}

package ui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ksn/model"
	"ksn/statement"
)

// TestTurningOffCancelsACheckInFlight holds the service's answer until the
// request is cancelled, turns participation off, and expects the request
// to end at once, before the check's own timeout.
func TestTurningOffCancelsACheckInFlight(t *testing.T) {
	t.Parallel()
	var started, cancelled atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started.Add(1)
		select {
		case <-r.Context().Done():
			cancelled.Add(1)
		case <-time.After(time.Minute):
		}
	}))
	defer slow.Close()
	e := newEnv(t, validLicense, func(o *Options) {
		o.Overrides.Endpoint = slow.URL
		o.Timeout = time.Minute
		if _, err := o.Store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
			n, c := s.Accept(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, fixedNow, "tui")
			*s = n
			return &c, nil
		}); err != nil {
			t.Fatal(err)
		}
	})
	e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	e.keys("enter", "enter", "enter")
	e.until("a request in flight", func() bool { return started.Load() > 0 && e.app.sh.checking })
	e.keys("space") // On → Off
	deadline := time.Now().Add(10 * time.Second)
	for cancelled.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if cancelled.Load() == 0 {
		t.Fatal("the request in flight was not cancelled when participation was turned off")
	}
	e.idle()
	if !strings.Contains(e.screen(), "You do not participate") {
		t.Fatalf("screen:\n%s", e.screen())
	}
	e.settle()
	if s, c := started.Load(), cancelled.Load(); s != c {
		t.Fatalf("%d requests reached the service, %d were cancelled", s, c)
	}
}

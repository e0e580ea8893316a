package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	"ksn/model/modeltest"
	"ksn/statement"
)

// acceptedByHand writes settings.json with participation on, the current
// statement accepted and check_interval interval, as a person would;
// recorded also writes its record in consent.jsonl, as ksn would have.
func acceptedByHand(t *testing.T, interval string, recorded bool) func(*Options) {
	return func(o *Options) {
		p := o.Store.Paths()
		doc := []byte(`{"schema": 1, "ksn": {"participation": true, "check_interval": "` + interval + `",
		  "statement": {"decision": "accepted", "version": "` + statement.Version + `", "sha256": "` + statement.SHA256() + `",
		  "decided_at": "2026-11-29T10:00:00Z"}}}`)
		err := os.MkdirAll(p.ConfigDir, 0o700)
		if err == nil {
			err = os.WriteFile(p.SettingsFile(), doc, 0o600)
		}
		if err == nil && recorded {
			err = modeltest.Recorded(p.SettingsFile(), p.ConsentFile())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestTUIShortIntervalSendsOneCheck runs the TUI for 3 s with
// check_interval "1ms" against a loopback service: it checks once when the
// KSN window opens, not every millisecond (the old code sent 2,952
// requests in 5 s), and its banner says the interval was raised, naming
// the value and the file (issue 19, finding 8).
func TestTUIShortIntervalSendsOneCheck(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, acceptedByHand(t, "1ms", true))
	e.walkToKSN()
	e.idle()
	end := time.After(3 * time.Second)
	for done := false; !done; {
		select {
		case msg := <-e.msgs:
			e.send(msg)
		case <-end:
			done = true
		}
	}
	if n := e.service.Requests(); n > 2 {
		t.Errorf("%d requests in 3 s with check_interval \"1ms\", want 1 (2 at most)", n)
	}
	if e.app.sh.interval() != 30*time.Second {
		t.Errorf("interval %v", e.app.sh.interval())
	}
	text := words(e.screen())
	if !strings.Contains(text, `check_interval "1ms" in`) || !strings.Contains(text, "settings.json is shorter than 30\u00a0s") {
		t.Errorf("no notice of the raised interval:\n%s", e.screen())
	}
}

// TestTUIHandWrittenAcceptanceIsOff: with an acceptance in settings.json
// and no record in consent.jsonl, the TUI shows participation Off, sends
// nothing, and its banner says why; accepting in the KSN window records it
// and turns participation on (issue 19, finding 9).
func TestTUIHandWrittenAcceptanceIsOff(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, acceptedByHand(t, "5m", false))
	e.walkToKSN()
	e.idle()
	if e.app.sh.participating() || e.service.Requests() != 0 {
		t.Fatalf("participating %v, %d requests", e.app.sh.participating(), e.service.Requests())
	}
	text := strings.Join(strings.Fields(e.screen()), " ")
	if !strings.Contains(text, "says the statement was accepted, but") || !strings.Contains(text, "( ○ Off )") {
		t.Fatalf("no Off with its reason:\n%s", e.screen())
	}
	e.keys("space") // the Statement window
	e.until("the Statement window", func() bool { return e.app.top().Title() != "Kaspersky Security Network" })
	e.keys("tab", "enter") // I agree
	e.until("participation on", func() bool { return e.app.sh.participating() && !e.app.sh.saving })
	if c := e.consent(); len(c) != 1 || c[0] != "accepted" {
		t.Fatalf("consent history %v", c)
	}
	e.until("a check", func() bool { return e.service.Requests() > 0 })
}

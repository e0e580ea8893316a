package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ksn/model"
)

// TestFacesRecordTheSameDecisions turns participation on and off again,
// once in the TUI and once in the accessible mode, each in a real
// pseudo-terminal over its own directories: both faces go through
// flow.Decide, so they record the same consent lines, field for field, but
// for when (and so the chain's link to the line before).
func TestFacesRecordTheSameDecisions(t *testing.T) {
	t.Parallel()
	tuiHome, accHome := t.TempDir(), t.TempDir()

	tui := accessibleTerm(t, tuiHome, nil, "ACCESSIBLE=")
	tui.see("[ Settings ]")
	tui.keys("\r")
	tui.see("Security settings")
	tui.keys("\r")
	tui.see("Kaspersky Security Network")
	tui.keys("\r")
	tui.see("Participation in Kaspersky Security Network")
	tui.keys(" ")
	tui.see("I agree")
	tui.keys("\t", "\r")
	tui.see("Participation turned on.")
	tui.keys(" ")
	tui.see("Participation turned off.")
	tui.keys("\x03")
	tui.wait()

	acc := accessibleTerm(t, accHome, nil)
	r := &reader{tm: acc, prompt: englishPrompts}
	r.acceptInKSN()
	r.answer("1\r") // Turn participation off
	r.answer("6\r") // Quit
	acc.wait()

	got, want := consentLines(t, accHome), consentLines(t, tuiHome)
	if len(got) != 2 || len(want) != 2 {
		t.Fatalf("consent lines: accessible %+v, TUI %+v; want an acceptance and a withdrawal each", got, want)
	}
	for i := range got {
		if got[i].At.IsZero() || want[i].At.IsZero() {
			t.Errorf("line %d without a time: %+v, %+v", i+1, got[i], want[i])
		}
		got[i].At, want[i].At = time.Time{}, time.Time{}
		if i > 0 {
			got[i].Prev, want[i].Prev = "", ""
		}
		if got[i] != want[i] {
			t.Errorf("line %d: the accessible mode recorded %+v, the TUI %+v", i+1, got[i], want[i])
		}
	}
	if got[0].Decision != model.ConsentAccepted || got[1].Decision != model.ConsentWithdrawn || got[0].Via != "tui" {
		t.Errorf("recorded %+v", got)
	}
}

// consentLines reads consent.jsonl under home, line by line.
func consentLines(t *testing.T, home string) []model.ConsentEntry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(home, "state", "ksn", "consent.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var out []model.ConsentEntry
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var e model.ConsentEntry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		out = append(out, e)
	}
	return out
}

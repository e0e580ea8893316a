package ui

import (
	"encoding/json"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ksn/model"
	"ksn/statement"
	"ksn/ui/help"
)

// drain handles the messages that are already queued, without waiting.
func (e *env) drain() {
	for {
		select {
		case msg := <-e.msgs:
			e.send(msg)
		default:
			return
		}
	}
}

// invariant waits for the saves in flight, then fails the test if
// settings.json has participation on without an accepted current statement,
// if consent.jsonl is broken or its last decision is not what settings.json
// says, or if the App or its screen says otherwise than the files. If
// mustShow, the screen has to show the participation state.
func (e *env) invariant(step int, mustShow bool) {
	e.t.Helper()
	e.until("the saves", func() bool { return !e.app.sh.saving })
	e.drain()
	sha := statement.SHA256()

	// settings.json, read as plain JSON first: model.Parse refuses a file
	// that breaks the invariant, and that must not hide it.
	fileOn := false
	raw, err := os.ReadFile(e.store.Paths().SettingsFile())
	switch {
	case errors.Is(err, fs.ErrNotExist): // never saved: off
	case err != nil:
		e.t.Fatalf("step %d: %v", step, err)
	default:
		var plain struct {
			KSN struct {
				Participation bool `json:"participation"`
				Statement     struct {
					Decision string `json:"decision"`
					SHA256   string `json:"sha256"`
				} `json:"statement"`
			} `json:"ksn"`
		}
		if err := json.Unmarshal(raw, &plain); err != nil {
			e.t.Fatalf("step %d: settings.json is not JSON: %v\n%s", step, err, raw)
		}
		k := plain.KSN
		if k.Participation && (k.Statement.Decision != string(model.DecisionAccepted) || k.Statement.SHA256 != sha) {
			e.t.Fatalf("step %d: settings.json has participation on without an accepted current statement:\n%s", step, raw)
		}
		s, err := model.Parse(raw)
		if err != nil {
			e.t.Fatalf("step %d: settings.json does not parse: %v\n%s", step, err, raw)
		}
		fileOn = s.Participating(sha)
	}

	// consent.jsonl: an intact chain whose last decision is the file's.
	entries, bad, err := e.store.VerifyConsent()
	if err != nil || bad != 0 {
		e.t.Fatalf("step %d: consent.jsonl: first bad line %d, %v", step, bad, err)
	}
	lastAccepted := false
	if n := len(entries); n > 0 {
		last := entries[n-1]
		lastAccepted = last.Decision == model.ConsentAccepted && last.SHA256 == sha
	}
	if lastAccepted != fileOn {
		e.t.Fatalf("step %d: settings.json says participating %v, but the last of %d consent lines is %+v", step, fileOn, len(entries), entries[max(len(entries)-1, 0):])
	}

	if got := e.app.sh.participating(); got != fileOn {
		e.t.Fatalf("step %d: the App says participating %v, settings.json %v", step, got, fileOn)
	}
	shown := e.shownParticipation()
	if shown == "" && mustShow {
		e.t.Fatalf("step %d: the screen does not show participation:\n%s", step, e.screen())
	}
	if shown != "" && (shown == "On") != fileOn {
		e.t.Fatalf("step %d: the screen says %s, settings.json says participating %v:\n%s", step, shown, fileOn, e.screen())
	}
}

// participationShown finds the participation state where a screen shows
// it: the main window's "KSN  On", Security settings' "On · Connected",
// the KSN window's toggle "( ● On )" or row "Participation  On".
var participationShown = regexp.MustCompile(`KSN +(On|Off)\b|\b(On|Off) · |\( [●○] (On|Off) \)|Participation +(On|Off)\b`)

// shownParticipation is "On" or "Off" as the screen shows it, or "" if the
// active screen does not show it (or not whole, on a small terminal).
func (e *env) shownParticipation() string {
	switch e.app.top().(type) {
	case *menu, *ksnWindow:
	default:
		return "" // the Statement window and help topics do not show it
	}
	m := participationShown.FindStringSubmatch(e.screen())
	for _, g := range m[min(len(m), 1):] {
		if g != "" {
			return g
		}
	}
	return ""
}

// TestTerminalAbuse sends every size with width and height in {0, 1, 2, 3,
// 10, 40, 80, 200}, then thousands of random keys, clicks, wheel turns and
// resizes: no panic, every frame fits its terminal, and the invariant of
// docs/files.md holds throughout.
func TestTerminalAbuse(t *testing.T) {
	t.Parallel()
	sizes := []int{0, 1, 2, 3, 10, 40, 80, 200}
	keys := []string{"enter", "space", "tab", "shift+tab", "esc", "up", "down", "left", "right",
		"pgdown", "home", "end", "f1", "?", "r", "x"}
	for _, seed := range []uint64{1, 2, 3} {
		e := newEnv(t, validLicense)
		for _, w := range sizes {
			for _, h := range sizes {
				e.send(tea.WindowSizeMsg{Width: w, Height: h})
				_ = e.app.View()
			}
		}
		rnd := rand.New(rand.NewPCG(seed, 42))
		w, h := 80, 24
		e.send(tea.WindowSizeMsg{Width: w, Height: h})
		const events = 2000
		for i := range events {
			switch n := rnd.IntN(100); {
			case n < 70:
				e.keys(keys[rnd.IntN(len(keys))])
			case n < 80:
				e.send(tea.MouseClickMsg{X: rnd.IntN(w + 2), Y: rnd.IntN(h + 2), Button: tea.MouseLeft})
			case n < 88:
				btn := tea.MouseWheelUp
				if rnd.IntN(2) == 0 {
					btn = tea.MouseWheelDown
				}
				e.send(tea.MouseWheelMsg{X: rnd.IntN(w + 1), Y: rnd.IntN(h + 1), Button: btn})
			default:
				w, h = sizes[rnd.IntN(len(sizes))], sizes[rnd.IntN(len(sizes))]
				e.send(tea.WindowSizeMsg{Width: w, Height: h})
			}
			e.drain()
			frame := e.app.View().Content
			if lines := strings.Count(frame, "\n") + 1; frame != "" && lines > max(h, 1) {
				t.Fatalf("seed %d step %d: %d lines on a %d×%d terminal", seed, i, lines, w, h)
			}
			if i%100 == 0 {
				e.invariant(i, false)
			}
		}
		e.settle()
		// Back to the main window at a size that shows everything, then
		// through every screen that shows participation.
		e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		for len(e.app.stack) > 1 {
			e.keys("esc")
		}
		e.invariant(events, true)
		for _, name := range []help.Name{help.Settings, help.Security, help.KSN} {
			e.keys("enter")
			e.until(string(name), func() bool { return e.at(name) })
			e.invariant(events, name != help.Settings)
		}
		// And both ways of the toggle, so both answers are checked.
		for range 2 {
			if e.app.sh.participating() {
				e.keys("space")
			} else {
				e.keys("space", "tab", "enter") // the Statement window, "I agree"
			}
			e.until("the KSN window", func() bool { return e.at(help.KSN) })
			e.invariant(events, true)
		}
		t.Logf("seed %d: %d events, %d consent lines, %d requests to the service, participating %v",
			seed, events, len(e.consent()), e.service.Requests(), e.app.sh.participating())
	}
}

package ui

import (
	"math/rand/v2"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ksn/model"
	"ksn/statement"
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

// invariant fails the test if participation counts as on without an
// accepted decision for the current statement, in the App or in the file.
func (e *env) invariant(step int) {
	e.t.Helper()
	check := func(where string, s model.Settings) {
		if s.Participating(statement.SHA256()) &&
			(s.KSN.Statement.Decision != model.DecisionAccepted || s.KSN.Statement.SHA256 != statement.SHA256()) {
			e.t.Fatalf("step %d: %s breaks the invariant: %+v", step, where, s.KSN)
		}
		if s.KSN.Participation && s.KSN.Statement.Decision != model.DecisionAccepted {
			e.t.Fatalf("step %d: %s is on without an accepted statement: %+v", step, where, s.KSN)
		}
	}
	check("the App", e.app.sh.state().Settings)
	check("settings.json", e.saved())
}

// TestTerminalAbuse sends every size with width and height in {0, 1, 2, 3,
// 10, 40, 80, 200}, then thousands of random keys, clicks, wheel turns and
// resizes: no panic, every frame fits its terminal, and the invariant of
// SPEC §2 holds throughout.
func TestTerminalAbuse(t *testing.T) {
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
				e.invariant(i)
			}
		}
		e.until("the last saves", func() bool { return !e.app.sh.saving })
		e.settle()
		e.invariant(events)
		t.Logf("seed %d: %d events, %d consent lines, %d requests to the service", seed, events, len(e.consent()), e.service.Requests())
	}
}

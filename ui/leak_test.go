package ui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"
	"go.uber.org/goleak"
)

// TestProgramLeavesNoGoroutines runs the App in a real program through a
// walk with checks, a statement render and a save, quits, and expects every
// goroutine it started (watchers, timers, checks) to be gone.
func TestProgramLeavesNoGoroutines(t *testing.T) {
	e := newEnv(t, validLicense)
	baseline := goleak.IgnoreCurrent()
	w := newWalker(t, e)
	w.press("enter", "enter", "enter")
	w.see("Participation in Kaspersky Security Network")
	w.press("space")
	w.see("I agree")
	w.press("tab", "enter")
	w.see("Connected")
	w.press("q")
	w.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	goleak.VerifyNone(t, baseline,
		// The test's own harness: its screen reader and teatest's watcher.
		goleak.IgnoreAnyFunction("ksn/ui.newWalker.func2"),
		goleak.IgnoreAnyFunction("ksn/ui.newWalker.func3"),
		goleak.IgnoreAnyFunction("github.com/charmbracelet/x/exp/teatest/v2.NewTestModel.func2"))
}

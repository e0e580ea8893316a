package ui

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"ksn/flow"
	"ksn/netcheck"
)

// goroutines counts the goroutines with a frame of package ui whose
// function name contains piece, e.g. ".after.func" for the closures of
// after wherever the compiler inlined it.
func goroutines(piece string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	count := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		for _, frame := range strings.Split(g, "\n") {
			if strings.HasPrefix(frame, "ksn/ui.") && strings.Contains(frame, piece) {
				count++
				break
			}
		}
	}
	return count
}

// restricted is a connected result with a restriction until until.
func restricted(now, until time.Time) netcheck.Result {
	return netcheck.Result{Connected: true, CheckedAt: now,
		Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: until}}}
}

// TestRestrictionTimersDoNotPileUp feeds many restricted results: each
// replaces the timer of the one before, whose goroutine ends, so one timer
// is left, not one per result.
func TestRestrictionTimersDoNotPileUp(t *testing.T) {
	// Not parallel: it counts the goroutines of the whole process.
	const timer = ".after.func" // the goroutine sleeping until a restriction ends
	const driver = ".(*env).run.func"
	e := newEnv(t, validLicense)
	e.walkToKSN()
	e.settle()
	if n := goroutines(timer); n != 0 {
		t.Fatalf("%d restriction timers before any restriction", n)
	}
	before := goroutines(driver) // the periodic tick, the watch, …
	now := e.app.sh.now()
	const results = 50
	for i := range results {
		e.send(checkDoneMsg{seq: e.app.checkSeq, res: restricted(now, now.Add(time.Hour+time.Duration(i)*time.Minute))})
	}
	// Every command the results returned has run (or is the one left
	// sleeping) once the driver's goroutines are back to one more than
	// before; poll generously, the goroutines end when they are scheduled.
	deadline := time.Now().Add(10 * time.Second)
	for {
		timers, running := goroutines(timer), goroutines(driver)
		if timers == 1 && running <= before+1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %d restricted results: %d restriction timers sleeping (want 1), %d commands running (%d before)",
				results, timers, running, before)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The message of a replaced timer is dropped: no check starts.
	seq := e.app.checkSeq
	e.send(restrictionEndMsg{gen: e.app.restrictGen - 1})
	if e.app.checkSeq != seq || e.app.sh.checking {
		t.Fatal("the timer of an older result started a check")
	}
	// An unrestricted result ends the last timer too.
	e.send(checkDoneMsg{seq: e.app.checkSeq, res: netcheck.Result{Connected: true, CheckedAt: now}})
	deadline = time.Now().Add(10 * time.Second)
	for goroutines(timer) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d restriction timers left after an unrestricted result", goroutines(timer))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRestrictionWaitIsCapped: whatever end the service gives, ksn checks
// again within 24 hours.
func TestRestrictionWaitIsCapped(t *testing.T) {
	t.Parallel()
	now := fixedNow
	for _, c := range []struct {
		until time.Time
		want  time.Duration
	}{
		{now.Add(20 * time.Minute), 20 * time.Minute},
		{now.Add(24 * time.Hour), 24 * time.Hour},
		{now.Add(1000 * time.Hour), 24 * time.Hour},
		{time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), 24 * time.Hour},
	} {
		res := netcheck.Result{Connected: true, Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: c.until}}}
		if got, ok := flow.RestrictionEnds(res, now, time.Time{}); got != c.want || !ok {
			t.Errorf("flow.RestrictionEnds(until %v) = %v, %v; want %v", c.until, got, ok, c.want)
		}
	}
}

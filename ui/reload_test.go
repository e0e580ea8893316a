package ui

import (
	"testing"
	"time"

	"ksn/flow"
	"ksn/lang"
	"ksn/statement"
)

// TestOwnSaveSeenByTheWatchChecksOnce: the watch may read the App's own
// save before the save has answered. That read must not start a check of
// its own: the save's answer starts one, which would supersede it, so a
// fast service got two requests for one decision (seen in Data sent).
func TestOwnSaveSeenByTheWatchChecksOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	e.idle()
	seq := e.app.checkSeq
	// The decision is being saved: flow.Decide has written the files, its
	// answer has not arrived, and the watch's read arrives first.
	e.app.sh.saving = true
	if _, err := flow.Decide(e.store, flow.Request{
		Choice: flow.Accept, Statement: flow.DecidedOn(statement.In(lang.English())),
		Via: "tui", At: fixedNow.Add(-time.Minute), PolicyDirs: e.app.sh.opts.PolicyDirs,
	}); err != nil {
		t.Fatal(err)
	}
	msg := load(e.store, e.app.sh.opts.PolicyDirs)
	msg.seq = e.app.loadSeq
	e.send(msg)
	if !e.app.sh.participating() {
		t.Fatal("the read did not apply: participation is off")
	}
	if e.app.checkSeq != seq || e.app.sh.checking {
		t.Errorf("the watch's read of the App's own save started a check (seq %d → %d)", seq, e.app.checkSeq)
	}
	e.app.sh.saving = false
}

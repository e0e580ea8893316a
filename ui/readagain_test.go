package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ksn/ui/help"
)

// TestReadTheStatementAgainWhileParticipating: "Read the statement" below
// the toggle opens the Statement window read-only, with only "Close", by
// key and by click alike; it records nothing and participation stays on
// (docs/screens.md).
func TestReadTheStatementAgainWhileParticipating(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	e.keys("space")
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	e.keys("tab", "enter")
	e.until("participation on", func() bool { return e.app.sh.participating() && !e.app.sh.saving })
	e.idle()
	read := en.T("ui.button.read")
	if !strings.Contains(e.screen(), "[ "+read+" ]") {
		t.Fatalf("no %q below the toggle while participating:\n%s", read, e.screen())
	}
	readOnly := func(how string) {
		t.Helper()
		e.until("the Statement window ("+how+")", func() bool { return e.at(help.Statement) })
		s := e.screen()
		if !strings.Contains(s, "[ "+en.T("ui.button.close")+" ]") || strings.Contains(s, en.T("ui.button.agree")) || strings.Contains(s, en.T("ui.button.cancel")) {
			t.Fatalf("%s: the statement is not read-only with Close alone:\n%s", how, s)
		}
		e.keys("esc")
		e.until("the KSN window again", func() bool { return e.at(help.KSN) })
		if w := e.app.top().(*ksnWindow); w.focus != focusToggle {
			t.Fatalf("%s: focus %d after the Statement window, want the toggle", how, w.focus)
		}
	}
	e.keys("tab")
	if w := e.app.top().(*ksnWindow); w.focus != focusRead {
		t.Fatalf("tab: focus %d, want Read the statement", w.focus)
	}
	e.keys("enter")
	readOnly("enter")
	e.keys("down", "space")
	readOnly("space")
	x, y := e.buttonAt(read)
	e.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	readOnly("click")
	if h := e.consent(); len(h) != 1 || !e.app.sh.participating() {
		t.Fatalf("reading again recorded or changed something: %d records, participating %v", len(h), e.app.sh.participating())
	}
}

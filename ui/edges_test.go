package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ksn/model"
	"ksn/statement"
	"ksn/ui/help"
)

// buttonAt finds label on the screen and returns the cell of its first letter.
func (e *env) buttonAt(label string) (x, y int) {
	e.t.Helper()
	for i, l := range strings.Split(e.screen(), "\n") {
		if j := strings.Index(l, label); j >= 0 {
			return len([]rune(l[:j])), i
		}
	}
	e.t.Fatalf("no %q on the screen:\n%s", label, e.screen())
	return 0, 0
}

func TestClicksHitWhatIsDrawn(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, func(o *Options) { o.Overrides.Window = model.WindowStatement })
	e.walkToKSN()
	x, y := e.buttonAt("[ Accept ]")
	e.send(tea.MouseClickMsg{X: x + len("[ Accept ]") - 1, Y: y, Button: tea.MouseLeft}) // its closing bracket
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	e.keys("esc")
	x, y = e.buttonAt("[ Accept ]")
	e.send(tea.MouseClickMsg{X: x + len("[ Accept ]"), Y: y, Button: tea.MouseLeft}) // the blank column after it
	e.settle()
	if len(e.consent()) != 0 || !e.at(help.KSN) {
		t.Fatal("a click beside a button pressed one")
	}
	x, y = e.buttonAt("[ Decline ]")
	e.send(tea.MouseClickMsg{X: x - 1, Y: y, Button: tea.MouseLeft}) // the marker's room before it
	e.send(tea.MouseClickMsg{X: x - 2, Y: y, Button: tea.MouseLeft})
	e.settle()
	if len(e.consent()) != 0 {
		t.Fatal("a click in the blank before Decline declined")
	}
	e.send(tea.WindowSizeMsg{Width: 39, Height: 12}) // too small: only the note is drawn
	for y := range 12 {
		for x := range 39 {
			e.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
		}
	}
	e.settle()
	if len(e.consent()) != 0 || !e.at(help.KSN) {
		t.Fatal("a click on the too-small note did something")
	}
}

func TestAnOlderReloadAnsweringLateIsDropped(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	old := load(e.store, e.app.sh.opts.PolicyDirs)
	if _, err := e.store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
		s.KSN.Window = model.WindowStatement
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	e.until("the change", func() bool { return e.app.sh.window() == model.WindowStatement })
	old.seq = e.app.loadSeq - 1
	e.send(old)
	if e.app.sh.window() != model.WindowStatement {
		t.Fatal("an older read overwrote newer settings")
	}
}

func TestQuitWaitsForTheDecisionBeingSaved(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	e.keys("space", "tab")
	_, cmd := e.app.Update(keyPress("enter")) // "I agree": the save starts
	if !e.app.sh.saving {
		t.Fatal("no save in flight")
	}
	if _, quit := e.app.Update(keyPress("q")); quit != nil {
		t.Fatal("quit while the decision was being saved")
	}
	var msg tea.Msg
	for _, c := range flatten(cmd) {
		if m := c(); m != nil {
			if _, ok := m.(savedMsg); ok {
				msg = m
			}
		}
	}
	if msg == nil {
		t.Fatal("the save did not answer")
	}
	_, after := e.app.Update(msg)
	if after == nil || after() != tea.Quit() {
		t.Fatal("did not quit once the decision was saved")
	}
	if h := e.consent(); len(h) != 1 {
		t.Fatalf("history %v", h)
	}
}

// flatten expands a command that may be a batch into its commands,
// skipping those that wait (ticks, watches).
func flatten(cmd tea.Cmd) []tea.Cmd {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case m := <-done:
		if b, ok := m.(tea.BatchMsg); ok {
			var out []tea.Cmd
			for _, c := range b {
				out = append(out, flatten(c)...)
			}
			return out
		}
		return []tea.Cmd{func() tea.Msg { return m }}
	case <-time.After(2 * time.Second):
		return nil
	}
}

func TestHelpClosingKeepsTheFocus(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, func(o *Options) { o.Overrides.Window = model.WindowStatement })
	e.walkToKSN()
	e.keys("tab") // Decline
	e.keys("f1")
	e.until("the help", func() bool { return strings.HasPrefix(e.app.top().Title(), "Help") })
	e.keys("esc")
	if w := e.app.top().(*ksnWindow); w.focus != focusDecline {
		t.Fatalf("focus %d after closing help, want Decline", w.focus)
	}
}

func TestRestrictionNoticeEndsWithTheRestriction(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, func(o *Options) {
		if _, err := o.Store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
			n, c := s.Accept(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, fixedNow, "tui")
			*s = n
			return &c, nil
		}); err != nil {
			t.Fatal(err)
		}
	})
	e.walkToKSN()
	if !e.app.sh.result.Connected {
		t.Fatalf("not connected before the restriction:\n%s", e.screen())
	}
	// The service restricts requests for half a second.
	now := e.app.sh.now()
	e.send(checkDoneMsg{seq: e.app.checkSeq, res: restricted(now, now.Add(500*time.Millisecond))})
	text := strings.Join(strings.Fields(e.screen()), " ")
	if !strings.Contains(text, en.RestrictionNotice()+" Until ") {
		t.Fatalf("no restriction notice with its end:\n%s", e.screen())
	}
	// When it ends, the timer asks for a check, the service answers
	// without a restriction, and the notice is gone.
	requests := e.service.Requests()
	e.until("a check when the restriction ends", func() bool {
		r := e.app.sh.result
		return e.service.Requests() > requests && !e.app.sh.checking && r != nil && !r.Restricted()
	})
	text = strings.Join(strings.Fields(e.screen()), " ")
	if strings.Contains(text, en.RestrictionNotice()) || strings.Contains(text, "Until") {
		t.Fatalf("the notice outlived the restriction:\n%s", e.screen())
	}
	if !strings.Contains(text, "✓ Connected") {
		t.Fatalf("not connected after the restriction:\n%s", e.screen())
	}
}

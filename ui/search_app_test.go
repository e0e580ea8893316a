package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ksn/ui/help"
)

// TestSearchThroughTheApp types a search in the Statement window of a
// running App: the keys the App keeps for itself elsewhere (q, ?, esc) are
// text or the prompt's own while it is open, and the seed's categories are
// found.
func TestSearchThroughTheApp(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	e.keys("space")
	e.until("the statement", func() bool {
		return e.at(help.Statement) && strings.Contains(e.screen(), "Version")
	})
	for _, phrase := range []string{"threats detected", "applications being run", "signed applications", "operating system", "start and completion time"} {
		e.keys("/")
		for _, r := range phrase {
			e.keys(keyName(r))
		}
		e.keys("enter")
		text := strings.Join(strings.Fields(e.screen()), " ")
		if strings.Contains(text, "No match for") || !strings.Contains(strings.ToLower(text), phrase) {
			t.Fatalf("searching %q:\n%s", phrase, e.screen())
		}
	}
	e.keys("/", "q", "?", "esc")
	if e.app.quitting || !e.at(help.Statement) {
		t.Fatalf("keys typed in the prompt left the window (%s)", e.app.top().Title())
	}
	if e.app.fullHelp {
		t.Fatal("? in the prompt opened the full help")
	}
	e.keys("/", "x", "y", "z", "z", "y", "enter")
	if !strings.Contains(e.screen(), "No match for “xyzzy”") {
		t.Fatalf("no \"No match\" line:\n%s", e.screen())
	}
	e.keys("esc")
	if !e.at(help.KSN) {
		t.Fatalf("esc after the search did not cancel the window: %s", e.app.top().Title())
	}
}

// keyName is the key name of a typed rune.
func keyName(r rune) string {
	if r == ' ' {
		return "space"
	}
	return string(r)
}

// TestEscEndsTheSearchFirst: in the Statement window, esc after a search
// that found something ends the search and stays; a second esc leaves,
// as in less. With the focus on the buttons too, and two esc in one read
// (alt+esc) do both. A resize keeps the current match on screen.
func TestEscEndsTheSearchFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	open := func() *statementWindow {
		e.keys("space")
		e.until("the statement", func() bool {
			return e.at(help.Statement) && strings.Contains(e.screen(), "Version")
		})
		return e.app.top().(*statementWindow)
	}
	find := func(s *statementWindow, phrase string) {
		e.keys("/")
		for _, r := range phrase {
			e.keys(keyName(r))
		}
		e.keys("enter")
		if !s.showingSearch() {
			t.Fatalf("searching %q found nothing:\n%s", phrase, e.screen())
		}
	}

	s := open()
	find(s, "start and completion time")
	e.keys("esc")
	if !e.at(help.Statement) || s.showingSearch() {
		t.Fatalf("esc after a search: in %s, search shown %v; want the Statement window, no search", e.app.top().Title(), s.showingSearch())
	}
	e.keys("esc")
	if !e.at(help.KSN) {
		t.Fatalf("a second esc did not leave: %s", e.app.top().Title())
	}

	s = open()
	find(s, "operating system")
	e.keys("tab")
	if s.focus == focusText {
		t.Fatal("tab did not move the focus to the buttons")
	}
	e.keys("esc")
	if !e.at(help.Statement) || s.showingSearch() {
		t.Fatalf("esc on the buttons after a search: in %s, search shown %v", e.app.top().Title(), s.showingSearch())
	}

	e.keys("esc")
	s = open()
	find(s, "operating system")
	e.send(tea.KeyPressMsg{Code: tea.KeyEscape, Mod: tea.ModAlt})
	if !e.at(help.KSN) {
		t.Fatalf("two esc in one read did not end the search and leave: %s", e.app.top().Title())
	}

	s = open()
	find(s, "start and completion time")
	for _, size := range []tea.WindowSizeMsg{{Width: 40, Height: 12}, {Width: 200, Height: 60}, {Width: 60, Height: 14}} {
		e.send(size)
		e.until("the new render", func() bool { return s.doc.lines != nil && s.doc.width == s.doc.want })
		if !s.doc.inView(s.doc.find.cur) {
			t.Errorf("at %d×%d the current match (lines %d–%d) is out of view (offset %d, height %d)", size.Width, size.Height,
				s.doc.find.matches[s.doc.find.cur].first, s.doc.find.matches[s.doc.find.cur].last, s.doc.offset, s.doc.height)
		}
	}
}

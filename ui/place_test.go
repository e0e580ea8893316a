package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/netcheck/ksntest"
	"ksn/ui/help"
)

// statementShown is the statement window on top of e and the plain lines
// of its text in view, once the text is rendered for the width in force.
func (e *env) statementShown() (*statementWindow, []string) {
	e.t.Helper()
	s, ok := e.app.top().(*statementWindow)
	if !ok {
		e.t.Fatalf("not the Statement window:\n%s", e.screen())
	}
	e.until("the statement rendered for its width", func() bool {
		return s.doc.lines != nil && s.doc.width == s.doc.want
	})
	return s, strings.Split(ansi.Strip(s.doc.View()), "\n")
}

// firstInked is the first line of lines that is not blank.
func firstInked(lines []string) string {
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

// A resize keeps the reading place: the text at the top of the view stays
// at the top after the statement is wrapped again (docs/screens.md
// "Statement window").
func TestResizeKeepsTheReadingPlace(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	e.keys("space")
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	e.statementShown()
	e.keys("pgdown", "pgdown", "pgdown")
	_, before := e.statementShown()
	top := firstInked(before)
	first := strings.Fields(top)[0]

	for _, size := range []tea.WindowSizeMsg{{Width: 60, Height: 20}, {Width: 44, Height: 16}, {Width: 100, Height: 30}} {
		e.send(size)
		_, after := e.statementShown()
		joined := strings.Join(strings.Fields(strings.Join(after, " ")), " ")
		if !strings.Contains(joined, strings.Join(strings.Fields(top), " ")) {
			t.Errorf("at %dx%d the line being read, %q, is out of view:\n%s", size.Width, size.Height, top, strings.Join(after, "\n"))
		}
		if got := firstInked(after); !strings.Contains(got, first) {
			t.Errorf("at %dx%d the view starts with %q, want the line holding %q", size.Width, size.Height, got, first)
		}
	}

	e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if _, back := e.statementShown(); strings.Join(back, "\n") != strings.Join(before, "\n") {
		t.Errorf("back at 80x24 the view moved:\n%s\nwant:\n%s", strings.Join(back, "\n"), strings.Join(before, "\n"))
	}
}

// shownWhole reports whether text is on screen, however it is wrapped.
func (e *env) shownWhole(text string) bool {
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	return strings.Contains(flat(e.screen()), flat(text))
}

// At 80x24, with the demo's banner line and an answer, the connection
// status keeps its reason and what to do in view after a toggle: the
// details above it scroll instead (docs/screens.md).
func TestTheConnectionStatusStaysInView(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, func(o *Options) { o.Banner = "Demo: denylisted; throwaway settings" })
	e.service.SetScenario(ksntest.Denylisted)
	e.walkToKSN()
	v := e.app.sh.say
	status := func(what string) {
		t.Helper()
		e.idle()
		r := e.app.sh.state().Check
		if r == nil || r.Connected {
			t.Fatalf("%s: not a failed check: %+v", what, r)
		}
		for _, text := range []string{v.T("ui.ksn.connection_status"), v.Reason(r.Reason), v.WhatToDoLabel()} {
			if !e.shownWhole(text) {
				t.Errorf("%s: %q is out of view:\n%s", what, text, e.screen())
			}
		}
		if !strings.Contains(e.screen(), "( ● On )") && !strings.Contains(e.screen(), "( ○ Off )") {
			t.Errorf("%s: the toggle is out of view:\n%s", what, e.screen())
		}
	}
	e.keys("space")
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	e.keys("tab", "enter")
	e.until("the answer to the acceptance", func() bool { return strings.Contains(e.screen(), answerOn) })
	status("turned on")
	e.keys("space")
	e.until("the answer to the withdrawal", func() bool { return strings.Contains(e.screen(), answerOff) })
	status("turned off")
}

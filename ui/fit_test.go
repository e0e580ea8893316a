package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/say"
	"ksn/statement"
	"ksn/ui/help"
)

// readAll scrolls the active screen's body from its top to its end with
// pgdown and returns every line seen, in order, without the markers. A
// page that overlaps the one before (the last, held at the end) adds only
// its new lines.
func (e *env) readAll() string {
	e.t.Helper()
	e.keys("pgup", "pgup", "pgup", "pgup", "pgup", "pgup")
	var seen []string
	for range 20 {
		body, _ := e.app.top().View()
		var page []string
		for _, l := range strings.Split(ansi.Strip(body), "\n") {
			if t := strings.TrimSpace(l); t != e.app.sh.say.T("ui.scroll.more_above") && t != e.app.sh.say.T("ui.scroll.more_below") {
				page = append(page, t)
			}
		}
		seen = append(seen, page[overlap(seen, page):]...)
		e.keys("pgdown")
	}
	return strings.Join(strings.Fields(strings.Join(seen, " ")), " ")
}

// TestNothingIsCutAt40x12 reads the KSN window at the smallest size, in
// both layouts and every language, with a restriction and with a failure:
// every sentence is there whole, however the body scrolls, and the help
// bar keeps esc and ?.
func TestNothingIsCutAt40x12(t *testing.T) {
	t.Parallel()
	accept := func(o *Options) {
		if _, err := o.Store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
			n, c := s.Accept(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, fixedNow, "tui")
			*s = n
			return &c, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range languages() {
		v := say.In(l)
		for _, window := range []model.Window{model.WindowInfo, model.WindowStatement} {
			t.Run(l.Code()+"/"+string(window), func(t *testing.T) {
				e := newEnv(t, validLicense, accept, func(o *Options) { o.Overrides.Window, o.Lang = window, l })
				e.send(tea.WindowSizeMsg{Width: 40, Height: 12})
				e.keys("enter", "enter", "enter")
				e.until("the KSN window", func() bool { return e.at(help.KSN) })
				e.idle()
				now := e.app.sh.now()
				res := restricted(now, now.Add(3*60*60*1e9))
				e.send(checkDoneMsg{seq: e.app.checkSeq, res: res})
				text := e.readAll()
				if want := v.Restriction(&res, now); !strings.Contains(text, want) {
					t.Errorf("the restriction is not there whole (%q):\n%s", want, text)
				}
				denied := netcheck.Result{Reason: netcheck.ReasonKeyDenylisted, CheckedAt: now,
					Steps: []netcheck.Step{{Name: netcheck.StepKey, OK: false, Detail: netcheck.DetailKeyDenylisted, Hint: netcheck.HintDenylisted}}}
				e.send(checkDoneMsg{seq: e.app.checkSeq, res: denied})
				text = e.readAll()
				for _, want := range []string{v.Reason(denied.Reason), v.WhatToDoLabel() + v.StepHint(denied.Steps[0])} {
					if !strings.Contains(text, want) {
						t.Errorf("%q is not there whole:\n%s", want, text)
					}
				}
				for _, l := range strings.Split(e.screen(), "\n") {
					if w := lipgloss.Width(l); w > 40 {
						t.Errorf("a line of %d columns: %q", w, l)
					}
				}
				footer := ansi.Strip(e.app.footer())
				if !strings.Contains(footer, "esc "+v.T("ui.key.back")) || !strings.Contains(footer, "? "+v.T("ui.key.more")) {
					t.Errorf("the help bar lost esc or ?: %q", footer)
				}
			})
		}
	}
}

// TestEveryScreenFitsInEveryLanguage draws every screen of the goldens in
// every language at 40×12 and 80×24, with the short and the full help,
// and those that need no decision also locked by a policy and while
// participating: the frame is no taller or wider than the terminal, and
// no line is cut ("…" at its end), however long a language's words.
func TestEveryScreenFitsInEveryLanguage(t *testing.T) {
	t.Parallel()
	states := []struct {
		name string
		opt  func(t *testing.T) func(*Options)
	}{
		{"", func(*testing.T) func(*Options) { return func(*Options) {} }},
		{"-locked", func(*testing.T) func(*Options) { return func(o *Options) { o.PolicyDirs = []string{lockedDir} } }},
		{"-participating", func(t *testing.T) func(*Options) { return decided(t, flow.Accept) }},
		// The demo's banner, in the session's language (ksn --demo).
		{"-demo", func(*testing.T) func(*Options) {
			return func(o *Options) { o.Banner = say.In(o.Lang).T("cli.demo.banner", "Scenario", "restricted") }
		}},
	}
	for _, l := range languages() {
		for _, sz := range langSizes {
			for _, st := range goldenSteps {
				for _, state := range states {
					if state.name != "" && slices.Contains(st.keys, "space") {
						continue // the toggle would not open the Statement window
					}
					t.Run(fmt.Sprintf("%s/%dx%d/%s%s", l.Code(), sz.w, sz.h, st.name, state.name), func(t *testing.T) {
						e := newGoldenEnv(t, l, st.window, st.start, sz.w, sz.h, st.keys, st.at, state.opt(t))
						for _, full := range []bool{false, true} {
							if full {
								e.keys("?")
							}
							lines := strings.Split(e.screen(), "\n")
							if len(lines) > sz.h {
								t.Errorf("full help %v: %d lines:\n%s", full, len(lines), e.screen())
							}
							for _, line := range lines {
								if w := lipgloss.Width(line); w > sz.w {
									t.Errorf("full help %v: a line of %d columns: %q", full, w, line)
								}
								if strings.HasSuffix(strings.TrimSpace(line), "…") {
									t.Errorf("full help %v: a line cut: %q", full, line)
								}
							}
						}
					})
				}
			}
		}
	}
}

// TestTheFocusStaysInView moves the focus in the statement layout at
// 40×12 and finds the focused button on the screen each time, in every
// language.
func TestTheFocusStaysInView(t *testing.T) {
	t.Parallel()
	for _, l := range languages() {
		t.Run(l.Code(), func(t *testing.T) {
			e := newEnv(t, validLicense, func(o *Options) { o.Overrides.Window, o.Lang = model.WindowStatement, l })
			e.send(tea.WindowSizeMsg{Width: 40, Height: 12})
			e.keys("enter", "enter", "enter")
			e.until("the KSN window", func() bool { return e.at(help.KSN) })
			e.idle()
			for _, k := range []string{"pgdown", "pgdown", "tab", "pgup", "pgup", "pgup", "tab", "tab"} {
				e.keys(k)
				w := e.app.top().(*ksnWindow)
				if k == "tab" && !strings.Contains(e.screen(), "› [ ") {
					t.Fatalf("after %s the focused button (%d) is not in view:\n%s", k, w.focus, e.screen())
				}
			}
		})
	}
}

// TestWideTerminalsKeepTextReadable checks docs/screens.md at 200×60: the body
// is at most 100 columns, centred, prose at most 80, and the toggle's value
// stands near its label.
func TestWideTerminalsKeepTextReadable(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	e.keys("enter", "enter", "enter")
	e.until("the KSN window", func() bool { return e.at(help.KSN) })
	e.idle()
	left, width := e.app.column()
	if width > maxBodyWidth || left < 40 {
		t.Fatalf("body at %d, %d wide", left, width)
	}
	body, _ := e.app.top().View()
	for _, l := range strings.Split(body, "\n") {
		if w := lipgloss.Width(strings.TrimRight(l, " ")); w > proseWidth {
			t.Errorf("a body line of %d columns: %q", w, l)
		}
	}
	for _, l := range strings.Split(e.screen(), "\n") {
		if i, j := strings.Index(l, "Participation in"), strings.Index(l, "( ○ Off )"); i >= 0 && j >= 0 && j-i > proseWidth {
			t.Errorf("the toggle stands %d columns from its label", j-i)
		}
	}
}

// TestTheTitleShowsOnce checks every screen's header, in every language;
// in English, the title is nowhere else on the screen either.
func TestTheTitleShowsOnce(t *testing.T) {
	t.Parallel()
	for _, l := range languages() {
		t.Run(l.Code(), func(t *testing.T) {
			e := newEnv(t, validLicense, func(o *Options) { o.Lang = l })
			e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			for _, k := range []string{"", "enter", "enter", "enter", "space"} {
				if k != "" {
					e.keys(k)
					e.settle()
				}
				title := e.app.top().Title()
				if n := strings.Count(e.screen(), title); l.Code() == "en" && title != en.T("ui.title.ksn") && n != 1 {
					t.Errorf("%q shows %d times:\n%s", title, n, e.screen())
				}
				header := strings.Split(e.screen(), "\n")[0]
				if strings.Count(header, title) != 1 || strings.Contains(strings.Split(e.screen(), "\n")[1], title) {
					t.Errorf("the header repeats %q:\n%s", title, e.screen())
				}
			}
		})
	}
}

// TestAHiddenControlIsNotPressed scrolls the toggle out of view at 40×12:
// space brings it back into view instead of pressing it.
func TestAHiddenControlIsNotPressed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	e.keys("enter", "enter", "enter")
	e.until("the KSN window", func() bool { return e.at(help.KSN) })
	e.idle()
	e.keys("pgdown", "pgdown", "pgdown")
	if strings.Contains(e.screen(), "( ○ ") {
		t.Fatalf("the toggle is still in view:\n%s", e.screen())
	}
	e.keys("space")
	e.settle()
	if !e.at(help.KSN) {
		t.Fatalf("space pressed a hidden toggle: %s", e.app.top().Title())
	}
	if !strings.Contains(e.screen(), "( ○ ") {
		t.Fatalf("space did not bring the toggle into view:\n%s", e.screen())
	}
	e.keys("space")
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
}

// TestALongNoticeLeavesTheBodyRoom fills the banner with a long notice at
// 40×12: the body keeps its lines and the focused button stays in view, in
// every language.
func TestALongNoticeLeavesTheBodyRoom(t *testing.T) {
	t.Parallel()
	for _, l := range languages() {
		t.Run(l.Code(), func(t *testing.T) {
			e := newEnv(t, validLicense, func(o *Options) { o.Lang = l })
			e.app.sh.notice = strings.Repeat("settings.json is not valid (ksn.window: unknown window); ", 6)
			e.send(tea.WindowSizeMsg{Width: 40, Height: 12})
			e.idle()
			if h := e.app.bodyHeight(); h < minBody {
				t.Fatalf("the body has %d lines", h)
			}
			if !strings.Contains(e.screen(), "[ "+say.In(l).T("ui.title.settings")+" ]") {
				t.Fatalf("the focused button is not in view:\n%s", e.screen())
			}
		})
	}
}

package ui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"ksn/flow"
	"ksn/model"
	"ksn/say"
	"ksn/statement"
	"ksn/ui/help"
)

// newSetupEnv is an App on `ksn setup`'s question at w×h; opts may adjust
// its options further.
func newSetupEnv(t *testing.T, w, h int, opts ...func(*Options)) *env {
	t.Helper()
	e := newEnv(t, validLicense, append([]func(*Options){func(o *Options) { o.Start, o.Via = StartSetup, "setup" }}, opts...)...)
	e.send(tea.WindowSizeMsg{Width: w, Height: h})
	e.settle()
	if !e.at(help.Setup) {
		t.Fatalf("the App opened on %q", e.app.top().Title())
	}
	return e
}

// decided records d (by the TUI, earlier) before the App starts.
func decided(t *testing.T, d flow.Choice) func(*Options) {
	return func(o *Options) {
		if _, err := o.Store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
			var e model.ConsentEntry
			if d == flow.Accept {
				*s, e = s.Accept(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, fixedNow.Add(-48*60*60*1e9), "tui")
			} else {
				*s, e = s.Decline(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, fixedNow.Add(-48*60*60*1e9), "tui")
			}
			return &e, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// readSetup scrolls the setup screen's text from its top to its end with
// pgdown and returns every line of it seen, in order, without the markers
// and the choices.
func (e *env) readSetup() string {
	e.t.Helper()
	e.keys("pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup")
	var seen []string
	for range 20 {
		body, _ := e.app.top().View()
		var page []string
		for _, l := range strings.Split(ansi.Strip(body), "\n") {
			t := strings.TrimSpace(l)
			if t != e.app.sh.say.T("ui.scroll.more_above") && t != e.app.sh.say.T("ui.scroll.more_below") && !strings.Contains(t, "[ ") {
				page = append(page, t)
			}
		}
		seen = append(seen, page[overlap(seen, page):]...)
		if e.app.top().(*setupScreen).scroll.atBottom() {
			break
		}
		e.keys("pgdown")
	}
	return words(strings.Join(seen, " "))
}

// overlap is how many first lines of page are the last lines of seen: a
// page scrolled by less than its height shows them again.
func overlap(seen, page []string) int {
	for n := min(len(seen), len(page)); n > 0; n-- {
		if slices.Equal(seen[len(seen)-n:], page[:n]) {
			return n
		}
	}
	return 0
}

// ended reports whether the App quit (its background work is stopped).
func (e *env) ended() bool { return e.app.ctx.Err() != nil }

// history returns the consent entries.
func (e *env) history() []model.ConsentEntry {
	e.t.Helper()
	h, err := e.store.ConsentHistory()
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

func TestSetupParticipateThenIAgree(t *testing.T) {
	t.Parallel()
	e := newSetupEnv(t, 80, 24)
	if w := e.app.top().(*setupScreen); w.focus != choiceRead {
		t.Fatalf("focus %d, want Read the statement", w.focus)
	}
	e.keys("tab", "enter") // Participate
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	if s := e.screen(); !strings.Contains(s, "[ I agree ]") || !strings.Contains(s, "[ Cancel ]") {
		t.Fatalf("the Statement window has not I agree and Cancel:\n%s", s)
	}
	e.keys("tab", "enter") // I agree
	e.until("the App to end", e.ended)
	h := e.history()
	if len(h) != 1 || h[0].Decision != model.ConsentAccepted || h[0].Via != "setup" || h[0].SHA256 != statement.SHA256() {
		t.Fatalf("history %+v", h)
	}
	if !e.saved().Participating(statement.SHA256()) {
		t.Fatal("participation is not on")
	}
	if o := e.app.Outcome(); o.Recorded != model.ConsentAccepted || o.Already != "" || !o.At.Equal(h[0].At) {
		t.Fatalf("outcome %+v", o)
	}
	if n := e.service.Requests(); n != 0 {
		t.Fatalf("setup sent %d requests", n)
	}
}

func TestSetupDoNotParticipate(t *testing.T) {
	t.Parallel()
	e := newSetupEnv(t, 80, 24, decided(t, flow.Accept))
	e.keys("shift+tab", "enter") // round to Do not participate
	e.until("the App to end", e.ended)
	h := e.history()
	if len(h) != 2 || h[1].Decision != model.ConsentDeclined || h[1].Via != "setup" {
		t.Fatalf("history %+v", h)
	}
	if s := e.saved(); s.KSN.Participation || s.KSN.Statement.Decision != model.DecisionDeclined {
		t.Fatalf("settings %+v", s.KSN)
	}
	if o := e.app.Outcome(); o.Recorded != model.ConsentDeclined {
		t.Fatalf("outcome %+v", o)
	}
}

func TestSetupCancelAndReadRecordNothing(t *testing.T) {
	t.Parallel()
	e := newSetupEnv(t, 80, 24)
	// Read the statement: the text and "Close" only.
	e.keys("enter")
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	e.until("the statement", func() bool { return !strings.Contains(e.screen(), "Rendering…") })
	s := e.screen()
	if !strings.Contains(s, "[ Close ]") || strings.Contains(s, "I agree") || strings.Contains(s, "Cancel") {
		t.Fatalf("the statement opened to read is not read-only:\n%s", s)
	}
	if !strings.Contains(s, "esc close") || !strings.Contains(s, "tab button") {
		t.Fatalf("help bar: %s", s)
	}
	e.keys("tab")
	if !strings.Contains(e.screen(), "› [ Close ]") {
		t.Fatalf("tab did not reach Close:\n%s", e.screen())
	}
	e.keys("left", "right", "up") // one button: nowhere to go
	e.keys("enter")
	e.until("the question again", func() bool { return e.at(help.Setup) })
	// Participate, then Cancel; then esc in the Statement window.
	e.keys("tab", "enter")
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	e.keys("tab", "tab", "enter")
	e.until("the question again", func() bool { return e.at(help.Setup) })
	if w := e.app.top().(*setupScreen); w.focus != choiceJoin {
		t.Fatalf("the focus did not come back to Participate (%d)", w.focus)
	}
	e.keys("enter")
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	e.keys("esc")
	e.until("the question again", func() bool { return e.at(help.Setup) })
	e.settle()
	if e.ended() || len(e.history()) != 0 {
		t.Fatalf("ended %v, history %+v", e.ended(), e.history())
	}
	if _, err := os.Stat(e.store.Paths().SettingsFile()); !os.IsNotExist(err) {
		t.Fatal("settings.json written without a decision")
	}
}

func TestSetupQuitsWithoutADecision(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"esc", "q", "ctrl+c"} {
		t.Run(k, func(t *testing.T) {
			e := newSetupEnv(t, 80, 24)
			if k == "esc" {
				e.keys("?", "esc") // esc closes the full help first
				if e.ended() || e.app.fullHelp {
					t.Fatalf("esc with the full help open: ended %v, help %v", e.ended(), e.app.fullHelp)
				}
			}
			e.keys(k)
			e.until("the App to end", e.ended)
			if o := e.app.Outcome(); o != (SetupOutcome{}) {
				t.Fatalf("outcome %+v", o)
			}
			if len(e.history()) != 0 {
				t.Fatal("a decision was recorded")
			}
		})
	}
}

func TestSetupAlreadyDecided(t *testing.T) {
	t.Parallel()
	t.Run("participating", func(t *testing.T) {
		e := newSetupEnv(t, 80, 24, decided(t, flow.Accept))
		want := "Already decided: Accepted on 27\u00a0Nov\u00a02026. You can change it below."
		if !strings.Contains(e.screen(), want) {
			t.Fatalf("no %q:\n%s", want, e.screen())
		}
		e.keys("tab", "space") // Participate
		e.until("the App to end", e.ended)
		if o := e.app.Outcome(); o.Already != model.ConsentAccepted || o.Recorded != "" || !o.At.Equal(fixedNow.Add(-48*60*60*1e9)) {
			t.Fatalf("outcome %+v", o)
		}
		if n := len(e.history()); n != 1 {
			t.Fatalf("%d consent lines, want the earlier one only", n)
		}
	})
	t.Run("declined", func(t *testing.T) {
		e := newSetupEnv(t, 80, 24, decided(t, flow.Decline))
		if !strings.Contains(e.screen(), "Already decided: Declined on 27\u00a0Nov\u00a02026.") {
			t.Fatalf("screen:\n%s", e.screen())
		}
		e.keys("right", "right", "enter") // Do not participate
		e.until("the App to end", e.ended)
		if o := e.app.Outcome(); o.Already != model.ConsentDeclined || o.Recorded != "" {
			t.Fatalf("outcome %+v", o)
		}
		if n := len(e.history()); n != 1 {
			t.Fatalf("%d consent lines, want the earlier one only", n)
		}
	})
	t.Run("declined, then participate", func(t *testing.T) {
		e := newSetupEnv(t, 80, 24, decided(t, flow.Decline))
		e.keys("down", "enter")
		e.until("the Statement window", func() bool { return e.at(help.Statement) })
		e.keys("tab", "space") // I agree
		e.until("the App to end", e.ended)
		if h := e.history(); len(h) != 2 || h[1].Decision != model.ConsentAccepted || h[1].Via != "setup" {
			t.Fatalf("history %+v", h)
		}
	})
}

func TestSetupLocked(t *testing.T) {
	t.Parallel()
	e := newSetupEnv(t, 80, 24, func(o *Options) { o.PolicyDirs = []string{lockedDir} })
	text := strings.Join(strings.Fields(e.screen()), " ")
	if !strings.Contains(text, en.Locked(filepath.Join(lockedDir, "ksn", "policy.json"))) || !strings.Contains(text, "Participation Off") {
		t.Fatalf("no lock shown:\n%s", e.screen())
	}
	if !strings.Contains(text, en.T("ui.ksn.managed")) {
		t.Fatalf("the details do not say who decides:\n%s", e.screen())
	}
	for _, b := range e.app.top().ShortHelp() {
		if b.Enabled() && b.Help().Key == "tab" {
			t.Fatal("the help offers tab with one choice to focus")
		}
	}
	e.keys("tab", "right", "down")
	if w := e.app.top().(*setupScreen); w.focus != choiceRead {
		t.Fatalf("the focus moved to a locked choice (%d)", w.focus)
	}
	x, y := e.buttonAt("[ Participate ]")
	e.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	e.settle()
	if !e.at(help.Setup) || !strings.Contains(strings.Join(strings.Fields(e.screen()), " "), "participation cannot be changed here") {
		t.Fatalf("a click on a locked choice did something, or said nothing:\n%s", e.screen())
	}
	x, y = e.buttonAt("[ Do not participate ]")
	e.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	e.settle()
	if e.ended() || len(e.history()) != 0 {
		t.Fatal("a locked choice recorded something")
	}
	e.keys("enter") // reading stays possible
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
}

func TestSetupClicks(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {40, 12}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			e := newSetupEnv(t, size[0], size[1])
			x, y := e.buttonAt("[ Participate ]")
			e.send(tea.MouseClickMsg{X: x + len("[ Participate ]"), Y: y, Button: tea.MouseLeft}) // beside it
			e.settle()
			if !e.at(help.Setup) {
				t.Fatal("a click beside a choice chose it")
			}
			e.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
			e.until("the Statement window", func() bool { return e.at(help.Statement) })
			e.until("the statement", func() bool { return !strings.Contains(e.screen(), "Rendering…") })
			x, y = e.buttonAt("[ I agree ]")
			e.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
			e.until("the App to end", e.ended)
			if h := e.history(); len(h) != 1 || h[0].Via != "setup" || h[0].Decision != model.ConsentAccepted {
				t.Fatalf("history %+v", h)
			}
		})
	}
}

// TestSetupFitsAt40x12 reads the question at the smallest size, in every
// language: every sentence is there whole however the text scrolls, the
// choices stay in view, no line is wider than the terminal, and the help
// bar tells the truth.
func TestSetupFitsAt40x12(t *testing.T) {
	t.Parallel()
	for _, l := range languages() {
		t.Run(l.Code(), func(t *testing.T) {
			v := say.In(l)
			e := newSetupEnv(t, 40, 12, decided(t, flow.Accept), func(o *Options) { o.Lang = l })
			text := e.readSetup()
			already := v.T("ui.setup.already", "Decision", v.Decision(e.app.sh.state().Settings.KSN.Statement, true, statement.Current(), fixedNow))
			wants := []string{v.T("ui.setup.question"), v.T("ui.ksn.what"), v.T("ui.ksn.sent"), v.T("ui.setup.voluntary", "Where", v.Where()), already}
			if l.Code() == "en" {
				wants = append(wants, "Already decided: Accepted on 27\u00a0Nov\u00a02026. You can change it below.")
			}
			for _, want := range wants {
				if !strings.Contains(text, want) {
					t.Errorf("%q is not there whole:\n%s", want, text)
				}
			}
			e.keys("pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup")
			for i := range 12 {
				s := e.screen()
				for _, l := range strings.Split(s, "\n") {
					if w := lipgloss.Width(l); w > 40 {
						t.Fatalf("a line of %d columns: %q", w, l)
					}
				}
				for _, c := range []string{v.T("ui.button.read") + " ]", "[ " + v.T("ui.button.join") + " ]", "[ " + v.T("ui.button.not_join") + " ]"} {
					if !strings.Contains(s, c) {
						t.Fatalf("after %d pgdown %q is out of view:\n%s", i, c, s)
					}
				}
				footer := ansi.Strip(e.app.footer())
				if !strings.Contains(footer, "esc "+v.T("ui.key.quit")) || !strings.Contains(footer, "? "+v.T("ui.key.more")) {
					t.Fatalf("the help bar lost esc or ?: %q", footer)
				}
				e.keys("?")
				full := ansi.Strip(e.app.footer())
				e.keys("?")
				w := e.app.top().(*setupScreen)
				if down := strings.Contains(full, "pgdn "+v.T("ui.key.scroll_down")); down != !w.scroll.atBottom() {
					t.Fatalf("at offset %d (bottom %v) the full help says: %s", w.scroll.offset, w.scroll.atBottom(), full)
				}
				e.keys("pgdown")
			}
			e.screen() // at the end
			e.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp, X: 5, Y: 3})
			if w := e.app.top().(*setupScreen); w.scroll.atBottom() {
				t.Fatal("the wheel did not scroll the text")
			}
		})
	}
}

func TestSetupHelpTopic(t *testing.T) {
	t.Parallel()
	e := newSetupEnv(t, 80, 24)
	e.keys("f1")
	e.until("the help topic", func() bool { return e.app.top().Title() == "Help: Kaspersky Free setup" })
	e.until("the topic", func() bool { return strings.Contains(e.screen(), "install") })
	e.keys("esc")
	if !e.at(help.Setup) || e.ended() {
		t.Fatal("esc did not close the help topic")
	}
}

// TestGoldenSetupStates captures the question when a decision is in force
// and when a policy decides participation, at 40×12 and 80×24.
func TestGoldenSetupStates(t *testing.T) {
	t.Parallel()
	states := []struct {
		name string
		opt  func(t *testing.T) func(*Options)
	}{
		{"participating", func(t *testing.T) func(*Options) { return decided(t, flow.Accept) }},
		{"locked", func(*testing.T) func(*Options) { return func(o *Options) { o.PolicyDirs = []string{lockedDir} } }},
	}
	for _, st := range states {
		for _, sz := range [][2]int{{40, 12}, {80, 24}} {
			t.Run(fmt.Sprintf("%s-%dx%d", st.name, sz[0], sz[1]), func(t *testing.T) {
				e := newSetupEnv(t, sz[0], sz[1], st.opt(t))
				golden.RequireEqual(t, ansi.Strip(e.app.frame()))
			})
		}
	}
}

// TestSetupAbuse sends every small and odd size, then random keys, clicks,
// wheel turns and resizes to setup Apps, starting a new one whenever one
// ends: no panic, every frame fits its terminal, and an App that ended
// recorded exactly what its Outcome says, with "via": "setup".
func TestSetupAbuse(t *testing.T) {
	t.Parallel()
	sizes := []int{0, 1, 2, 3, 10, 40, 80, 200}
	keys := []string{"enter", "space", "tab", "shift+tab", "esc", "up", "down", "left", "right",
		"pgdown", "pgup", "home", "end", "f1", "?", "x"}
	rnd := rand.New(rand.NewPCG(7, 42))
	ends := map[string]int{}
	for run := 0; run < 12; run++ {
		e := newEnv(t, validLicense, func(o *Options) { o.Start, o.Via = StartSetup, "setup" })
		if run == 0 {
			for _, w := range sizes {
				for _, h := range sizes {
					e.send(tea.WindowSizeMsg{Width: w, Height: h})
					_ = e.app.View()
				}
			}
		}
		w, h := 80, 24
		e.send(tea.WindowSizeMsg{Width: w, Height: h})
		for i := 0; i < 400 && !e.ended(); i++ {
			switch n := rnd.IntN(100); {
			case n < 75:
				e.keys(keys[rnd.IntN(len(keys))])
			case n < 85:
				e.send(tea.MouseClickMsg{X: rnd.IntN(w + 2), Y: rnd.IntN(h + 2), Button: tea.MouseLeft})
			case n < 92:
				e.send(tea.MouseWheelMsg{X: rnd.IntN(w + 1), Y: rnd.IntN(h + 1), Button: tea.MouseWheelDown})
			default:
				w, h = sizes[rnd.IntN(len(sizes))], sizes[rnd.IntN(len(sizes))]
				e.send(tea.WindowSizeMsg{Width: w, Height: h})
			}
			e.drain()
			frame := e.app.View().Content
			if lines := strings.Count(frame, "\n") + 1; frame != "" && lines > max(h, 1) {
				t.Fatalf("run %d step %d: %d lines on a %d×%d terminal", run, i, lines, w, h)
			}
		}
		// A save in flight ends the App (a setup App keeps "saving" then).
		e.until("the saves", func() bool { return e.ended() || !e.app.sh.saving })
		e.drain()
		o, hist := e.app.Outcome(), e.history()
		switch {
		case o.Recorded != "":
			if len(hist) != 1 || hist[0].Decision != o.Recorded || hist[0].Via != "setup" || !hist[0].At.Equal(o.At) || !e.ended() {
				t.Fatalf("run %d: outcome %+v, history %+v, ended %v", run, o, hist, e.ended())
			}
			ends[string(o.Recorded)]++
		case len(hist) != 0:
			t.Fatalf("run %d: recorded %+v without an outcome", run, hist)
		case e.ended():
			ends["quit"]++
		default:
			ends["still open"]++
		}
	}
	t.Logf("runs ended: %v", ends)
}

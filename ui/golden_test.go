package ui

import (
	"fmt"
	"image/color"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"ksn/lang"
	"ksn/model"
	"ksn/ui/help"
)

// goldenSizes are the terminal sizes every screen is captured at in
// English; langSizes those of every other language.
var (
	goldenSizes = []struct{ w, h int }{{40, 12}, {80, 24}, {200, 60}}
	langSizes   = []struct{ w, h int }{{40, 12}, {80, 24}}
)

// goldenSteps are the screens captured and the keys that reach each.
var goldenSteps = []struct {
	name   string
	window model.Window
	keys   []string
	at     help.Name // the screen's topic; help.None for a topic itself
	start  Start
}{
	{"main", model.WindowInfo, nil, help.Main, StartMain},
	{"settings", model.WindowInfo, []string{"enter"}, help.Settings, StartMain},
	{"security", model.WindowInfo, []string{"enter", "enter"}, help.Security, StartMain},
	{"ksn-info", model.WindowInfo, []string{"enter", "enter", "enter"}, help.KSN, StartMain},
	{"ksn-statement", model.WindowStatement, []string{"enter", "enter", "enter"}, help.KSN, StartMain},
	{"statement-window", model.WindowInfo, []string{"enter", "enter", "enter", "space"}, help.Statement, StartMain},
	{"statement-buttons", model.WindowInfo, []string{"enter", "enter", "enter", "space", "tab"}, help.Statement, StartMain},
	{"help-ksn", model.WindowInfo, []string{"enter", "enter", "enter", "f1"}, help.None, StartMain},
	{"help-statement", model.WindowInfo, []string{"enter", "enter", "enter", "space", "f1"}, help.None, StartMain},
	{"setup", model.WindowInfo, nil, help.Setup, StartSetup},
	{"setup-statement", model.WindowInfo, []string{"enter"}, help.Statement, StartSetup},
}

// TestGoldenViews compares every screen with testdata/TestGoldenViews/
// (go test ./ui -update writes them anew): in English at 40×12, 80×24 and
// 200×60, the text, ANSI stripped (the README's captures), and the frame
// as drawn, with its colours, on a dark and on a light background; in
// every other language at 40×12 and 80×24, the text and the frame on a
// dark background, in LANG/WxH/.
func TestGoldenViews(t *testing.T) {
	t.Parallel()
	for _, sz := range goldenSizes {
		for _, st := range goldenSteps {
			t.Run(fmt.Sprintf("%s-%dx%d", st.name, sz.w, sz.h), func(t *testing.T) {
				e := newGoldenEnv(t, lang.English(), st.window, st.start, sz.w, sz.h, st.keys, st.at)
				frame := e.app.frame()
				golden.RequireEqual(t, ansi.Strip(frame))
				t.Run("dark", func(t *testing.T) { golden.RequireEqual(t, frame) })
				t.Run("light", func(t *testing.T) {
					e.send(tea.BackgroundColorMsg{Color: color.White})
					e.idle()
					e.until("the document rendered for a light background", func() bool { return docInTheme(e.app) })
					golden.RequireEqual(t, e.app.frame())
				})
			})
		}
	}
	for _, tag := range lang.Supported()[1:] {
		l := lang.Of(tag)
		t.Run(l.Code(), func(t *testing.T) {
			for _, sz := range langSizes {
				t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
					for _, st := range goldenSteps {
						t.Run(st.name, func(t *testing.T) {
							e := newGoldenEnv(t, l, st.window, st.start, sz.w, sz.h, st.keys, st.at)
							frame := e.app.frame()
							golden.RequireEqual(t, ansi.Strip(frame))
							t.Run("dark", func(t *testing.T) { golden.RequireEqual(t, frame) })
						})
					}
				})
			}
		})
	}
}

// newGoldenEnv is an App in l at w×h, on the screen keys reach (the one
// whose topic is at), settled: the check done and the document rendered;
// opts may adjust its options further.
func newGoldenEnv(t *testing.T, l lang.Lang, window model.Window, start Start, w, h int, keys []string, at help.Name, opts ...func(*Options)) *env {
	t.Helper()
	opts = append([]func(*Options){func(o *Options) { o.Overrides.Window, o.Start, o.Lang = window, start, l }}, opts...)
	e := newEnv(t, validLicense, opts...)
	e.send(tea.WindowSizeMsg{Width: w, Height: h})
	e.idle()
	e.keys(keys...)
	e.until(string(at), func() bool { return e.at(at) })
	e.idle()
	e.until("a rendered document", func() bool { return docInTheme(e.app) })
	return e
}

// docInTheme reports whether the active screen's document, if it shows
// one, is rendered for the theme in force.
func docInTheme(a *App) bool {
	var d *docView
	switch s := a.top().(type) {
	case *statementWindow:
		d = &s.doc
	case *topicWindow:
		d = &s.doc
	default:
		return true
	}
	return d.lines != nil && d.theme == a.sh.theme()
}

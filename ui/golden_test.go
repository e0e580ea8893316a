package ui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"ksn/model"
)

// goldenSizes are the terminal sizes every screen is captured at.
var goldenSizes = []struct{ w, h int }{{40, 12}, {80, 24}, {200, 60}}

// TestGoldenViews compares every screen at 40×12, 80×24 and 200×60 with
// testdata/TestGoldenViews/*.golden (go test ./ui -update writes them anew):
// the text, ANSI stripped (the README's captures), and the frame as drawn,
// with its colours, on a dark and on a light background.
func TestGoldenViews(t *testing.T) {
	sizes := goldenSizes
	steps := []struct {
		name   string
		window model.Window
		keys   []string
		ready  string
		start  Start
	}{
		{"main", model.WindowInfo, nil, "Kaspersky Free", StartMain},
		{"settings", model.WindowInfo, []string{"enter"}, "Settings", StartMain},
		{"security", model.WindowInfo, []string{"enter", "enter"}, "Security settings", StartMain},
		{"ksn-info", model.WindowInfo, []string{"enter", "enter", "enter"}, ksnTitle, StartMain},
		{"ksn-statement", model.WindowStatement, []string{"enter", "enter", "enter"}, ksnTitle, StartMain},
		{"statement-window", model.WindowInfo, []string{"enter", "enter", "enter", "space"}, statementTitle, StartMain},
		{"statement-buttons", model.WindowInfo, []string{"enter", "enter", "enter", "space", "tab"}, statementTitle, StartMain},
		{"help-ksn", model.WindowInfo, []string{"enter", "enter", "enter", "f1"}, "Help: " + ksnTitle, StartMain},
		{"setup", model.WindowInfo, nil, setupTitle, StartSetup},
		{"setup-statement", model.WindowInfo, []string{"enter"}, statementTitle, StartSetup},
	}
	for _, sz := range sizes {
		for _, st := range steps {
			t.Run(fmt.Sprintf("%s-%dx%d", st.name, sz.w, sz.h), func(t *testing.T) {
				e := newEnv(t, validLicense, func(o *Options) { o.Overrides.Window, o.Start = st.window, st.start })
				e.send(tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
				e.idle()
				e.keys(st.keys...)
				e.until(st.ready, func() bool { return e.app.top().Title() == st.ready })
				e.idle()
				e.until("a rendered document", func() bool { return !strings.Contains(e.screen(), "Rendering…") })
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

package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"ksn/model"
)

// TestGoldenViews compares every screen, ANSI stripped, at 40 and 80
// columns with testdata/TestGoldenViews/*.golden (go test ./ui -update
// writes them anew).
func TestGoldenViews(t *testing.T) {
	sizes := []struct{ w, h int }{{40, 12}, {80, 24}}
	steps := []struct {
		name   string
		window model.Window
		keys   []string
		ready  string
	}{
		{"main", model.WindowInfo, nil, "Kaspersky Free"},
		{"settings", model.WindowInfo, []string{"enter"}, "Settings"},
		{"security", model.WindowInfo, []string{"enter", "enter"}, "Security settings"},
		{"ksn-info", model.WindowInfo, []string{"enter", "enter", "enter"}, ksnTitle},
		{"ksn-statement", model.WindowStatement, []string{"enter", "enter", "enter"}, ksnTitle},
		{"statement-window", model.WindowInfo, []string{"enter", "enter", "enter", "space"}, statementTitle},
		{"statement-buttons", model.WindowInfo, []string{"enter", "enter", "enter", "space", "tab"}, statementTitle},
		{"help-ksn", model.WindowInfo, []string{"enter", "enter", "enter", "f1"}, "Help: " + ksnTitle},
	}
	for _, sz := range sizes {
		for _, st := range steps {
			t.Run(fmt.Sprintf("%s-%dx%d", st.name, sz.w, sz.h), func(t *testing.T) {
				e := newEnv(t, validLicense, func(o *Options) { o.Overrides.Window = st.window })
				e.send(tea.WindowSizeMsg{Width: sz.w, Height: sz.h})
				e.idle()
				e.keys(st.keys...)
				e.until(st.ready, func() bool { return e.app.top().Title() == st.ready })
				e.idle()
				e.until("a rendered document", func() bool { return !strings.Contains(e.screen(), "Rendering…") })
				golden.RequireEqual(t, ansi.Strip(e.app.frame()))
			})
		}
	}
}

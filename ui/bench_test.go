package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ksn/model"
	"ksn/ui/help"
)

// benchScreens are the screens measured, each with the keys that reach it.
var benchScreens = []struct {
	name   string
	window model.Window
	keys   []string
	at     help.Name // the screen's topic; help.None for a topic itself
}{
	{"Main", model.WindowInfo, nil, help.Main},
	{"Settings", model.WindowInfo, []string{"enter"}, help.Settings},
	{"Security", model.WindowInfo, []string{"enter", "enter"}, help.Security},
	{"KSNInfo", model.WindowInfo, []string{"enter", "enter", "enter"}, help.KSN},
	{"KSNStatement", model.WindowStatement, []string{"enter", "enter", "enter"}, help.KSN},
	{"Statement", model.WindowInfo, []string{"enter", "enter", "enter", "space"}, help.Statement},
	{"Help", model.WindowInfo, []string{"enter", "enter", "enter", "f1"}, help.None},
}

// benchEnv opens screen s at w×h with everything settled.
func benchEnv(b *testing.B, s int, w, h int) *env {
	sc := benchScreens[s]
	e := newEnv(b, validLicense, func(o *Options) { o.Overrides.Window = sc.window })
	e.send(tea.WindowSizeMsg{Width: w, Height: h})
	e.idle()
	e.keys(sc.keys...)
	e.until(sc.name, func() bool { return e.at(sc.at) })
	e.idle()
	e.until("a rendered document", func() bool { return docInTheme(e.app) })
	return e
}

// BenchmarkView measures View() of every screen, as Bubble Tea calls it
// after each message (a repaint with nothing changed).
func BenchmarkView(b *testing.B) {
	for i, sc := range benchScreens {
		for _, sz := range [][2]int{{80, 24}, {200, 60}} {
			b.Run(fmt.Sprintf("%s/%dx%d", sc.name, sz[0], sz[1]), func(b *testing.B) {
				e := benchEnv(b, i, sz[0], sz[1])
				renders := e.app.sh.renders.Renders()
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					_ = e.app.View()
				}
				b.StopTimer()
				if n := e.app.sh.renders.Renders(); n != renders {
					b.Fatalf("%d Glamour renders during repaints", n-renders)
				}
			})
		}
	}
}

// BenchmarkViewAfterKey measures a focus move: Update with a key, then
// View, on the screens with more than one target.
func BenchmarkViewAfterKey(b *testing.B) {
	for _, s := range []int{4, 5} {
		b.Run(benchScreens[s].name+"/80x24", func(b *testing.B) {
			e := benchEnv(b, s, 80, 24)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				e.app.Update(keyPress("tab"))
				_ = e.app.View()
			}
		})
	}
}

// BenchmarkUpdateKey measures one keypress through App.Update alone.
func BenchmarkUpdateKey(b *testing.B) {
	e := benchEnv(b, 5, 80, 24)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		e.app.Update(keyPress("down"))
	}
}

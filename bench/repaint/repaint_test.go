package repaint

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

// TestView: the window fills its size, toggle and help in it.
func TestView(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		v := Window{Width: sz[0], Height: sz[1], CheckedAt: "10:42:07"}.View()
		if w, h := lipgloss.Width(v), lipgloss.Height(v); w != sz[0] || h != sz[1] {
			t.Errorf("%dx%d: the view is %dx%d:\n%s", sz[0], sz[1], w, h, v)
		}
		for _, s := range []string{"( ○ Off )", "Connection status", "? more"} {
			if !strings.Contains(v, s) {
				t.Errorf("%dx%d: no %q in\n%s", sz[0], sz[1], s, v)
			}
		}
	}
}

// BenchmarkNaiveRepaint is the yardstick of a repaint: the KSN window
// drawn from scratch, the focus moving every call (as a keypress would).
func BenchmarkNaiveRepaint(b *testing.B) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			w := Window{Width: sz[0], Height: sz[1], CheckedAt: "10:42:07"}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				w.Focus = i % 2
				_ = w.View()
			}
		})
	}
}

package ui

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestBannerKeepsPathsWholeAndProblemsApart: a broken settings.json and a
// broken license.json are two problems, each from a line of its own, and
// no path is broken at "/" (docs/screens.md), at 40, 80 and 200
// columns.
func TestBannerKeepsPathsWholeAndProblemsApart(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{40, 24}, {80, 24}, {200, 60}} {
		e := newEnv(t, "{not a license", func(o *Options) {
			if err := os.WriteFile(o.Store.Paths().SettingsFile(), []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		})
		e.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		banner := e.app.bannerLines()
		var starts int
		for _, l := range banner {
			if strings.HasPrefix(l, "⚠ ") {
				starts++
			}
			if strings.HasSuffix(l, "/") {
				t.Errorf("%dx%d: a line ends inside a path: %q", size[0], size[1], l)
			}
		}
		if starts < 2 {
			t.Errorf("%dx%d: %d problems start a line, want one each:\n%s", size[0], size[1], starts, strings.Join(banner, "\n"))
		}
		_, width := e.app.column()
		for _, p := range []string{e.store.Paths().SettingsFile(), e.store.Paths().LicenseFile()} {
			if len(p)+1 > min(width-1, proseWidth)-2 { // (with its ":")
				continue // wider than the banner: clipped at its start (TestWrapWhole)
			}
			if !strings.Contains(strings.Join(banner, "\n"), p) {
				t.Errorf("%dx%d: %s is not whole on a line:\n%s", size[0], size[1], p, strings.Join(banner, "\n"))
			}
		}
	}
}

func TestWrapWhole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s     string
		width int
		want  []string
	}{
		{"settings.json at /home/a/.config/ksn/settings.json is broken", 30,
			[]string{"settings.json at", "/home/a/.config/ksn/settings.json", "is broken"}[:0]},
		{"kept as /tmp/x/settings.json.corrupt-1", 20, []string{"kept as", "…ings.json.corrupt-1"}},
		{"settings.json at /home/a/.config/ksn/settings.json is broken", 40,
			[]string{"settings.json at", "/home/a/.config/ksn/settings.json is", "broken"}},
		{"a b  c", 3, []string{"a b", "c"}},
		{"", 10, []string{""}},
	}
	tests[0].want = []string{"settings.json at", "…onfig/ksn/settings.json", "is broken"}
	tests[0].width = 24
	for _, tt := range tests {
		got := wrapWhole(tt.s, tt.width)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("wrapWhole(%q, %d) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
}

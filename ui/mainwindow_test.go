package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ksn/lang"
	"ksn/model"
	"ksn/ui/help"
)

// TestMainWindowButtonIsAtTheFoot: the main window's Settings button is in
// the lower part of the window (the brief: "Click Settings button in the
// lower part of the main window"), on the body's last line, just above the
// help bar, with the facts at the top; at every size, with the full help
// open and under a long banner, where the facts scroll and the button stays;
// and a click on it opens Settings.
func TestMainWindowButtonIsAtTheFoot(t *testing.T) {
	t.Parallel()
	long := func(o *Options) { o.Banner = strings.Repeat("A long banner line that wraps. ", 12) }
	cases := []struct {
		name string
		w, h int
		keys []string
		opts []func(*Options)
		cut  bool // the facts do not fit: "↓ more" above the button
	}{
		{"40x12", 40, 12, nil, nil, false},
		{"80x24", 80, 24, nil, nil, false},
		{"200x60", 200, 60, nil, nil, false},
		{"40x12 full help", 40, 12, []string{"?"}, nil, false},
		{"40x12 long banner", 40, 12, nil, []func(*Options){long}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newGoldenEnv(t, lang.English(), model.WindowInfo, StartMain, c.w, c.h, nil, help.Main, c.opts...)
			e.keys(c.keys...)
			e.idle()
			v := e.app.sh.say
			label := "[ " + v.T("ui.title.settings") + " ]"
			lines := strings.Split(e.screen(), "\n")
			top, last := len(e.app.head), len(e.app.head)+e.app.bodyH-1
			if last < top || last >= len(lines) {
				t.Fatalf("no body (rows %d–%d):\n%s", top, last, e.screen())
			}
			if !strings.Contains(lines[last], label) {
				t.Fatalf("the button is not on the body's last row (%d), just above the help bar:\n%s", last, e.screen())
			}
			if strings.TrimSpace(lines[last+1]) != "" || last+2 >= len(lines) || strings.TrimSpace(lines[last+2]) == "" {
				t.Fatalf("the row under the button is not the blank above the help bar:\n%s", e.screen())
			}
			if !strings.Contains(lines[top], v.T("ui.main.ksn")) {
				t.Fatalf("the facts are not at the top of the body (row %d):\n%s", top, e.screen())
			}
			more := strings.Contains(lines[last-1], v.T("ui.scroll.more_below"))
			if more != c.cut {
				t.Fatalf("\"↓ more\" above the button: %t, want %t:\n%s", more, c.cut, e.screen())
			}
			for y := top + 1; y < last-1 && !c.cut; y++ {
				if y > top+4 && strings.TrimSpace(lines[y]) != "" {
					t.Fatalf("row %d between the facts and the button is not blank:\n%s", y, e.screen())
				}
			}
			if c.cut { // the facts scroll; the button stays
				seen := ""
				for range 5 {
					e.keys("pgdown")
					seen += e.screen()
					if !strings.Contains(strings.Split(e.screen(), "\n")[last], label) {
						t.Fatalf("after pgdown, the button moved:\n%s", e.screen())
					}
				}
				if !strings.Contains(seen, v.T("ui.main.license")) || !strings.Contains(seen, "until 29\u00a0Nov\u00a02027") {
					t.Fatalf("pgdown never showed the license whole:\n%s", seen)
				}
			}
			x, y := e.buttonAt(label)
			e.send(tea.MouseClickMsg{X: x + 1, Y: y, Button: tea.MouseLeft})
			e.until("Settings, after a click on the button", func() bool { return e.at(help.Settings) })
		})
	}
}

package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ksn/ui/help"
)

// TestStatementLinesUpWithTheHeader: the Statement window's text starts
// as far from the header's left edge at 200 columns as at 80, rather
// than centred on its own in a wide body (docs/screens.md).
func TestStatementLinesUpWithTheHeader(t *testing.T) {
	t.Parallel()
	indent := func(l string) int { return len([]rune(l)) - len([]rune(strings.TrimLeft(l, " "))) }
	gap := map[int]int{}
	for _, w := range []int{80, 120, 200} {
		e := newEnv(t, validLicense)
		e.walkToKSN()
		e.send(tea.WindowSizeMsg{Width: w, Height: 40})
		e.keys("space")
		e.until("the statement", func() bool {
			return e.at(help.Statement) && strings.Contains(e.screen(), "Version")
		})
		lines := strings.Split(e.screen(), "\n")
		header, text := -1, -1
		for _, l := range lines {
			switch {
			case header < 0 && strings.TrimSpace(l) != "":
				header = indent(l)
			case text < 0 && strings.Contains(l, "Version"):
				text = indent(l)
			}
		}
		gap[w] = text - header
	}
	if gap[120] != gap[80] || gap[200] != gap[80] {
		t.Errorf("the text stands %d columns right of the header at 80, %d at 120, %d at 200; want the same", gap[80], gap[120], gap[200])
	}
}

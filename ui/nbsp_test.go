package ui

import (
	"strings"
	"testing"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/say"
)

// words is s with its lines and runs of white space folded into single
// spaces, but for the no-break space, which a line never breaks at: a
// sentence the screen wrapped, as one line.
func words(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r != '\u00a0' && unicode.IsSpace(r) }), " ")
}

// TestWrapKeepsANumberWithItsUnit: the screens wrap prose with
// lipgloss.Wrap; it never breaks at a no-break space (a number and its
// unit, a day and its month: docs/languages.md), and the no-break space
// is one column wide.
func TestWrapKeepsANumberWithItsUnit(t *testing.T) {
	t.Parallel()
	if w := ansi.StringWidth(say.NBSP); w != 1 {
		t.Fatalf("NBSP is %d columns wide, want 1", w)
	}
	date := "29" + say.NBSP + "нояб." + say.NBSP + "2027"
	text := "Активна · ключ …PQRST · до " + date + " и ещё " + "15" + say.NBSP + "мин"
	for width := ansi.StringWidth(date); width <= 40; width++ { // a word wider than the line is cut, as any word is
		wrapped := lipgloss.Wrap(text, width, "")
		for _, unit := range []string{date, "15" + say.NBSP + "мин"} {
			if !strings.Contains(wrapped, unit) {
				t.Errorf("width %d broke %q:\n%s", width, unit, wrapped)
			}
		}
		for _, l := range strings.Split(wrapped, "\n") {
			if ansi.StringWidth(l) > width {
				t.Errorf("width %d: %q is wider", width, l)
			}
		}
	}
}

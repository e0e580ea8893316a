package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/ui/help"
)

// TestHelpBarOffersOnlyKeysThatAct: at 100×12 the Kaspersky Security
// Network window scrolls; the help bar offers pgdn while there is more
// below and, once at the end, pgup instead, never a key that does
// nothing (docs/screens.md "Keys").
func TestHelpBarOffersOnlyKeysThatAct(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.send(tea.WindowSizeMsg{Width: 100, Height: 12})
	e.keys("enter", "enter", "enter")
	e.until("the KSN window", func() bool { return e.at(help.KSN) })
	e.idle()
	footer := func() string { return ansi.Strip(e.app.footer()) }
	if f := footer(); !strings.Contains(f, "pgdn") || strings.Contains(f, "pgup") {
		t.Fatalf("at the top of a body that scrolls, the help bar is %q; want pgdn and no pgup", f)
	}
	for range 20 {
		e.keys("pgdown")
	}
	if f := footer(); strings.Contains(f, "pgdn") || !strings.Contains(f, "pgup") {
		t.Errorf("at the end of the body, the help bar is %q; want pgup and no pgdn", f)
	}
}

package ui

import (
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"ksn/statement"
)

func TestBackgroundAndNoColour(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if e.app.sh.theme() != statement.ThemeDark {
		t.Fatal("not dark before the terminal answers")
	}
	e.keys("enter", "enter", "enter", "space")
	e.until("the dark statement", func() bool { return strings.Contains(e.screen(), "Version "+statement.Version) })

	e.send(tea.BackgroundColorMsg{Color: color.White})
	if e.app.sh.isDark || e.app.sh.theme() != statement.ThemeLight {
		t.Fatal("a light background was not taken")
	}
	s := e.app.top().(*statementWindow)
	e.until("the statement rendered for a light background", func() bool { return s.doc.theme == statement.ThemeLight })

	e.send(tea.ColorProfileMsg{Profile: colorprofile.Ascii}) // NO_COLOR
	e.until("the plain statement", func() bool { return s.doc.theme == statement.ThemePlain })
	for _, l := range s.doc.lines {
		if strings.Contains(l, "\x1b[3") || strings.Contains(l, "\x1b[38") {
			t.Fatalf("a coloured line without colour: %q", l)
		}
	}
}

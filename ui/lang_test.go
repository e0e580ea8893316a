package ui

import (
	"bytes"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/lang"
	"ksn/say"
	"ksn/statement"
	"ksn/ui/help"
)

// languages are the languages ksn speaks, for tests that run in each.
func languages() []lang.Lang {
	var out []lang.Lang
	for _, t := range lang.Supported {
		out = append(out, lang.Of(t))
	}
	return out
}

// TestWithoutTitleDropsTheFirstHeading drops each language's title,
// whatever its words, and leaves a document without one as it is.
func TestWithoutTitleDropsTheFirstHeading(t *testing.T) {
	for _, l := range languages() {
		doc := statement.In(l).Markdown()
		got := withoutTitle(doc)
		if bytes.HasPrefix(got, []byte("#")) || !bytes.HasSuffix(doc, got) || len(got) >= len(doc) {
			t.Errorf("%s: the title is still there:\n%.80s", l.Code(), got)
		}
	}
	for _, doc := range []string{"", "Version 1\n\n# Not a title\n", "## A section\n"} {
		if got := string(withoutTitle([]byte(doc))); got != doc {
			t.Errorf("withoutTitle(%q) = %q", doc, got)
		}
	}
	if got := string(withoutTitle([]byte("# Title only"))); got != "" {
		t.Errorf("a title alone left %q", got)
	}
}

// TestTheStatementWindowSpeaksTheSessionsLanguage opens the Statement
// window in each language: the header is its title in that language, and
// the text starts after the statement's own title, with its version.
func TestTheStatementWindowSpeaksTheSessionsLanguage(t *testing.T) {
	for _, l := range languages() {
		t.Run(l.Code(), func(t *testing.T) {
			v := say.In(l)
			e := newEnv(t, validLicense, func(o *Options) { o.Lang = l })
			e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			e.keys("enter", "enter", "enter", "space")
			e.until("the Statement window", func() bool { return e.at(help.Statement) && docInTheme(e.app) })
			lines := strings.Split(e.screen(), "\n")
			if !strings.Contains(lines[0], v.T("ui.title.statement")) {
				t.Errorf("the header is %q", lines[0])
			}
			body, _ := e.app.top().View()
			for _, line := range strings.Split(ansi.Strip(body), "\n") {
				if line = strings.TrimSpace(line); line != "" {
					if !strings.Contains(line, statement.In(l).Version()) {
						t.Errorf("the text starts with %q, not its version", line)
					}
					break
				}
			}
		})
	}
}

// TestLabelsAlignByDisplayWidth pads labels of every language to their
// column by the cells they take, not their bytes: a Cyrillic letter is two
// bytes and one cell.
func TestLabelsAlignByDisplayWidth(t *testing.T) {
	st := NewStyles(true)
	for _, l := range languages() {
		v := say.In(l)
		for _, label := range []string{v.T("ui.ksn.participation"), v.T("ui.main.connection"), v.T("ui.main.license")} {
			line := ansi.Strip(row(st, label, "VALUE", setupLabelWidth, 80))
			if at := lipgloss.Width(line[:strings.Index(line, "VALUE")]); at != setupLabelWidth {
				t.Errorf("%s: the value after %q starts at column %d, want %d", l.Code(), label, at, setupLabelWidth)
			}
		}
	}
}

package ui

import (
	"bytes"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
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
	for _, t := range lang.Supported() {
		out = append(out, lang.Of(t))
	}
	return out
}

// TestWithoutTitleDropsTheFirstHeading drops each language's title,
// whatever its words, and leaves a document without one as it is.
func TestWithoutTitleDropsTheFirstHeading(t *testing.T) {
	t.Parallel()
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

// statementIn opens the Statement window of a session in l at 80×24, its
// text rendered.
func statementIn(t *testing.T, l lang.Lang) *env {
	t.Helper()
	e := newEnv(t, validLicense, func(o *Options) { o.Lang = l })
	e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	e.keys("enter", "enter", "enter", "space")
	e.until("the Statement window", func() bool { return e.at(help.Statement) && docInTheme(e.app) })
	return e
}

// TestTheStatementWindowSpeaksTheSessionsLanguage opens the Statement
// window in each language: the header is its title in that language, and
// the text starts after the statement's own title, with its version.
func TestTheStatementWindowSpeaksTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	for _, l := range languages() {
		t.Run(l.Code(), func(t *testing.T) {
			v := say.In(l)
			e := statementIn(t, l)
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
	t.Parallel()
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

// TestSearchSpeaksTheSessionsLanguage searches the statement in every
// language: the prompt, what was found and "No match for …" are in it.
func TestSearchSpeaksTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	for _, l := range languages() {
		t.Run(l.Code(), func(t *testing.T) {
			v := say.In(l)
			e := statementIn(t, l)
			e.keys("/")
			if !strings.Contains(e.screen(), v.T("ui.search.prompt")) {
				t.Errorf("no prompt %q:\n%s", v.T("ui.search.prompt"), e.screen())
			}
			for _, k := range "zzqx" {
				e.keys(string(k))
			}
			e.keys("enter")
			if want := v.T("ui.search.no_match", "Query", "zzqx"); !strings.Contains(e.screen(), want) {
				t.Errorf("no %q:\n%s", want, e.screen())
			}
			e.keys("/", "K", "S", "N", "enter")
			if want := v.T("ui.search.query", "Query", "KSN"); !strings.Contains(e.screen(), want) {
				t.Errorf("no %q:\n%s", want, e.screen())
			}
		})
	}
}

// TestTooSmallSpeaksTheSessionsLanguage shrinks the terminal below the
// minimum: the note is whole and in the session's language.
func TestTooSmallSpeaksTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	for _, l := range languages() {
		e := newEnv(t, validLicense, func(o *Options) { o.Lang = l })
		e.send(tea.WindowSizeMsg{Width: 30, Height: 10})
		want := say.In(l).T("ui.too_small", "Width", 30, "Height", 10, "MinWidth", MinWidth, "MinHeight", MinHeight)
		if got := strings.Join(strings.Fields(e.screen()), " "); got != want {
			t.Errorf("%s: the note is %q, want %q", l.Code(), got, want)
		}
	}
}

// TestKeyHelpSpeaksTheSessionsLanguage reads every key's help on every
// screen in every language but English: no word of it is an English one
// (ui.key.*) that the language says otherwise.
func TestKeyHelpSpeaksTheSessionsLanguage(t *testing.T) {
	t.Parallel()
	english := map[string]bool{}
	for id, m := range lang.Catalogs()[0].Messages {
		if strings.HasPrefix(id, "ui.key.") {
			english[m.Other] = true
		}
	}
	for _, l := range languages()[1:] {
		v := say.In(l)
		for _, st := range goldenSteps {
			t.Run(l.Code()+"/"+st.name, func(t *testing.T) {
				e := newGoldenEnv(t, l, st.window, st.start, 80, 24, st.keys, st.at)
				var bs []key.Binding
				for range 2 { // on the first control, then the next
					bs = append(bs, e.app.top().ShortHelp()...)
					for _, g := range e.app.top().FullHelp() {
						bs = append(bs, g...)
					}
					e.keys("tab")
				}
				for _, b := range bs {
					if d := b.Help().Desc; english[d] && !ownWord(v, d) {
						t.Errorf("%s %q is English", b.Help().Key, d)
					}
				}
			})
		}
	}
}

// ownWord reports whether d is one of v's words for a key.
func ownWord(v say.Voice, d string) bool {
	for id := range lang.Catalogs()[0].Messages {
		if strings.HasPrefix(id, "ui.key.") && v.T(id) == d {
			return true
		}
	}
	return false
}

package ui

import (
	"fmt"
	"strings"
	"testing"

	bubbleshelp "charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/statement"
)

// newShared is the shared state of an App without one: enough for the
// Statement and topic windows, driven by direct Update calls.
func newShared() *shared {
	return &shared{
		keys:    newKeyMap(),
		isDark:  true,
		styles:  NewStyles(true),
		renders: statement.NewCache(),
	}
}

// reader is a window showing a document: the Statement window or a topic.
type reader interface {
	screen
}

// docOf returns the docView of a reader.
func docOf(r reader) *docView {
	switch w := r.(type) {
	case *statementWindow:
		return &w.doc
	case *topicWindow:
		return &w.doc
	}
	panic(fmt.Sprintf("%T shows no document", r))
}

// sized gives r its size and delivers the rendering it asks for, as the App
// would.
func sized(t *testing.T, r reader, width, height int) {
	t.Helper()
	if cmd := r.SetSize(width, height); cmd != nil {
		msg := cmd()
		if rm, ok := msg.(renderedMsg); !ok || rm.err != nil {
			t.Fatalf("render: %#v", msg)
		}
		r.Update(msg)
	}
	if d := docOf(r); d.lines == nil {
		t.Fatal("no rendered text")
	}
}

// newStatement returns a Statement window at width×height, rendered.
func newStatement(t *testing.T, width, height int) *statementWindow {
	t.Helper()
	s := newStatementWindow(newShared(), "I agree")
	sized(t, s, width, height)
	return s
}

// newTopicOf returns a topic window showing doc at width×height, rendered.
func newTopicOf(t *testing.T, doc string, width, height int) *topicWindow {
	t.Helper()
	sh := newShared()
	w := &topicWindow{sh: sh, of: "Test", doc: newDocView(sh, "test", []byte(doc))}
	sized(t, w, width, height)
	return w
}

// press builds a key press: names of keys ("pgup", "space", "esc"…) or text.
func press(name string) tea.KeyPressMsg {
	switch name {
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	return keyPress(name)
}

// typeKeys sends each name as a key press to r.
func typeKeys(r reader, names ...string) {
	for _, n := range names {
		r.Update(press(n))
	}
}

// helpText is what the help bar shows of r, short and full.
func helpText(r reader) string {
	h := bubbleshelp.New()
	h.SetWidth(1000)
	text := ansi.Strip(h.ShortHelpView(r.ShortHelp()) + "\n" + h.FullHelpView(r.FullHelp()))
	return strings.Join(strings.Fields(strings.ReplaceAll(text, "\n", " | ")), " ")
}

func TestReadingKeys(t *testing.T) {
	const w, h = 80, 22 // the text's size; a page is a line less
	const page = h - 1
	tests := []struct {
		keys  []string
		from  int // -1: the end
		want  int // -1: the end
		focus int
	}{
		{keys: []string{"space"}, from: 0, want: page},
		{keys: []string{"f"}, from: 0, want: page},
		{keys: []string{"pgdown"}, from: 0, want: page},
		{keys: []string{"b"}, from: 30, want: 30 - page},
		{keys: []string{"pgup"}, from: 30, want: 30 - page},
		{keys: []string{"j"}, from: 5, want: 6},
		{keys: []string{"down"}, from: 5, want: 6},
		{keys: []string{"k"}, from: 5, want: 4},
		{keys: []string{"up"}, from: 5, want: 4},
		{keys: []string{"g"}, from: 30, want: 0},
		{keys: []string{"home"}, from: 30, want: 0},
		{keys: []string{"G"}, from: 0, want: -1},
		{keys: []string{"end"}, from: 0, want: -1},
		{keys: []string{"space", "space", "b"}, from: 0, want: page},
		{keys: []string{"j"}, from: -1, want: -1},         // nothing below the end
		{keys: []string{"k"}, from: 0, want: 0},           // nothing above the top
		{keys: []string{"q", "x", "n"}, from: 7, want: 7}, // not reading keys
	}
	for _, r := range []func(t *testing.T) reader{
		func(t *testing.T) reader { return newStatement(t, w, h+2) }, // 2 lines: indicator, buttons
		func(t *testing.T) reader { return newTopicOf(t, string(statement.Markdown()), w, h+1) },
	} {
		for _, tt := range tests {
			win := r(t)
			t.Run(fmt.Sprintf("%T/%s-from-%d", win, strings.Join(tt.keys, "-"), tt.from), func(t *testing.T) {
				d := docOf(win)
				if d.height != h {
					t.Fatalf("text height %d", d.height)
				}
				end := d.maxOffset()
				if end < 60 {
					t.Fatalf("the text is too short for the test: %d lines", len(d.lines))
				}
				at := func(n int) int {
					if n < 0 {
						return end
					}
					return n
				}
				d.offset = at(tt.from)
				typeKeys(win, tt.keys...)
				if d.offset != at(tt.want) {
					t.Fatalf("keys %v from %d: offset %d, want %d", tt.keys, at(tt.from), d.offset, at(tt.want))
				}
			})
		}
	}
}

func TestSpaceOnAButtonPressesIt(t *testing.T) {
	s := newStatement(t, 80, 24)
	typeKeys(s, "tab", "tab") // Cancel
	typeKeys(s, "space")
	if s.doc.offset != 0 {
		t.Fatalf("space scrolled the text to %d while a button had the focus", s.doc.offset)
	}
	if len(s.sh.outbox) != 1 || s.sh.outbox[0] != (backMsg{}) {
		t.Fatalf("space on Cancel sent %#v", s.sh.outbox)
	}
	s.sh.outbox = nil
	typeKeys(s, "shift+tab", "space") // I agree
	if len(s.sh.outbox) != 1 || s.sh.outbox[0] != (decideMsg{decision: decideAccept, closeTop: true}) {
		t.Fatalf("space on I agree sent %#v", s.sh.outbox)
	}
}

func TestHelpTellsTheTruth(t *testing.T) {
	has := func(t *testing.T, h string, want bool, words ...string) {
		t.Helper()
		for _, w := range words {
			if strings.Contains(h, w) != want {
				t.Errorf("help has %q: %v, want %v:\n%s", w, !want, want, h)
			}
		}
	}
	type step struct {
		name    string
		setup   func(r reader)
		present []string
		absent  []string
	}
	common := []step{
		{"top", func(r reader) {}, []string{"↓", "pgdn", "space", "end"}, []string{"↑", "pgup", "home", "enter"}},
		{"middle", func(r reader) { docOf(r).offset = 10 }, []string{"↑", "↓", "pgup", "pgdn", "home", "end"}, []string{"enter"}},
		{"end", func(r reader) { typeKeys(r, "end") }, []string{"↑", "pgup", "home"}, []string{"↓", "pgdn", "space", "end/G", "enter"}},
	}
	for _, st := range common {
		t.Run("statement/"+st.name, func(t *testing.T) {
			s := newStatement(t, 80, 24)
			st.setup(s)
			h := helpText(s)
			has(t, h, true, st.present...)
			has(t, h, false, st.absent...)
			has(t, h, true, "esc cancel", "tab buttons")
			has(t, h, false, "close")
		})
		t.Run("topic/"+st.name, func(t *testing.T) {
			w := newTopicOf(t, string(statement.Markdown()), 80, 24)
			st.setup(w)
			h := helpText(w)
			has(t, h, true, st.present...)
			has(t, h, false, st.absent...)
			has(t, h, true, "esc close", "q quit")
			has(t, h, false, "cancel", "tab")
		})
	}
	t.Run("statement/fits", func(t *testing.T) {
		s := newStatement(t, 80, 400)
		h := helpText(s)
		has(t, h, false, "↑", "↓", "pgup", "pgdn", "space", "home", "end", "scroll")
	})
	t.Run("statement/buttons", func(t *testing.T) {
		s := newStatement(t, 80, 24)
		typeKeys(s, "tab")
		h := helpText(s)
		has(t, h, true, "enter press", "space press", "tab next", "esc cancel", "→ to Cancel")
		has(t, h, false, "↓", "pgdn", "scroll", "←")
		typeKeys(s, "tab")
		h = helpText(s)
		has(t, h, true, "tab text", "← to I agree")
		has(t, h, false, "→")
	})
	t.Run("shared keys untouched", func(t *testing.T) {
		s := newStatement(t, 80, 24)
		typeKeys(s, "end")
		s.ShortHelp()
		s.FullHelp()
		for _, b := range []key.Binding{s.sh.keys.Down, s.sh.keys.PageDown, s.sh.keys.Toggle, s.sh.keys.Enter} {
			if !b.Enabled() {
				t.Fatalf("a shared binding was disabled: %v", b.Keys())
			}
		}
		if d := s.doc.keys; !d.PageDown.Enabled() || !d.Bottom.Enabled() {
			t.Fatal("the docView's own bindings were disabled")
		}
	})
}

func TestProseAtMost80Columns(t *testing.T) {
	for _, r := range []func(t *testing.T) reader{
		func(t *testing.T) reader { return newStatement(t, 200, 50) },
		func(t *testing.T) reader { return newTopicOf(t, string(statement.Markdown()), 200, 50) },
	} {
		win := r(t)
		d := docOf(win)
		if d.width != 80 {
			t.Fatalf("%T rendered at %d", win, d.width)
		}
		for _, l := range d.lines {
			if w := lipgloss.Width(l); w > 80 {
				t.Fatalf("%T: a line %d wide: %q", win, w, ansi.Strip(l))
			}
		}
		body, _ := win.View()
		for _, l := range strings.Split(body, "\n") {
			if w := lipgloss.Width(l); w > 200 {
				t.Fatalf("%T: a body line %d wide", win, w)
			}
			text := ansi.Strip(l)
			if trimmed := strings.TrimLeft(text, " "); trimmed != "" && len(text)-len(trimmed) < (200-80)/2 {
				t.Fatalf("%T: not centred: %q", win, text)
			}
		}
	}
}

func TestClickAButtonOnAWideBody(t *testing.T) {
	s := newStatement(t, 200, 30)
	body, _ := s.View()
	for y, l := range strings.Split(ansi.Strip(body), "\n") {
		if x := strings.Index(l, "[ Cancel ]"); x >= 0 {
			s.Update(tea.MouseClickMsg{X: ansi.StringWidth(l[:x]) + 2, Y: y, Button: tea.MouseLeft})
		}
	}
	if len(s.sh.outbox) != 1 || s.sh.outbox[0] != (backMsg{}) {
		t.Fatalf("a click on Cancel sent %#v", s.sh.outbox)
	}
}

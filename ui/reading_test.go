package ui

import (
	"fmt"
	"strings"
	"testing"

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

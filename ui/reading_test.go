package ui

import (
	"fmt"
	"strings"
	"testing"

	bubbleshelp "charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"

	"ksn/flow"
	"ksn/statement"
)

// newShared is the shared state of an App without one: enough for the
// Statement and topic windows, driven by direct Update calls.
func newShared() *shared {
	return &shared{
		keys:    newKeyMap(en),
		isDark:  true,
		styles:  NewStyles(true),
		renders: statement.NewCache(),
	}
}

// reader is a window showing a document: the Statement window or a topic.
type reader interface {
	screen
	capturing() bool
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

// typeText types s into r one rune at a time.
func typeText(r reader, s string) {
	for _, c := range s {
		if c == ' ' {
			r.Update(press("space"))
			continue
		}
		r.Update(tea.KeyPressMsg{Code: c, Text: string(c)})
	}
}

// search types /, the query and enter.
func search(r reader, query string) {
	typeKeys(r, "/")
	typeText(r, query)
	typeKeys(r, "enter")
}

// indicatorOf is the plain text of r's indicator line.
func indicatorOf(t *testing.T, r reader) string {
	t.Helper()
	body, _ := r.View()
	for _, l := range strings.Split(ansi.Strip(body), "\n") {
		if strings.Contains(l, "%") || strings.Contains(l, en.T("ui.search.prompt")) || strings.Contains(l, "No match") {
			return l
		}
	}
	t.Fatalf("no indicator line in:\n%s", ansi.Strip(body))
	return ""
}

// reversed counts the reversed cells of text as a terminal shows them.
func reversed(text string) int {
	lines := strings.Split(text, "\n")
	n := 0
	for _, l := range lines {
		w := max(ansi.StringWidth(l), 1)
		e := vt.NewEmulator(w, 1)
		e.WriteString(l)
		for x := range w {
			if e.CellAt(x, 0).Style.Attrs&uv.AttrReverse != 0 {
				n++
			}
		}
	}
	return n
}

// helpText is what the help bar shows of r, short and full.
func helpText(r reader) string {
	h := bubbleshelp.New()
	h.SetWidth(1000)
	text := ansi.Strip(h.ShortHelpView(r.ShortHelp()) + "\n" + h.FullHelpView(r.FullHelp()))
	return strings.Join(strings.Fields(strings.ReplaceAll(text, "\n", " | ")), " ")
}

func TestReadingKeys(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	s := newStatement(t, 80, 24)
	typeKeys(s, "tab", "tab") // Cancel
	_, act := s.Update(press("space"))
	if s.doc.offset != 0 {
		t.Fatalf("space scrolled the text to %d while a button had the focus", s.doc.offset)
	}
	if act != (goBack{}) {
		t.Fatalf("space on Cancel asked for %#v", act)
	}
	typeKeys(s, "shift+tab")
	if _, act := s.Update(press("space")); act != (decide{choice: flow.Accept, closeTop: true}) { // I agree
		t.Fatalf("space on I agree asked for %#v", act)
	}
}

// doc is a document in which phrases of the statement wrap at some widths.
const testDoc = `# Test

This computer sends information about threats detected on it, about
applications being run and signed applications being downloaded, and
about the operating system. Nothing else. Words to fill lines: alpha beta
gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi
rho sigma tau upsilon phi chi psi omega.

- **Threats detected** on this computer.
- **Signed applications** being downloaded.
`

func TestSearchFindsPhrasesThatWrap(t *testing.T) {
	t.Parallel()
	wrapped := map[string]bool{}
	for width := 20; width <= 80; width++ {
		for _, q := range []string{"threats detected", "signed applications", "Signed  Applications", "THREATS DETECTED"} {
			w := newTopicOf(t, testDoc, width, 40)
			search(w, q)
			f := w.doc.find
			if len(f.matches) != 2 {
				t.Fatalf("width %d: %q found %d times, want 2; lines:\n%s", width, q, len(f.matches), strings.Join(w.doc.plain, "\n"))
			}
			if f.cur != 0 {
				t.Fatalf("width %d: current match %d, want 0", width, f.cur)
			}
			for _, m := range f.matches {
				var got []string
				for l := m.first; l <= m.last; l++ {
					for _, sp := range f.byLine[l] {
						got = append(got, sp.text)
					}
				}
				if g := strings.ToLower(strings.Join(got, " ")); g != strings.ToLower(strings.Join(strings.Fields(q), " ")) {
					t.Fatalf("width %d: %q highlights %q", width, q, g)
				}
				if m.first != m.last {
					wrapped[strings.ToLower(strings.Join(strings.Fields(q), " "))] = true
				}
			}
			if got := indicatorOf(t, w); !strings.Contains(got, "1/2") {
				t.Fatalf("width %d: indicator %q has no 1/2", width, got)
			}
		}
	}
	for _, q := range []string{"threats detected", "signed applications"} {
		if !wrapped[q] {
			t.Errorf("%q never wraps at any width: the test does not test wrapping", q)
		}
	}
}

func TestSearchTheStatement(t *testing.T) {
	t.Parallel()
	norm := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(string(statement.Markdown()), "*", "")), " "))
	for _, q := range []string{
		"configuration of the operating system",
		"start and completion time of processes",
		"signed applications",
		"threats detected",
		"applications being run",
	} {
		n := strings.Count(norm, q)
		if n == 0 {
			t.Logf("%q is not in this statement (version %s)", q, statement.Version)
			continue
		}
		for _, width := range []int{40, 60, 80} {
			s := newStatement(t, width, 20)
			search(s, q)
			if got := len(s.doc.find.matches); got != n {
				t.Errorf("width %d: %q found %d times, want %d", width, q, got, n)
			}
		}
	}
}

func TestSearchScrollsToTheFirstMatchFromHere(t *testing.T) {
	t.Parallel()
	s := newStatement(t, 80, 24)
	d := &s.doc
	var lines []int // where "KSN" is, by line
	for i, l := range d.plain {
		if strings.Contains(l, "KSN") {
			lines = append(lines, i)
		}
	}
	if len(lines) < 3 || lines[len(lines)-1] < d.height {
		t.Fatalf("KSN is on lines %v: too few for the test", lines)
	}
	later := lines[len(lines)-1] // after the first page
	d.offset = min(later-1, d.maxOffset())
	start := d.offset
	search(s, "ksn")
	m := d.find.matches[d.find.cur]
	if m.first < start {
		t.Fatalf("the current match is on line %d, above the view at %d", m.first, start)
	}
	if m.first < d.offset || m.last >= d.offset+d.height {
		t.Fatalf("the current match (line %d) is not in view (%d+%d)", m.first, d.offset, d.height)
	}
	if s.capturing() {
		t.Fatal("the prompt is still open after enter")
	}
}

func TestSearchNotFound(t *testing.T) {
	t.Parallel()
	for _, r := range []func(t *testing.T) reader{
		func(t *testing.T) reader { return newStatement(t, 80, 24) },
		func(t *testing.T) reader { return newTopicOf(t, testDoc, 40, 12) },
	} {
		win := r(t)
		d := docOf(win)
		d.offset = 1
		search(win, "zebra crossing")
		if got := indicatorOf(t, win); !strings.Contains(got, "No match for “zebra crossing”") {
			t.Fatalf("indicator %q", got)
		}
		if d.offset != 1 {
			t.Fatalf("a failed search scrolled to %d", d.offset)
		}
		if h := helpText(win); strings.Contains(h, "next match") || strings.Contains(h, "previous match") {
			t.Fatalf("n/N in the help without a match:\n%s", h)
		}
		if body, _ := win.View(); reversed(body) != 0 {
			t.Fatal("something highlighted without a match")
		}
		typeKeys(win, "j")
		if got := indicatorOf(t, win); strings.Contains(got, "No match") {
			t.Fatalf("the note outlived the next key: %q", got)
		}
	}
}

func TestNextAndPreviousWrapAround(t *testing.T) {
	t.Parallel()
	doc := "# W\n\nword one\n\nword two\n\nword three\n"
	w := newTopicOf(t, doc, 60, 30)
	search(w, "word")
	steps := []struct {
		key, want string
	}{
		{"", "1/3 · “word”"},
		{"n", "2/3 · “word”"},
		{"n", "3/3 · “word”"},
		{"n", "1/3 · wrapped to the top · “word”"},
		{"N", "3/3 · wrapped to the bottom · “word”"},
		{"N", "2/3 · “word”"},
		{"N", "1/3 · “word”"},
		{"N", "3/3 · wrapped to the bottom · “word”"},
	}
	for i, st := range steps {
		if st.key != "" {
			typeKeys(w, st.key)
		}
		got := indicatorOf(t, w)
		if !strings.HasPrefix(strings.TrimSpace(got), st.want+" ─") {
			t.Fatalf("step %d (%s): indicator %q, want it to start %q", i, st.key, got, st.want)
		}
	}
}

func TestNextFollowsTheView(t *testing.T) {
	t.Parallel()
	s := newStatement(t, 80, 24)
	search(s, "ksn")
	d := &s.doc
	if len(d.find.matches) < 4 {
		t.Fatalf("%d matches: too few for the test", len(d.find.matches))
	}
	typeKeys(s, "G") // the current match is now out of view
	last := d.find.matches[len(d.find.matches)-1]
	if d.inView(d.find.cur) || last.first < d.offset {
		t.Skip("the statement ends with no KSN on its last page")
	}
	typeKeys(s, "n")
	if m := d.find.matches[d.find.cur]; m.first < d.offset {
		t.Fatalf("n went to line %d, above the view at %d", m.first, d.offset)
	}
}

func TestHighlightKeepsLinesWhole(t *testing.T) {
	t.Parallel()
	for _, theme := range []struct {
		name  string
		plain bool
		dark  bool
	}{{"dark", false, true}, {"light", false, false}, {"plain", true, false}} {
		t.Run(theme.name, func(t *testing.T) {
			s := newStatementWindow(newShared(), "I agree")
			s.sh.plain, s.sh.isDark, s.sh.styles = theme.plain, theme.dark, NewStyles(theme.dark)
			sized(t, s, 60, 30)
			before := s.doc.View()
			search(s, "the") // many matches, on most lines, amid Glamour's styles
			after := s.doc.View()
			if reversed(before) != 0 || reversed(after) == 0 {
				t.Fatalf("reversed cells: %d before the search, %d after", reversed(before), reversed(after))
			}
			if ansi.Strip(after) != ansi.Strip(before) {
				t.Fatalf("the text changed:\n%s\n---\n%s", ansi.Strip(before), ansi.Strip(after))
			}
			body, _ := s.View()
			for i, l := range strings.Split(body, "\n") {
				if w := lipgloss.Width(l); w > 60 {
					t.Fatalf("line %d is %d wide: %q", i, w, l)
				}
			}
			// Cell by cell: outside the matches the text keeps its looks;
			// inside, it is reversed.
			bl, al := strings.Split(before, "\n"), strings.Split(after, "\n")
			for i := range bl {
				spans := s.doc.find.byLine[s.doc.offset+i]
				eb, ea := vt.NewEmulator(60, 1), vt.NewEmulator(60, 1)
				eb.WriteString(bl[i])
				ea.WriteString(al[i])
				for x := 0; x < 60; x++ {
					cb, ca := eb.CellAt(x, 0), ea.CellAt(x, 0)
					in := false
					for _, sp := range spans {
						in = in || (x >= sp.x0 && x < sp.x1)
					}
					switch {
					case in && (ca.Content != cb.Content || ca.Style.Attrs&uv.AttrReverse == 0):
						t.Fatalf("line %d, cell %d: a match cell %q %+v", i, x, ca.Content, ca.Style)
					case !in && !ca.Equal(cb):
						t.Fatalf("line %d, cell %d: %q %+v became %q %+v", i, x, cb.Content, cb.Style, ca.Content, ca.Style)
					}
				}
			}
		})
	}
}

func TestHelpTellsTheTruth(t *testing.T) {
	t.Parallel()
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
		{"top", func(r reader) {}, []string{"↓", "pgdn", "space", "end", "/ search"}, []string{"↑", "pgup", "home", "next match", "enter"}},
		{"middle", func(r reader) { docOf(r).offset = 10 }, []string{"↑", "↓", "pgup", "pgdn", "home", "end"}, []string{"next match", "enter"}},
		{"end", func(r reader) { typeKeys(r, "end") }, []string{"↑", "pgup", "home"}, []string{"↓", "pgdn", "space", "end/G", "enter"}},
		{"matches", func(r reader) { search(r, "ksn") }, []string{"n next match", "N previous match", "n/N next/previous match", "esc clear search"}, nil},
		{"no match", func(r reader) { search(r, "zebra") }, nil, []string{"next match", "previous match"}},
		{"prompt", func(r reader) { typeKeys(r, "/") }, []string{"enter search", "esc cancel", "ctrl+c"}, []string{"q quit", "↓", "/ search", "tab"}},
	}
	for _, st := range common {
		t.Run("statement/"+st.name, func(t *testing.T) {
			s := newStatement(t, 80, 24)
			st.setup(s)
			h := helpText(s)
			has(t, h, true, st.present...)
			has(t, h, false, st.absent...)
			switch {
			case s.showingSearch():
				has(t, h, true, "esc clear search", "tab buttons")
				has(t, h, false, "esc cancel", "close")
			case !s.capturing():
				has(t, h, true, "esc cancel", "tab buttons")
				has(t, h, false, "close")
			}
		})
		t.Run("topic/"+st.name, func(t *testing.T) {
			w := newTopicOf(t, string(statement.Markdown()), 80, 24)
			st.setup(w)
			h := helpText(w)
			has(t, h, true, st.present...)
			has(t, h, false, st.absent...)
			switch {
			case w.showingSearch():
				has(t, h, true, "esc clear search", "f1 close", "q quit")
				has(t, h, false, "esc close", "cancel", "tab")
			case !w.capturing():
				has(t, h, true, "esc close", "q quit")
				has(t, h, false, "cancel", "tab")
			}
		})
	}
	t.Run("statement/fits", func(t *testing.T) {
		s := newStatement(t, 80, 400)
		h := helpText(s)
		has(t, h, false, "↑", "↓", "pgup", "pgdn", "space", "home", "end", "scroll")
		has(t, h, true, "/ search")
	})
	t.Run("statement/buttons", func(t *testing.T) {
		s := newStatement(t, 80, 24)
		typeKeys(s, "tab")
		h := helpText(s)
		has(t, h, true, "enter press", "space press", "tab next", "esc cancel", "→ to Cancel")
		has(t, h, false, "/ search", "↓", "pgdn", "scroll", "←")
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
		if d := s.doc.keys; !d.PageDown.Enabled() || !d.NextMatch.Enabled() {
			t.Fatal("the docView's own bindings were disabled")
		}
	})
}

func TestPromptCapturesText(t *testing.T) {
	t.Parallel()
	s := newStatement(t, 80, 24)
	typeKeys(s, "/")
	if !s.capturing() {
		t.Fatal("/ did not open the prompt")
	}
	typeKeys(s, "q", "?", "j", "G", "space", "n", "tab", "backspace")
	d := &s.doc
	if got := d.find.input.Value(); got != "q?jG " { // n went with backspace
		t.Fatalf("typed %q", got)
	}
	if d.offset != 0 || s.focus != focusText {
		t.Fatalf("keys acted while typing: offset %d, focus %d", d.offset, s.focus)
	}
	if got := indicatorOf(t, s); !strings.HasPrefix(got, en.T("ui.search.prompt")+"q?jG ") {
		t.Fatalf("the prompt reads %q", got)
	}
	if _, act := s.Update(press("esc")); s.capturing() || act != nil {
		t.Fatalf("esc: capturing %v, asked for %#v", s.capturing(), act)
	}
	if got := indicatorOf(t, s); strings.Contains(got, en.T("ui.search.prompt")) {
		t.Fatalf("the prompt is still shown: %q", got)
	}
	if d.find.query != "" {
		t.Fatalf("esc searched for %q", d.find.query)
	}
	// A blank query ends a search.
	search(s, "ksn")
	search(s, "  ")
	if d.find.query != "" || len(d.find.byLine) != 0 {
		t.Fatal("a blank query left the search on")
	}
}

func TestProseAtMost80Columns(t *testing.T) {
	t.Parallel()
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
			// The column of prose stands at the body's left, lined up
			// with the header (TestStatementLinesUpWithTheHeader).
			if text := ansi.Strip(l); strings.HasPrefix(strings.TrimSpace(text), "Version") && !strings.HasPrefix(text, "  Version") {
				t.Fatalf("%T: not at the body's left: %q", win, text)
			}
		}
	}
}

func TestClickAButtonOnAWideBody(t *testing.T) {
	t.Parallel()
	s := newStatement(t, 200, 30)
	body, _ := s.View()
	var acts []action
	for y, l := range strings.Split(ansi.Strip(body), "\n") {
		if x := strings.Index(l, "[ Cancel ]"); x >= 0 {
			_, act := s.Update(tea.MouseClickMsg{X: ansi.StringWidth(l[:x]) + 2, Y: y, Button: tea.MouseLeft})
			acts = append(acts, act)
		}
	}
	if len(acts) != 1 || acts[0] != (goBack{}) {
		t.Fatalf("a click on Cancel asked for %#v", acts)
	}
}

func TestSearchSurvivesAResize(t *testing.T) {
	t.Parallel()
	s := newStatement(t, 80, 24)
	search(s, "signed applications being downloaded")
	q := "start and completion time"
	search(s, q)
	n := len(s.doc.find.matches)
	if n == 0 {
		t.Fatalf("%q not found", q)
	}
	sized(t, s, 44, 24)
	if got := len(s.doc.find.matches); got != n {
		t.Fatalf("after a resize %d matches, want %d", got, n)
	}
	if s.doc.find.query != q {
		t.Fatalf("the query is now %q", s.doc.find.query)
	}
}

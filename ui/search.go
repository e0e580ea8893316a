package ui

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/safe"
	"ksn/say"
)

// capturer is a screen that can take text input: while capturing() is true
// every key is its to handle, printable ones as text (q, ?, j…) and esc to
// end the input; only ctrl+c is still the App's.
type capturer interface {
	capturing() bool
}

// searchShower is a screen that may show a search's matches: while it
// does, esc is its own, to end the search, and a second esc leaves
// (docs/screens.md "Keys").
type searchShower interface {
	showingSearch() bool
}

// showsSearch reports whether s shows a search's matches.
func showsSearch(s screen) bool {
	ss, ok := s.(searchShower)
	return ok && ss.showingSearch()
}

// finder is the search of a docView: its prompt, the last query and where
// that query matches in the rendered text.
type finder struct {
	input     textinput.Model
	prompting bool // the prompt is open and takes every key

	query   string         // the query the matches are for; "": no search
	matches []match        // in reading order
	byLine  map[int][]span // what to highlight, per line
	cur     int            // the current match; -1: none
	note    string         // said once: "wrapped to the top" or "… bottom"
	pattern *regexp.Regexp // query as a pattern
}

// match is one occurrence of the query: a phrase may wrap, so it spans the
// lines first to last.
type match struct{ first, last int }

// span is the part of one line that a match covers, in cells [x0, x1), with
// its text and the index of its match.
type span struct {
	x0, x1 int
	text   string
	match  int
}

// open shows an empty prompt, "Search: ", styled for st.
func (f *finder) open(prompt string, st Styles, isDark bool) {
	f.input = textinput.New()
	f.input.Prompt = prompt
	f.input.CharLimit = 200
	ts := textinput.DefaultStyles(isDark)
	ts.Cursor.Blink = false // blink messages never reach a screen
	ts.Focused.Prompt = st.ItemFocused
	f.input.SetStyles(ts)
	f.input.Focus()
	f.prompting = true
	f.note = ""
}

// close hides the prompt.
func (f *finder) close() {
	f.input.Blur()
	f.prompting = false
}

// clear forgets the search.
func (f *finder) clear() {
	f.query, f.pattern, f.matches, f.byLine, f.cur = "", nil, nil, nil, -1
}

// forget drops what was said once: a wrap note, and a search that found
// nothing once its "No match for …" has been read.
func (f *finder) forget() {
	f.note = ""
	if len(f.matches) == 0 {
		f.clear()
	}
}

// typeIn hands a key or a paste to the prompt.
func (f *finder) typeIn(msg tea.Msg) {
	f.input, _ = f.input.Update(msg) // a static cursor: no command to run
}

// compile turns a query into a case-insensitive pattern in which any run of
// spaces also matches a line break and the indent after it, so a phrase
// that Glamour wrapped is found whole. Nil for a blank query.
func compile(query string) *regexp.Regexp {
	words := strings.Fields(query)
	if len(words) == 0 {
		return nil
	}
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(`(?i)` + strings.Join(words, `[\s\p{Z}]+`))
}

// locate finds f.pattern in plain, the rendered lines without escapes.
func (f *finder) locate(plain []string) {
	f.matches, f.byLine = nil, nil
	if f.pattern == nil {
		return
	}
	starts := make([]int, len(plain)) // byte offset of each line in text
	n := 0
	for i, l := range plain {
		starts[i] = n
		n += len(l) + 1
	}
	text := strings.Join(plain, "\n")
	lineOf := func(off int) int { return sort.SearchInts(starts, off+1) - 1 }
	f.byLine = map[int][]span{}
	for _, m := range f.pattern.FindAllStringIndex(text, -1) {
		if m[0] == m[1] {
			continue
		}
		idx := len(f.matches)
		first, last := lineOf(m[0]), lineOf(m[1]-1)
		for l := first; l <= last; l++ {
			line := plain[l]
			s := max(m[0]-starts[l], 0)
			e := min(m[1]-starts[l], len(line))
			// A wrapped match leaves out the line's end and the next
			// line's indent.
			seg := strings.TrimRightFunc(line[s:e], unicode.IsSpace)
			trimmed := strings.TrimLeftFunc(seg, unicode.IsSpace)
			s += len(seg) - len(trimmed)
			if trimmed == "" {
				continue
			}
			x0 := ansi.StringWidth(line[:s])
			f.byLine[l] = append(f.byLine[l], span{x0: x0, x1: x0 + ansi.StringWidth(trimmed), text: trimmed, match: idx})
		}
		f.matches = append(f.matches, match{first: first, last: last})
	}
}

// highlight returns line with the spans drawn in the match styles. It works
// on cells: the text between spans keeps its escapes (each piece replays
// those before it), a span's text is drawn whole in its own style, and the
// line's width does not change.
// styles are those of the other matches and of the current one.
func (f *finder) highlight(line string, spans []span, styles [2]ansi.Style) string {
	var b strings.Builder
	pos := 0
	for _, sp := range spans {
		if sp.x0 > pos {
			b.WriteString(ansi.Cut(line, pos, sp.x0))
		}
		style := styles[0]
		if sp.match == f.cur {
			style = styles[1]
		}
		b.WriteString(style.Styled(sp.text))
		pos = sp.x1
	}
	b.WriteString(ansi.TruncateLeft(line, pos, ""))
	return b.String()
}

// matchStyles are the looks of the other matches and of the current one:
// reversed, and the current one also bold, underlined and in the warning
// colour, so it stands out without colour too (NO_COLOR). Each starts with
// a reset, so none of the line's own style shows through. They are SGR
// sequences rather than Lip Gloss styles, which draw an underlined text
// cell by cell and leave its spaces unreversed.
func matchStyles(st Styles) [2]ansi.Style {
	cur := ansi.Style{}.Reset().Reverse(true).Bold().Underline(true)
	if c := st.Warn.GetForeground(); c != nil {
		if _, none := c.(lipgloss.NoColor); !none {
			cur = cur.ForegroundColor(c)
		}
	}
	return [2]ansi.Style{ansi.Style{}.Reset().Reverse(true), cur}
}

// status is the search's part of the indicator line in v's words: "No
// match for “…”", or the current match, the note if any and the query,
// most important first, e.g. "2/5 · “KSN”", "1/5 · wrapped to the top ·
// “KSN”".
func (f *finder) status(v say.Voice) string {
	switch {
	case f.query == "":
		return f.note
	case len(f.matches) == 0:
		return v.T("ui.search.no_match", "Query", safe.Text(f.query))
	}
	parts := []string{fmt.Sprintf("%d/%d", f.cur+1, len(f.matches))}
	if f.note != "" {
		parts = append(parts, f.note)
	}
	return strings.Join(append(parts, v.T("ui.search.query", "Query", safe.Text(f.query))), " · ")
}

package ui

import (
	"fmt"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/statement"
)

// proseWidth is the widest a document is rendered (docs/screens.md "Wide
// terminals"): Glamour wraps at the width it is given, margins included, so
// no line of text is wider.
const proseWidth = 80

// proseFor is the width a document is rendered at in a body width wide.
func proseFor(width int) int { return min(max(width, 1), proseWidth) }

// docView shows a Markdown document rendered by Glamour, scrolled by
// slicing its pre-split lines: a repaint never renders or re-measures. It
// has the reading keys (readKeys) and a search with its prompt; the window
// showing it draws the indicator line (indicator) under it.
type docView struct {
	sh     *shared
	name   string
	doc    []byte
	lines  []string // as rendered
	plain  []string // lines without escapes, for the search
	want   int      // the width asked for: proseFor(the body's width)
	width  int      // the width lines were rendered for; 0: none yet
	theme  statement.Theme
	offset int
	height int
	err    error
	keys   readKeys
	find   finder
	rule   rule // the indicator's rule, drawn when its width or theme changes
	// kept is the reading place the last render put at offset keptAt:
	// while the view has not moved since, the next render starts from it,
	// so that narrowing and widening again comes back to the same line.
	kept   [2]int
	keptAt int // -1: none
}

// rule is a drawn rule of the indicator line and what it was drawn for.
type rule struct {
	text   string
	fill   int
	isDark bool
}

// newDocView returns a view of doc, known as name in render messages.
func newDocView(sh *shared, name string, doc []byte) docView {
	return docView{sh: sh, name: name, doc: doc, keys: newReadKeys(sh.say), find: finder{cur: -1}, keptAt: -1}
}

// resize sets the view's size for a body width wide and asks for a render
// if the width to render at or the theme changed.
func (d *docView) resize(width, height int) tea.Cmd {
	d.height = max(height, 0)
	d.clampOffset()
	d.want = proseFor(width)
	d.find.input.SetWidth(d.promptWidth())
	if d.want == d.width && d.sh.theme() == d.theme && d.lines != nil {
		return nil
	}
	return render(d.sh.renders, d.name, d.doc, d.want, d.sh.theme())
}

// rendered takes a render result if it is for this document and for the
// width and theme in force.
func (d *docView) rendered(msg renderedMsg) {
	if msg.doc != d.name || msg.width != d.want || msg.theme != d.sh.theme() {
		return
	}
	// A current match in view stays in view at the new width.
	keep := d.find.cur >= 0 && d.find.cur < len(d.find.matches) && d.inView(d.find.cur)
	at, blanks, placed := d.place()
	d.err = msg.err
	d.width, d.theme = msg.width, msg.theme
	d.lines = strings.Split(strings.TrimRight(msg.content, "\n"), "\n")
	d.plain = make([]string, len(d.lines))
	for i, l := range d.lines {
		d.plain[i] = ansi.Strip(l)
	}
	d.find.locate(d.plain) // the same query, where it is now
	d.find.cur = min(d.find.cur, len(d.find.matches)-1)
	d.keptAt = -1
	if placed {
		d.offset = d.lineOf(at, blanks)
		d.clampOffset()
		d.kept, d.keptAt = [2]int{at, blanks}, d.offset
	}
	d.clampOffset()
	if keep && d.find.cur >= 0 {
		d.goTo(d.find.cur)
	}
}

// place is the reading place (docs/screens.md, the Statement window): at is
// how many non-blank characters of the text come before the top line of the
// view, blanks how many blank lines the view starts with. Re-wrapping moves
// words between lines but keeps them in order, so the place survives a new
// width or theme where a line number would not. placed is false at the top
// (or with nothing rendered yet): the top stays the top.
func (d *docView) place() (at, blanks int, placed bool) {
	if d.offset <= 0 || d.offset >= len(d.plain) {
		return 0, 0, false
	}
	if d.offset == d.keptAt {
		return d.kept[0], d.kept[1], true
	}
	for _, l := range d.plain[:d.offset] {
		at += inked(l)
	}
	for _, l := range d.plain[d.offset:] {
		if inked(l) > 0 {
			break
		}
		blanks++
	}
	return at, blanks, true
}

// lineOf is the line to put at the top of the view for the place at,
// blanks: the line holding the at-th non-blank character, after as many of
// the blank lines just above it as the view started with.
func (d *docView) lineOf(at, blanks int) int {
	line, seen := 0, 0
	for i, l := range d.plain {
		n := inked(l)
		if n == 0 {
			continue
		}
		line = i
		if seen+n > at {
			break
		}
		seen += n
	}
	for ; blanks > 0 && line > 0 && inked(d.plain[line-1]) == 0; blanks-- {
		line--
	}
	return line
}

// inked counts the characters of a plain line that are not spaces.
func inked(line string) int {
	n := 0
	for _, r := range line {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// scroll moves the view by n lines.
func (d *docView) scroll(n int) {
	d.offset += n
	d.clampOffset()
}

// top and bottom jump to either end.
func (d *docView) top()    { d.offset = 0 }
func (d *docView) bottom() { d.offset = d.maxOffset() }

// maxOffset is the largest useful offset.
func (d *docView) maxOffset() int { return max(len(d.lines)-d.height, 0) }

// clampOffset keeps the offset in range.
func (d *docView) clampOffset() { d.offset = min(max(d.offset, 0), d.maxOffset()) }

// percent is the scroll position, 0–100.
func (d *docView) percent() int {
	if d.maxOffset() == 0 {
		return 100
	}
	return d.offset * 100 / d.maxOffset()
}

// active returns the reading keys with those that do nothing now disabled.
func (d *docView) active() readKeys {
	return d.keys.active(readState{
		up:        d.offset > 0,
		down:      d.offset < d.maxOffset(),
		ready:     d.lines != nil && d.err == nil,
		prompting: d.find.prompting,
		matches:   len(d.find.matches) > 0,
	})
}

// capturing reports whether the search prompt takes every key as text.
func (d *docView) capturing() bool { return d.find.prompting }

// showingSearch reports whether a search's matches are shown, so that esc
// ends the search rather than leaving (docs/screens.md "Keys").
func (d *docView) showingSearch() bool { return !d.find.prompting && len(d.find.matches) > 0 }

// View returns exactly height lines, the matches of a search highlighted.
func (d *docView) View() string {
	if d.height <= 0 {
		return ""
	}
	var shown []string
	switch {
	case d.err != nil:
		shown = []string{d.sh.styles.Bad.Render(d.sh.say.T("ui.doc.failed", "Err", d.err))}
	case d.lines == nil:
		shown = []string{d.sh.styles.Muted.Render(d.sh.say.T("ui.doc.rendering"))}
	default:
		shown = d.lines[d.offset:min(d.offset+d.height, len(d.lines))]
		if len(d.find.byLine) > 0 {
			shown = append([]string(nil), shown...)
			styles := matchStyles(d.sh.styles)
			for i := range shown {
				if spans := d.find.byLine[d.offset+i]; spans != nil {
					shown[i] = d.find.highlight(shown[i], spans, styles)
				}
			}
		}
	}
	out := strings.Join(shown, "\n")
	if pad := d.height - len(shown); pad > 0 {
		out += strings.Repeat("\n", pad)
	}
	return out
}

// indicator is the line under the text, width wide: the search prompt
// while it is open; else what the search found, a rule and the position,
// after a focus marker if marked.
func (d *docView) indicator(width int, marked bool) string {
	st := d.sh.styles
	if d.find.prompting {
		return ansi.Truncate(d.find.input.View(), width, "")
	}
	pos := fmt.Sprintf("%d%%", d.percent())
	if marked {
		pos = "› " + st.ItemFocused.Render(pos)
	} else {
		pos = "  " + st.Muted.Render(pos)
	}
	room := width - lipgloss.Width(pos) - 1 // for the status and the rule
	left := ""
	if s := d.find.status(d.sh.say); s != "" && room > 2 {
		s = ansi.Truncate(s, room-2, "…")
		if len(d.find.matches) == 0 && d.find.query != "" {
			left = st.Warn.Render(s) + " "
		} else {
			left = st.Item.Render(s) + " "
		}
	}
	fill := room - lipgloss.Width(left)
	if fill > 0 && (d.rule.fill != fill || d.rule.isDark != d.sh.isDark) {
		d.rule = rule{text: st.Muted.Render(strings.Repeat("─", fill)), fill: fill, isDark: d.sh.isDark}
	}
	line := left + " " + pos
	if fill > 0 {
		line = left + d.rule.text + " " + pos
	}
	if fill >= 0 { // it fits by construction: left, the rule and " "+pos make width
		return line
	}
	return ansi.Truncate(line, width, "")
}

// promptWidth is the room for the query after the prompt and the cursor.
func (d *docView) promptWidth() int {
	return max(d.want-lipgloss.Width(d.sh.say.T("ui.search.prompt"))-1, 1)
}

// wheel scrolls three lines per turn of the mouse wheel.
func (d *docView) wheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		d.scroll(-3)
	case tea.MouseWheelDown:
		d.scroll(3)
	}
	d.find.forget()
}

// paste hands pasted text to the prompt, if it is open.
func (d *docView) paste(msg tea.PasteMsg) {
	if d.find.prompting {
		d.find.typeIn(msg)
	}
}

// key handles a key meant for the text: all of them while the prompt is
// open, else the reading keys that act now. It reports whether it took msg.
func (d *docView) key(msg tea.KeyPressMsg) bool {
	k := d.active()
	if d.find.prompting {
		switch {
		case key.Matches(msg, k.Run):
			d.search(d.find.input.Value())
		case key.Matches(msg, k.Cancel), msg.Code == tea.KeyEscape: // alt+esc too
			d.find.close()
		default:
			d.find.typeIn(msg)
		}
		return true
	}
	page := max(d.height-1, 1)
	switch {
	case key.Matches(msg, k.Clear):
		d.find.clear()
		return true
	case key.Matches(msg, k.Search):
		d.find.open(d.sh.say.T("ui.search.prompt"), d.sh.styles, d.sh.isDark)
		d.find.input.SetWidth(d.promptWidth())
	case key.Matches(msg, k.NextMatch):
		d.step(1)
	case key.Matches(msg, k.PrevMatch):
		d.step(-1)
	case key.Matches(msg, k.LineUp):
		d.scroll(-1)
	case key.Matches(msg, k.LineDown):
		d.scroll(1)
	case key.Matches(msg, k.PageUp):
		d.scroll(-page)
	case key.Matches(msg, k.PageDown):
		d.scroll(page)
	case key.Matches(msg, k.Top):
		d.top()
	case key.Matches(msg, k.Bottom):
		d.bottom()
	default:
		return false
	}
	if !key.Matches(msg, k.Search, k.NextMatch, k.PrevMatch) {
		d.find.forget()
	}
	return true
}

// search looks for query from the top line of the view on: the first match
// at or after it becomes the current one and is brought into view. A blank
// query ends the search.
func (d *docView) search(query string) {
	f := &d.find
	f.close()
	f.clear()
	f.note = ""
	if f.pattern = compile(query); f.pattern == nil {
		return
	}
	f.query = strings.Join(strings.Fields(query), " ")
	f.locate(d.plain)
	if len(f.matches) == 0 {
		return
	}
	i := d.firstFrom(d.offset)
	if i == len(f.matches) {
		i = 0
		f.note = d.sh.say.T("ui.search.wrapped_top")
	}
	d.goTo(i)
}

// step goes to the next (dir 1) or previous (dir -1) match, wrapping around
// and saying so. From a current match in view it moves on from that one;
// after the text was scrolled away, from what is in view.
func (d *docView) step(dir int) {
	f := &d.find
	n := len(f.matches)
	if n == 0 {
		return
	}
	var i int
	switch {
	case f.cur >= 0 && d.inView(f.cur):
		i = f.cur + dir
	case dir > 0:
		i = d.firstFrom(d.offset)
	default:
		i = d.firstFrom(d.offset+d.height) - 1
	}
	f.note = ""
	switch {
	case i >= n:
		i = 0
		f.note = d.sh.say.T("ui.search.wrapped_top")
	case i < 0:
		i = n - 1
		f.note = d.sh.say.T("ui.search.wrapped_bottom")
	}
	d.goTo(i)
}

// firstFrom is the index of the first match that starts on line or below;
// len(matches) if none.
func (d *docView) firstFrom(line int) int {
	for i, m := range d.find.matches {
		if m.first >= line {
			return i
		}
	}
	return len(d.find.matches)
}

// inView reports whether match i is wholly in view.
func (d *docView) inView(i int) bool {
	m := d.find.matches[i]
	return m.first >= d.offset && m.last < d.offset+d.height
}

// goTo makes match i the current one and, unless it is in view already,
// scrolls it to the top of the view.
func (d *docView) goTo(i int) {
	d.find.cur = i
	if !d.inView(i) {
		d.offset = d.find.matches[i].first
		d.clampOffset()
	}
}

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/statement"
)

// proseWidth is the widest a document is rendered (SPEC §3.1 "Wide
// terminals"): Glamour wraps at the width it is given, margins included, so
// no line of text is wider.
const proseWidth = 80

// proseFor is the width a document is rendered at in a body width wide.
func proseFor(width int) int { return min(max(width, 1), proseWidth) }

// inset is how far a column of prose stands from the left of a body width
// wide, so that it is centred.
func inset(width int) int { return max(width-proseWidth, 0) / 2 }

// docView shows a Markdown document rendered by Glamour, scrolled by
// slicing its pre-split lines: a repaint never renders or re-measures. It
// has the reading keys (readKeys); the window showing it draws the
// indicator line (indicator) under it.
type docView struct {
	sh     *shared
	name   string
	doc    []byte
	lines  []string // as rendered
	want   int      // the width asked for: proseFor(the body's width)
	width  int      // the width lines were rendered for; 0: none yet
	theme  statement.Theme
	offset int
	height int
	err    error
	gen    int // bumped when what View or indicator draw changes, but the offset
	keys   readKeys
}

// newDocView returns a view of doc, known as name in render messages.
func newDocView(sh *shared, name string, doc []byte) docView {
	return docView{sh: sh, name: name, doc: doc, keys: newReadKeys()}
}

// resize sets the view's size for a body width wide and asks for a render
// if the width to render at or the theme changed.
func (d *docView) resize(width, height int) tea.Cmd {
	d.height = max(height, 0)
	d.clampOffset()
	d.want = proseFor(width)
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
	d.err = msg.err
	d.width, d.theme = msg.width, msg.theme
	d.lines = strings.Split(strings.TrimRight(msg.content, "\n"), "\n")
	d.gen++
	d.clampOffset()
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
		up:   d.offset > 0,
		down: d.offset < d.maxOffset(),
	})
}

// View returns exactly height lines.
func (d *docView) View() string {
	if d.height <= 0 {
		return ""
	}
	var shown []string
	switch {
	case d.err != nil:
		shown = []string{d.sh.styles.Bad.Render(fmt.Sprintf("Cannot render the document: %v", d.err))}
	case d.lines == nil:
		shown = []string{d.sh.styles.Muted.Render("Rendering…")}
	default:
		shown = d.lines[d.offset:min(d.offset+d.height, len(d.lines))]
	}
	out := strings.Join(shown, "\n")
	if pad := d.height - len(shown); pad > 0 {
		out += strings.Repeat("\n", pad)
	}
	return out
}

// indicator is the line under the text, width wide: a rule and the
// position, after a focus marker if marked.
func (d *docView) indicator(width int, marked bool) string {
	st := d.sh.styles
	pos := fmt.Sprintf("%d%%", d.percent())
	if marked {
		pos = "› " + st.ItemFocused.Render(pos)
	} else {
		pos = "  " + st.Muted.Render(pos)
	}
	rule := ""
	if fill := width - lipgloss.Width(pos) - 1; fill > 0 {
		rule = st.Muted.Render(strings.Repeat("─", fill))
	}
	return ansi.Truncate(rule+" "+pos, width, "")
}

// wheel scrolls three lines per turn of the mouse wheel.
func (d *docView) wheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		d.scroll(-3)
	case tea.MouseWheelDown:
		d.scroll(3)
	}
}

// key handles the reading keys that act now; it reports whether it took
// msg.
func (d *docView) key(msg tea.KeyPressMsg) bool {
	k := d.active()
	page := max(d.height-1, 1)
	switch {
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
	return true
}

// shift moves a body drawn in a column of prose pad columns to the right,
// zones and all.
func shift(b *body, pad int) {
	if pad <= 0 {
		return
	}
	sp := strings.Repeat(" ", pad)
	for i, l := range b.lines {
		if l != "" {
			b.lines[i] = sp + l
		}
	}
	for i := range b.zones {
		b.zones[i].x0 += pad
		b.zones[i].x1 += pad
	}
	b.width += pad
}

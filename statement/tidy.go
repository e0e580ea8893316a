package statement

import (
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// tidy post-processes Glamour's output for a terminal width columns wide:
//
//   - Glamour pads every line to the full wrap width with spaces, each wrapped
//     in its own SGR sequence (about 13 bytes a column). Trailing spaces that
//     cannot be seen (no background, reverse, underline or strikethrough) are
//     removed, with their SGR sequences, keeping the style state at the end of
//     each line what it was, so nothing bleeds into the next line.
//   - Leading and trailing blank lines are dropped; the result does not end
//     in a newline.
//   - As a last resort a line still wider than width (Glamour measures a list
//     item's words before it indents them) is wrapped again, between words
//     where it can be, so that no line is ever wider than width.
//
// With plain set, all escape sequences are removed as well.
func tidy(s string, width int, plain bool) string {
	lines := strings.Split(s, "\n")
	var (
		p   = ansi.NewParser()
		pen uv.Style // SGR state carried from line to line
	)
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		var trimmed string
		trimmed, pen = trimLine(line, pen, p)
		if plain {
			trimmed = strings.TrimRight(ansi.Strip(trimmed), " ")
		}
		if ansi.StringWidth(trimmed) > width {
			out = append(out, strings.Split(ansi.Wrap(trimmed, width, ""), "\n")...)
			continue
		}
		out = append(out, trimmed)
	}
	for len(out) > 0 && isBlank(out[0]) {
		out = out[1:]
	}
	for len(out) > 0 && isBlank(out[len(out)-1]) {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

// isBlank reports whether line shows nothing: only spaces and escape
// sequences.
func isBlank(line string) bool {
	return strings.TrimSpace(ansi.Strip(line)) == ""
}

// trimLine removes the invisible trailing spaces of line and the SGR
// sequences among them. pen is the SGR state at the start of the line; the
// state at its end is returned, and the trimmed line leaves the terminal in
// that same state.
func trimLine(line string, pen uv.Style, p *ansi.Parser) (string, uv.Style) {
	var (
		state  byte
		cut    int      // byte offset just after the last token that must stay
		penCut = pen    // SGR state at cut
		tail   []string // SGR sequences after cut
		rest   = line
		off    int
	)
	for len(rest) > 0 {
		seq, width, n, newState := ansi.DecodeSequence(rest, state, p)
		state = newState
		rest = rest[n:]
		off += n
		switch {
		case width == 0 && isSGR(seq, p):
			uv.ReadStyle(p.Params(), &pen)
			tail = append(tail, seq)
		case seq == " " && invisibleSpace(pen):
			// A candidate for trimming; decided by what follows.
		default:
			cut, penCut, tail = off, pen, tail[:0]
		}
	}
	if cut == len(line) {
		return line, pen
	}
	trimmed := line[:cut]
	switch {
	case penCut.Equal(&pen):
	case pen.IsZero():
		trimmed += ansi.ResetStyle
	default:
		trimmed += strings.Join(tail, "")
	}
	return trimmed, pen
}

// isSGR reports whether seq, just decoded by p, is a Select Graphic
// Rendition sequence (CSI … m).
func isSGR(seq string, p *ansi.Parser) bool {
	return ansi.HasCsiPrefix(seq) && ansi.Cmd(p.Command()) == 'm'
}

// invisibleSpace reports whether a space drawn with pen looks the same as no
// character at all.
func invisibleSpace(pen uv.Style) bool {
	const visible = uv.AttrReverse | uv.AttrStrikethrough
	return pen.Bg == nil && pen.Underline == uv.UnderlineNone && pen.Attrs&visible == 0
}

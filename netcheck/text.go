package netcheck

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"ksn/safe"
)

// maxLine is the longest detail or error text kept, in bytes.
const maxLine = 300

// oneLine folds s into one line of at most maxLine bytes: white space,
// line breaks included, becomes one space; other control characters (C0,
// DEL, C1) and bidi controls are shown escaped (safe.Text), so no terminal
// escape sequence sent by a server survives; a cut is marked with an
// ellipsis.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if c := string(r); !safe.Clean(c) {
			b.WriteString(safe.Text(c))
			continue
		}
		b.WriteRune(r)
	}
	return clip(b.String(), maxLine)
}

// clip cuts s to at most n bytes on a rune boundary, marking a cut with an
// ellipsis.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Package safe makes text that comes from outside ksn (files, the KSN
// service, SSH clients, the environment, arguments) safe to show in a
// terminal (docs/choices.md "One state, one voice"): C0 and C1 control characters, DEL and the Unicode
// bidi controls are shown escaped, so such text can never move the cursor,
// change colours or the window title, or reorder what a reader sees.
package safe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text returns s with every C0 and C1 control character, DEL and bidi
// control escaped: "\x1b", "\x7f", "\u009b", "\u202e". Invalid UTF-8 bytes
// are shown as "\xff". Everything else, tabs and newlines included, is
// escaped too only if it is a control: s comes out as one line.
func Text(s string) string {
	if Clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case isC1(r) || IsBidi(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Clean reports whether s holds nothing Text would escape.
func Clean(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r < 0x20 || r == 0x7f || isC1(r) || IsBidi(r) {
			return false
		}
		i += size
	}
	return true
}

// isC1 reports whether r is a C1 control character (U+0080–U+009F).
func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// IsBidi reports whether r is a Unicode bidi control: U+202A–U+202E,
// U+2066–U+2069 (and U+200E, U+200F, U+061C, the marks).
func IsBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// Line folds s into one line that is safe to show: white space, line
// breaks included, becomes one space (none at either end), but for the
// no-break space, which keeps a number with its unit; controls and
// bidi controls are escaped as Text escapes them; and the result is cut to
// at most max bytes (Clip), none when max is 0 or less. What a server, a
// file or an error quotes goes through it before it is shown in a line.
func Line(s string, max int) string {
	out := Text(strings.Join(strings.FieldsFunc(s, breaks), " "))
	if max > 0 {
		out = Clip(out, max)
	}
	return out
}

// breaks reports whether r is white space that a line may break at: any
// but U+00A0, the no-break space.
func breaks(r rune) bool { return r != '\u00a0' && unicode.IsSpace(r) }

// Clip cuts s to at most n bytes on a rune boundary, marking a cut with an
// ellipsis ("…", which the n bytes do not count).
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(n, 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"ksn/safe"
)

// problems joins notices into the App's notice: one safe line each, in
// order, the empty ones left out, so that the banner gives each problem a
// line of its own (docs/screens.md).
func problems(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n = safe.Line(n, 0); n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "\n")
}

// wrapWhole wraps plain text s at width between words only, as wrap does,
// so a word (a path, a URL) is never broken, not even at "/" or "-". A
// word wider than the whole width is clipped at its start, marked "…",
// keeping its end, which names the file (docs/screens.md).
func wrapWhole(s string, width int) []string {
	width = max(width, 2)
	var words []string
	for _, w := range strings.Split(s, " ") { // not Fields: a no-break space joins
		if n := ansi.StringWidth(w); n > width {
			w = "…" + ansi.TruncateLeft(w, n-width+1, "")
		}
		if w != "" {
			words = append(words, w)
		}
	}
	return strings.Split(wrap(strings.Join(words, " "), width), "\n")
}

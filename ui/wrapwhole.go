package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"ksn/safe"
)

// problems joins notices into the App's notice: one safe line each, in
// order, the empty ones left out, so that the banner gives each problem a
// line of its own (README "The screens").
func problems(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n = safe.Line(n, 0); n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "\n")
}

// wrapWhole wraps plain text s at width between words only: a word (a
// path, a URL) is never broken, not even at "/" or "-". A word that does
// not fit where it stands starts a line of its own; one wider than the
// whole width is clipped at its start, marked "…", keeping its end, which
// names the file (README "The screens").
func wrapWhole(s string, width int) []string {
	width = max(width, 2)
	var lines []string
	line := ""
	for _, word := range strings.Split(s, " ") {
		if word == "" {
			continue
		}
		if w := ansi.StringWidth(word); w > width {
			word = "…" + ansi.TruncateLeft(word, w-width+1, "")
		}
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

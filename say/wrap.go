package say

import (
	"regexp"
	"strings"

	"charm.land/lipgloss/v2"
)

// Wrap wraps text to width columns at spaces only, for the screens and the
// command line alike (docs/languages.md): a hyphen, where lipgloss.Wrap
// would also break, is kept whole, so "--accept-statement" stays one word;
// a no-break space joins as it should; and a ksn command line in the text
// ("ksn license install FILE") stays on one line where it fits, so that
// it reads as one thing to type. A width below 1 gives "".
func Wrap(text string, width int) string {
	if width < 1 {
		return ""
	}
	const nonBreaking, glue = "\u2011", "\ue000" // each one column wide, as what it stands for
	text = commandLine.ReplaceAllStringFunc(text, func(cmd string) string {
		if lipgloss.Width(cmd) > width {
			return cmd // too wide to keep on one line: break it at its spaces
		}
		return strings.ReplaceAll(cmd, " ", glue)
	})
	text = strings.ReplaceAll(text, "-", nonBreaking)
	text = lipgloss.Wrap(text, width, "")
	return strings.NewReplacer(nonBreaking, "-", glue, " ").Replace(text)
}

// commandLine matches a ksn command line in prose: "ksn", then its
// commands, flags (with a value after "=") and placeholders in capitals.
// A compiled pattern is safe for concurrent use.
var commandLine = regexp.MustCompile(`\bksn(?: (?:status|check|enable|disable|statement|serve|consent|license|install|setup|report|sent|help|completion|--?[a-z][a-z-]*(?:=[^\s,;]+)?|[A-Z][A-Z0-9_]*\b))+`)

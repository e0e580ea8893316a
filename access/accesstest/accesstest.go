// Package accesstest helps tests read the accessible mode's transcript as
// a screen reader would: line by line, in order.
package accesstest

import (
	"strings"
	"testing"
)

// InOrder fails t unless each of want starts a line of text, in order.
func InOrder(t testing.TB, text string, want ...string) {
	t.Helper()
	lines := strings.Split(text, "\n")
	i := 0
	for _, w := range want {
		for i < len(lines) && !strings.HasPrefix(lines[i], w) {
			i++
		}
		if i == len(lines) {
			t.Fatalf("no line %q (in order) in the transcript:\n%s", w, text)
		}
		i++
	}
}

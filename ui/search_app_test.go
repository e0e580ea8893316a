package ui

import (
	"strings"
	"testing"

	"ksn/ui/help"
)

// TestSearchThroughTheApp types a search in the Statement window of a
// running App: the keys the App keeps for itself elsewhere (q, ?, esc) are
// text or the prompt's own while it is open, and the seed's categories are
// found.
func TestSearchThroughTheApp(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	e.keys("space")
	e.until("the statement", func() bool {
		return e.at(help.Statement) && strings.Contains(e.screen(), "Version")
	})
	for _, phrase := range []string{"threats detected", "applications being run", "signed applications", "operating system", "start and completion time"} {
		e.keys("/")
		for _, r := range phrase {
			e.keys(keyName(r))
		}
		e.keys("enter")
		text := strings.Join(strings.Fields(e.screen()), " ")
		if strings.Contains(text, "No match for") || !strings.Contains(strings.ToLower(text), phrase) {
			t.Fatalf("searching %q:\n%s", phrase, e.screen())
		}
	}
	e.keys("/", "q", "?", "esc")
	if e.app.quitting || !e.at(help.Statement) {
		t.Fatalf("keys typed in the prompt left the window (%s)", e.app.top().Title())
	}
	if e.app.fullHelp {
		t.Fatal("? in the prompt opened the full help")
	}
	e.keys("/", "x", "y", "z", "z", "y", "enter")
	if !strings.Contains(e.screen(), "No match for “xyzzy”") {
		t.Fatalf("no \"No match\" line:\n%s", e.screen())
	}
	e.keys("esc")
	if !e.at(help.KSN) {
		t.Fatalf("esc after the search did not cancel the window: %s", e.app.top().Title())
	}
}

// keyName is the key name of a typed rune.
func keyName(r rune) string {
	if r == ' ' {
		return "space"
	}
	return string(r)
}

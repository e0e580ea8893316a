package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"ksn/model"
	"ksn/ui/help"
)

// TestLockedKeyAndClickSayTheSame presses space, then clicks the locked
// control, in both layouts of the KSN window: each shows the same notice,
// and the screens are the same (docs/screens.md "Locked looks locked").
func TestLockedKeyAndClickSayTheSame(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		window  model.Window
		control string
	}{
		{model.WindowInfo, en.T("ui.ksn.toggle")},
		{model.WindowStatement, "[ " + en.T("ui.button.accept") + " ]"},
	} {
		t.Run(string(tt.window), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "ksn", "policy.json")
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			policy := `{"participation": false, "window": "` + string(tt.window) + `"}`
			if err := os.WriteFile(path, []byte(policy), 0o644); err != nil {
				t.Fatal(err)
			}
			e := newEnv(t, validLicense, func(o *Options) { o.PolicyDirs = []string{dir} })
			e.walkToKSN()
			quiet := e.screen()
			if strings.Contains(e.app.footer(), "space") {
				t.Fatalf("the help bar offers space on a locked control: %s", e.app.footer())
			}
			e.keys("space")
			byKey := e.screen()
			unspaced := func(s string) string { return strings.Join(strings.Fields(s), "") } // a long path wraps anywhere
			if !strings.Contains(unspaced(byKey), unspaced(en.LockedRefusal(path))) {
				t.Fatalf("space on a locked control says nothing:\n%s", byKey)
			}
			if strings.Contains(e.app.footer(), "space") {
				t.Fatalf("the help bar offers space after it was refused: %s", e.app.footer())
			}
			e.keys("x") // any other key: the notice goes
			if got := e.screen(); got != quiet {
				t.Fatalf("the notice outlived the next key:\n%s", got)
			}
			x, y := e.buttonAt(tt.control)
			e.send(tea.MouseClickMsg{X: x + 1, Y: y, Button: tea.MouseLeft})
			if byClick := e.screen(); byClick != byKey {
				t.Fatalf("a key and a click say different things:\nkey:\n%s\nclick:\n%s", byKey, byClick)
			}
			if !e.at(help.KSN) || len(e.consent()) != 0 {
				t.Fatal("the locked control did something")
			}
		})
	}
}

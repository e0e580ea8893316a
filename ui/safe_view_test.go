package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"ksn/safe"
)

// sgr matches the colour sequences the app's own styles draw.
var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// hostileTexts are what an attacker may put in a file or a directory name.
var hostileTexts = []string{
	"\x1b]0;PWNED\a\x1b[2J",
	"a\u009b2Jb",
	"evil\u202etxt",
	"del\x7f",
	"bad\xff",
}

// FuzzViewIsSafe puts hostile text in the license key, in a policy's
// unknown key and in the policy's directory name (from XDG_CONFIG_DIRS),
// then draws every screen: apart from the app's own colour sequences, no
// frame holds a control character, DEL, C1 or bidi control (docs/choices.md "One state, one voice").
func FuzzViewIsSafe(f *testing.F) {
	for _, s := range hostileTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name := strings.NewReplacer("/", "_", "\x00", "_").Replace(s)
		if name == "" || name == "." || name == ".." || len(name) > 200 {
			name = "x" + name
		}
		policyDir := filepath.Join(t.TempDir(), name)
		if err := os.MkdirAll(filepath.Join(policyDir, "ksn"), 0o755); err != nil {
			t.Skip(err) // a name the file system does not take
		}
		policy, _ := json.Marshal(map[string]any{s: true})
		if err := os.WriteFile(filepath.Join(policyDir, "ksn", "policy.json"), policy, 0o644); err != nil {
			t.Fatal(err)
		}
		lic, _ := json.Marshal(map[string]any{"key": "ABCDE-" + s + "-PQRST", "activated": true, "expires_at": "2027-11-29T00:00:00Z"})
		e := newEnv(t, string(lic), func(o *Options) { o.PolicyDirs = []string{policyDir} })
		e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		e.idle()
		for _, k := range []string{"", "enter", "enter", "enter", "f1"} {
			if k != "" {
				e.keys(k)
				e.settle()
			}
			frame := sgr.ReplaceAllString(e.app.frame(), "")
			for i := 0; i < len(frame); {
				r, size := utf8.DecodeRuneInString(frame[i:])
				if r != '\n' && !safe.Clean(frame[i:i+size]) {
					t.Fatalf("%s shows a raw %q:\n%q", e.app.top().Title(), frame[i:i+size], frame)
				}
				i += size
			}
		}
	})
}

package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"ksn/model"
	"ksn/statement"
	"ksn/ui/help"
)

// lockedDir holds a policy that keeps participation off and the info layout.
const lockedDir = "testdata/policy-off"

func TestLockedToggleRefusesAndSaysWhy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, func(o *Options) {
		o.PolicyDirs = []string{lockedDir}
		o.Overrides.Window = model.WindowStatement // the policy's "window" wins
	})
	e.walkToKSN()
	text := e.screen()
	if !strings.Contains(text, "Set by your administrator ("+filepath.Join(lockedDir, "ksn", "policy.json")+")") {
		t.Fatalf("no lock note:\n%s", text)
	}
	if !strings.Contains(text, en.T("ui.ksn.toggle")) {
		t.Fatalf("the policy's window did not win over --window:\n%s", text)
	}
	// "Read the statement" is never locked: it has the focus.
	if w := e.app.top().(*ksnWindow); w.focus != focusRead {
		t.Fatalf("the focus is on %d, want Read the statement: a locked toggle takes none", w.focus)
	}
	for _, b := range append(e.app.top().ShortHelp(), e.app.top().FullHelp()[1]...) {
		if b.Enabled() && b.Help().Desc == en.T("ui.key.toggle") {
			t.Fatalf("the help offers %s %s on a locked toggle", b.Help().Key, b.Help().Desc)
		}
	}
	e.keys("space")
	e.settle()
	if !e.at(help.KSN) {
		t.Fatalf("the Statement window opened: %s", e.app.top().Title())
	}
	x, y := e.buttonAt(en.T("ui.ksn.toggle"))
	e.send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
	e.settle()
	if !e.at(help.KSN) {
		t.Fatalf("a click opened the Statement window: %s", e.app.top().Title())
	}
	if !strings.Contains(e.screen(), "participation cannot be changed here") {
		t.Fatalf("no reason given after the click:\n%s", e.screen())
	}
	if _, err := os.Stat(e.store.Paths().SettingsFile()); !os.IsNotExist(err) {
		t.Fatal("settings.json written despite the policy")
	}
	if len(e.consent()) != 0 || e.service.Requests() != 0 {
		t.Fatal("a decision was recorded or a request sent")
	}
}

func TestGoldenLockedToggle(t *testing.T) {
	t.Parallel()
	for _, sz := range [][2]int{{40, 12}, {80, 24}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			e := newEnv(t, validLicense, func(o *Options) { o.PolicyDirs = []string{lockedDir} })
			e.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			e.keys("enter", "enter", "enter")
			e.until("the KSN window", func() bool { return e.at(help.KSN) })
			e.idle()
			golden.RequireEqual(t, ansi.Strip(e.app.frame()))
		})
	}
}

func TestPolicyChangeReachesARunningApp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := newEnv(t, validLicense, func(o *Options) { o.PolicyDirs = []string{dir} })
	e.walkToKSN()
	path := filepath.Join(dir, "ksn", "policy.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	on := `{"participation": true, "statement": {"decision": "accepted", "version": "` + statement.Version + `", "sha256": "` + statement.SHA256() + `"}}`
	if err := os.WriteFile(path, []byte(on), 0o644); err != nil {
		t.Fatal(err)
	}
	e.until("the policy turning participation on", func() bool { return e.app.sh.participating() && e.app.sh.consentLocked() })
	e.idle()
	if !strings.Contains(e.screen(), "( ● On )") || !strings.Contains(e.screen(), "✓ Connected") {
		t.Fatalf("screen:\n%s", e.screen())
	}
	if err := os.WriteFile(path, []byte(`{"participation": tru`), 0o644); err != nil {
		t.Fatal(err)
	}
	e.until("the broken policy ignored", func() bool { return !e.app.sh.consentLocked() && !e.app.sh.participating() })
	if !strings.Contains(strings.Join(strings.Fields(e.screen()), " "), "is ignored") {
		t.Fatalf("broken policy not reported:\n%s", e.screen())
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	e.until("the policy removed", func() bool { return e.app.sh.notice == "" })
}

func TestPolicyArrivingWhileTheStatementIsOpenWins(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e := newEnv(t, validLicense, func(o *Options) { o.PolicyDirs = []string{dir} })
	e.walkToKSN()
	e.keys("space")
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	path := filepath.Join(dir, "ksn", "policy.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(`{"participation": false}`), 0o644); err != nil {
		t.Fatal(err)
	}
	e.until("the policy", func() bool { return e.app.sh.consentLocked() })
	e.keys("tab", "enter") // "I agree"
	e.settle()
	if _, err := os.Stat(e.store.Paths().SettingsFile()); !os.IsNotExist(err) {
		t.Fatal("settings.json written despite the policy")
	}
	if len(e.consent()) != 0 {
		t.Fatal("a decision was recorded despite the policy")
	}
	if !strings.Contains(strings.Join(strings.Fields(e.screen()), " "), "participation cannot be changed here") {
		t.Fatalf("no reason given:\n%s", e.screen())
	}
}

func TestStaleConsentIsExplained(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, func(o *Options) {
		if err := os.MkdirAll(o.Store.Paths().ConfigDir, 0o700); err != nil {
			t.Fatal(err)
		}
		stale := `{"schema": 1, "ksn": {"participation": true, "statement": {"decision": "accepted", "version": "2025.1", "sha256": "` + strings.Repeat("0", 64) + `", "decided_at": "2025-01-01T00:00:00Z"}}}`
		if err := os.WriteFile(o.Store.Paths().SettingsFile(), []byte(stale), 0o600); err != nil {
			t.Fatal(err)
		}
	})
	e.walkToKSN()
	text := strings.Join(strings.Fields(e.screen()), " ")
	if !strings.Contains(text, "has changed since you accepted it") || !strings.Contains(text, "( ○ Off )") {
		t.Fatalf("stale consent not explained:\n%s", e.screen())
	}
	if e.service.Requests() != 0 {
		t.Fatalf("%d requests with a stale consent", e.service.Requests())
	}
}

func TestTwoEscInOneReadGoBackTwice(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "")
	e.walkToKSN()
	e.send(tea.KeyPressMsg{Code: tea.KeyEscape, Mod: tea.ModAlt}) // "\x1b\x1b"
	if got := e.app.top().Title(); got != "Settings" {
		t.Fatalf("after esc esc: %q, want Settings", got)
	}
}

func TestSettingsBrokenWhileRunningAreReported(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	if err := os.WriteFile(e.store.Paths().SettingsFile(), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.until("the banner", func() bool { return strings.Contains(e.app.sh.notice, "corrupt-") })
	e.settle() // the rename is seen too, and the next reload finds no file
	if !strings.Contains(e.app.sh.notice, "corrupt-") {
		t.Fatalf("the banner went away: %q", e.app.sh.notice)
	}
}

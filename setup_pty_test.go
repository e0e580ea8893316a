package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ksn/statement"
)

// setupTerm starts `ksn setup` (the test binary, called as ksn) in a w×h
// pseudo-terminal over the XDG directories under home.
func setupTerm(t *testing.T, home string, w, h int) *ptyTerm {
	t.Helper()
	return ksnInTerm(t, home, w, h, []string{"setup"})
}

// TestSetupInATerminal runs `ksn setup` in a real pseudo-terminal and
// walks the question: Participate, then "I agree" in the Statement window.
// consent.jsonl then holds one acceptance of the current statement with
// "via": "setup", settings.json has participation on, and setup said so
// in one line after the screen closed. At 40×12 too, where the text
// scrolls above the choices.
func TestSetupInATerminal(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{80, 24}, {40, 12}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			home := t.TempDir()
			term := setupTerm(t, home, size[0], size[1])
			term.see("Kaspersky Free setup")
			term.see("[ Do not participate ]")
			term.keys("\t", "\r") // Participate
			term.see("[ I agree ]")
			term.keys("\t", "\r") // I agree
			term.wait()

			if out := term.raw(); !strings.Contains(out, "Participation turned on. Consent recorded at ") ||
				!strings.Contains(out, "Recorded in "+filepath.Join(home, "state", "ksn", "consent.jsonl")) {
				t.Errorf("setup did not say what it recorded: %q", out)
			}
			data, err := os.ReadFile(filepath.Join(home, "state", "ksn", "consent.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			if len(lines) != 1 || !strings.Contains(lines[0], `"decision":"accepted"`) ||
				!strings.Contains(lines[0], `"via":"setup"`) || !strings.Contains(lines[0], `"sha256":"`+statement.SHA256()+`"`) {
				t.Fatalf("consent.jsonl:\n%s", data)
			}
			settings, err := os.ReadFile(filepath.Join(home, "config", "ksn", "settings.json"))
			if err != nil || !strings.Contains(string(settings), `"participation": true`) {
				t.Fatalf("settings.json (%v):\n%s", err, settings)
			}
		})
	}
}

// TestSetupLeftWithoutADecision quits the question with esc: nothing is
// written (not even a directory), setup says so, and exits 0.
func TestSetupLeftWithoutADecision(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	term := setupTerm(t, home, 80, 24)
	term.see("[ Do not participate ]")
	term.keys("\r") // Read the statement
	term.see("[ Close ]")
	term.keys("\x1b") // closes it
	term.see("[ Participate ]")
	term.keys("\x1b") // leaves setup
	term.wait()
	const nothing = "Nothing was recorded; run ksn setup again, or decide in the settings window (ksn)."
	if out := term.raw(); !strings.Contains(out, nothing) {
		t.Errorf("no %q in the output: %q", nothing, out)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("setup without a decision wrote: %v", entries)
	}
}

// waitExit waits for the program to end and returns its exit code.
func (tm *ptyTerm) waitExit() int {
	tm.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- tm.cmd.Wait() }()
	var err error
	select {
	case err = <-errc:
	case <-time.After(20 * time.Second):
		tm.t.Fatalf("ksn did not end; screen:\n%s", tm.screen())
	}
	select {
	case <-tm.done:
	case <-time.After(5 * time.Second):
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		tm.t.Fatal(err)
	}
	return 0
}

// TestSetupInATerminalRespectsLocks opens the question under a policy that
// decides participation: the lock is shown, the choices that decide do
// nothing, and quitting ends with exit 1 and the lock's words. Over a
// settings.json that is not valid, setup refuses before it asks (exit 1).
func TestSetupInATerminalRespectsLocks(t *testing.T) {
	t.Parallel()
	t.Run("policy", func(t *testing.T) {
		home := t.TempDir()
		write(t, filepath.Join(home, "etc-xdg", "ksn", "policy.json"), `{"participation": false}`)
		term := setupTerm(t, home, 80, 24)
		term.see("Set by your administrator")
		term.keys("\t", "\r", " ") // the focus stays on "Read the statement"
		term.see("[ Close ]")
		term.keys("\x1b")
		term.see("[ Participate ]")
		term.keys("q")
		if code := term.waitExit(); code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		if out := term.raw(); !strings.Contains(out, "participation cannot be changed here") {
			t.Errorf("no refusal in the output: %q", out)
		}
		if _, err := os.Stat(filepath.Join(home, "state")); !os.IsNotExist(err) {
			t.Error("something was recorded under a policy")
		}
	})
	t.Run("broken settings", func(t *testing.T) {
		home := t.TempDir()
		settings := filepath.Join(home, "config", "ksn", "settings.json")
		write(t, settings, `{"schema": 1, "ksn": {"participation": tr`)
		term := setupTerm(t, home, 80, 24)
		if code := term.waitExit(); code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		if out := term.raw(); !strings.Contains(out, "settings.json is not valid") || strings.Contains(out, "Kaspersky Free setup") {
			t.Errorf("setup did not refuse before asking: %q", out)
		}
		if data, _ := os.ReadFile(settings); string(data) != `{"schema": 1, "ksn": {"participation": tr` {
			t.Errorf("settings.json changed: %q", data)
		}
	})
}

// TestSetupDeclineSaysTheReportWasDeleted: a participant whose processes
// were spooled declines in `ksn setup`'s question; the spool is deleted at
// once, and setup's closing lines say so (docs/sent.md), as ksn disable does.
func TestSetupDeclineSaysTheReportWasDeleted(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	term := setupTerm(t, home, 80, 24)
	term.see("[ Do not participate ]")
	term.keys("\t", "\r") // Participate
	term.see("[ I agree ]")
	term.keys("\t", "\r") // I agree
	term.wait()
	ksnInTerm(t, home, 80, 24, []string{"license"}).wait() // spooled: it ran while participating
	spool := filepath.Join(home, "state", "ksn", "spool.jsonl")
	if _, err := os.Stat(spool); err != nil {
		t.Fatalf("nothing spooled while participating: %v", err)
	}
	term = setupTerm(t, home, 80, 24)
	term.see("[ Do not participate ]")
	term.keys("\t", "\t", "\r") // Do not participate
	term.wait()
	out := term.raw()
	if !strings.Contains(out, "Recorded in ") || !strings.Contains(out, "The pending participation report was deleted.") {
		t.Errorf("setup's closing lines do not say the report was deleted: %q", out)
	}
	if _, err := os.Stat(spool); !os.IsNotExist(err) {
		t.Errorf("the spool is still there after the decline: %v", err)
	}
}

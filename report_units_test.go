package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReportUnits checks the daily participation report's systemd user
// units (packaging/ksn-report.service and .timer, docs/sent.md): the timer
// runs the service daily and catches up a missed day, the service runs
// `ksn report --send` once, writing only the state directory; and
// systemd-analyze verify, as a system and as a user unit, finds nothing.
func TestReportUnits(t *testing.T) {
	t.Parallel()
	service, err := os.ReadFile(filepath.Join("packaging", "ksn-report.service"))
	if err != nil {
		t.Fatal(err)
	}
	timer, err := os.ReadFile(filepath.Join("packaging", "ksn-report.timer"))
	if err != nil {
		t.Fatal(err)
	}
	s, tm := pkgUnitKeys(string(service)), pkgUnitKeys(string(timer))
	for key, want := range map[string]string{
		"Type": "oneshot", "ExecStart": "/usr/bin/ksn report --send",
		"ReadWritePaths": "-%S/ksn", "ProtectSystem": "strict", "ProtectHome": "read-only",
		"Environment": "XDG_CONFIG_HOME=%h/.config XDG_STATE_HOME=%S XDG_DATA_HOME=%h/.local/share XDG_CACHE_HOME=%C",
	} {
		if s[key] != want {
			t.Errorf("ksn-report.service: %s=%q, want %q", key, s[key], want)
		}
	}
	for key, want := range map[string]string{"OnCalendar": "daily", "Persistent": "true", "FixedRandomDelay": "true", "WantedBy": "timers.target"} {
		if tm[key] != want {
			t.Errorf("ksn-report.timer: %s=%q, want %q", key, tm[key], want)
		}
	}
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Skip("systemd-analyze is not installed: the units are checked only by reading them")
	}
	dir := t.TempDir()
	bin := buildBinary(t, ".", "ksn")
	text := regexp.MustCompile(`(?m)^ExecStart=/usr/bin/ksn `).ReplaceAllString(string(service), "ExecStart="+bin+" ")
	if err := os.WriteFile(filepath.Join(dir, "ksn-report.service"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ksn-report.timer"), timer, 0o644); err != nil {
		t.Fatal(err)
	}
	run := filepath.Join(dir, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, mode := range [][]string{{"verify", "--man=no"}, {"--user", "verify", "--man=no"}} {
		args := append(mode, filepath.Join(dir, "ksn-report.service"), filepath.Join(dir, "ksn-report.timer"))
		cmd := exec.Command("systemd-analyze", args...)
		cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+run, "SYSTEMD_PAGER=", "SYSTEMD_COLORS=0")
		out, err := cmd.CombinedOutput()
		if err != nil || strings.Contains(string(out), "ksn-report") {
			t.Errorf("systemd-analyze %s: %v\n%s", strings.Join(mode, " "), err, out)
		}
	}
}

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/creack/pty"
)

// buildBinary builds the package at dir into a temporary directory.
func buildBinary(tb testing.TB, dir, name string) string {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), name)
	cmd := exec.Command("go", "build", "-o", out, dir)
	cmd.Env = os.Environ()
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build %s: %v\n%s", dir, err, b)
	}
	return out
}

// firstFrame starts bin on an 80×24 pseudo-terminal and returns the time
// until marker appears in its output.
func firstFrame(tb testing.TB, bin string, env []string, marker []byte) time.Duration {
	tb.Helper()
	cmd := exec.Command(bin)
	cmd.Env = env
	start := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		tb.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		f.Close()
	}()
	var seen []byte
	buf := make([]byte, 64<<10)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		_ = f.SetReadDeadline(deadline)
		n, err := f.Read(buf)
		seen = append(seen, buf[:n]...)
		if bytes.Contains(seen, marker) {
			return time.Since(start)
		}
		if err != nil {
			break
		}
	}
	tb.Fatalf("%s: no %q in its output: %q", filepath.Base(bin), marker, seen)
	return 0
}

// median of ds.
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkStartup reports the median time from process start to the first
// frame of the main window for ksn and, in the same run, for a plain Bubble
// Tea v2 program with Glamour linked (testdata/yardstick), and their ratio.
func BenchmarkStartup(b *testing.B) {
	ksn := buildBinary(b, ".", "ksn")
	yard := buildBinary(b, "./testdata/yardstick", "yardstick")
	dir := b.TempDir()
	env := append(os.Environ(), "TERM=xterm-256color",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"))
	runs := max(b.N, 15)
	var ours, theirs []time.Duration
	b.ResetTimer()
	for range runs {
		ours = append(ours, firstFrame(b, ksn, env, []byte("[ Settings ]")))
		theirs = append(theirs, firstFrame(b, yard, env, []byte("[ Settings ]")))
	}
	b.StopTimer()
	mo, mt := median(ours), median(theirs)
	b.ReportMetric(float64(mo.Microseconds())/1000, "ms-ksn")
	b.ReportMetric(float64(mt.Microseconds())/1000, "ms-yardstick")
	b.ReportMetric(float64(mo)/float64(mt), "ratio")
}

// runOnce runs bin with args to completion and returns how long it took.
func runOnce(tb testing.TB, env []string, bin string, args ...string) time.Duration {
	tb.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("%s %v: %v\n%s", bin, args, err, out)
	}
	return time.Since(start)
}

// BenchmarkStatementCommand reports the median time of the whole process
// `ksn statement --width 80` (its render cache warm, as from the second run
// on) beside Glamour rendering the same Markdown in a plain program, as
// glow does, and their ratio.
func BenchmarkStatementCommand(b *testing.B) {
	ksn := buildBinary(b, ".", "ksn")
	yard := buildBinary(b, "./testdata/yardstick", "yardstick")
	dir := b.TempDir()
	md := filepath.Join(dir, "statement.md")
	raw, err := exec.Command(ksn, "statement", "--raw").Output()
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(md, raw, 0o600); err != nil {
		b.Fatal(err)
	}
	env := append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	runOnce(b, env, ksn, "statement", "--width", "80") // fills the cache
	runs := max(b.N, 21)
	var ours, theirs []time.Duration
	b.ResetTimer()
	for range runs {
		ours = append(ours, runOnce(b, env, ksn, "statement", "--width", "80"))
		theirs = append(theirs, runOnce(b, env, yard, "render", md, "80"))
	}
	b.StopTimer()
	mo, mt := median(ours), median(theirs)
	b.ReportMetric(float64(mo.Microseconds())/1000, "ms-ksn")
	b.ReportMetric(float64(mt.Microseconds())/1000, "ms-glamour")
	b.ReportMetric(float64(mo)/float64(mt), "ratio")
}

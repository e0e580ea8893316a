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

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/creack/pty"

	"ksn/netcheck/ksntest"
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

// A start is one run of a program up to its first frame, every time
// since the exec.
type start struct {
	frame   time.Duration // the first frame's marker read from the pty
	runtime time.Duration // the runtime's start, which inittrace's times count from
	init    time.Duration // the end of package init, since the runtime's start
}

// own is the program's own start-up: from the end of its package init to
// its first frame. The exec, the loader and the runtime's bootstrap come
// before the runtime's clock starts: they grow with the binary's size, and
// are not the program's work.
func (s start) own() time.Duration { return s.frame - s.runtime - s.init }

// initLine is one line of GODEBUG=inittrace=1: when a package's init
// started, since the runtime's, and how long it took.
var initLine = regexp.MustCompile(`(?m)^init \S+ @([0-9.]+) ms, ([0-9.]+) ms clock`)

// initEnd is when the last package init of a GODEBUG=inittrace=1 trace
// ended.
func initEnd(trace []byte) time.Duration {
	var end time.Duration
	for _, m := range initLine.FindAllSubmatch(trace, -1) {
		end = max(end, lineEnd(m))
	}
	return end
}

// firstFrame starts bin with args on an 80×24 pseudo-terminal, with
// GODEBUG=inittrace=1 and its stderr apart, and times it until marker
// appears in its output.
func firstFrame(tb testing.TB, env []string, marker []byte, bin string, args ...string) start {
	tb.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(slices.Clone(env), "GODEBUG=inittrace=1")
	trace, first := readTrace(tb, cmd)
	begin := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	cmd.Stderr.(*os.File).Close() // the child has its own copy
	if err != nil {
		tb.Fatal(err)
	}
	var seen []byte
	buf := make([]byte, 64<<10)
	deadline := time.Now().Add(20 * time.Second)
	var took time.Duration
	for time.Now().Before(deadline) {
		_ = f.SetReadDeadline(deadline)
		n, err := f.Read(buf)
		seen = append(seen, buf[:n]...)
		if bytes.Contains(seen, marker) {
			took = time.Since(begin)
			break
		}
		if err != nil {
			break
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait() // the trace is whole once the process is gone
	f.Close()
	arrived := <-first
	if took == 0 {
		tb.Fatalf("%s: no %q in its output: %q\nstderr: %s", filepath.Base(bin), marker, seen, trace.Bytes())
	}
	s := start{frame: took, init: initEnd(trace.Bytes())}
	at := initLine.FindSubmatch(trace.Bytes())
	if s.init == 0 || at == nil || arrived.IsZero() {
		tb.Fatalf("%s: no init trace on stderr: %q", filepath.Base(bin), trace.Bytes())
	}
	// The first trace line is written when the first package's init ends:
	// its own @ + clock after the runtime's start.
	s.runtime = arrived.Sub(begin) - lineEnd(at)
	return s
}

// readTrace gives cmd a pipe for its stderr (GODEBUG's trace), whose
// write end the caller closes once cmd has started, and reads it to its
// end into the buffer returned, sending on first when its first byte
// arrived (the zero time if none did).
func readTrace(tb testing.TB, cmd *exec.Cmd) (*bytes.Buffer, <-chan time.Time) {
	tb.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = w
	var trace bytes.Buffer
	first := make(chan time.Time, 1)
	go func() {
		var when time.Time
		buf := make([]byte, 64<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 && when.IsZero() {
				when = time.Now()
			}
			trace.Write(buf[:n])
			if err != nil {
				r.Close()
				first <- when
				return
			}
		}
	}()
	return &trace, first
}

// lineEnd is when the init of one line of the trace ended, since the
// runtime's start.
func lineEnd(m [][]byte) time.Duration {
	at, _ := strconv.ParseFloat(string(m[1]), 64)
	took, _ := strconv.ParseFloat(string(m[2]), 64)
	return time.Duration((at + took) * float64(time.Millisecond))
}

// median of ds.
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// ms is d in milliseconds, for a metric.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// statementFile writes the English statement, as ksn has it, into dir for
// the yardstick to read.
func statementFile(tb testing.TB, ksn, dir string) string {
	tb.Helper()
	raw, err := exec.Command(ksn, "statement", "--raw", "--lang", "en").Output()
	if err != nil {
		tb.Fatal(err)
	}
	md := filepath.Join(dir, "statement.md")
	if err := os.WriteFile(md, raw, 0o600); err != nil {
		tb.Fatal(err)
	}
	return md
}

// naiveMarker ends the yardstick's first frame (bench/naive.Marker).
var naiveMarker = []byte("q quit")

// BenchmarkStartup times, in rounds, the start of ksn's main window and of
// the naive Bubble Tea v2 + Glamour program (bench/naive, which renders the
// statement and shows it), each on a pseudo-terminal, and reports the
// medians and their ratios:
//
//   - own-ratio: from the end of package init to the first frame
//     (GODEBUG=inittrace=1), the start-up that is the program's own work;
//   - whole-ratio: from exec to the first frame.
//
// The naive program at 120 fps, Bubble Tea's fastest, shows how much of
// that is the renderer's first tick (naive120-own-ratio).
func BenchmarkStartup(b *testing.B) {
	ksn := buildBinary(b, ".", "ksn")
	naive := buildBinary(b, "./bench/naive", "naive")
	dir := b.TempDir()
	md := statementFile(b, ksn, dir)
	_, url := ksntest.NewTestServer(b, ksntest.Valid) // the check runs, on loopback
	env := append(os.Environ(), "TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=",
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_STATE_HOME="+filepath.Join(dir, "state"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"KSN_ENDPOINT="+url)
	var ours, theirs, fast []start
	runs := max(b.N, 15)
	b.ResetTimer()
	for range runs {
		ours = append(ours, firstFrame(b, env, []byte("[ Settings ]"), ksn))
		theirs = append(theirs, firstFrame(b, env, naiveMarker, naive, md))
		fast = append(fast, firstFrame(b, env, naiveMarker, naive, "-fps", "120", md))
	}
	b.StopTimer()
	med := func(ss []start, f func(start) time.Duration) time.Duration {
		var ds []time.Duration
		for _, s := range ss {
			ds = append(ds, f(s))
		}
		return median(ds)
	}
	own := func(s start) time.Duration { return s.own() }
	whole := func(s start) time.Duration { return s.frame }
	b.ReportMetric(ms(med(ours, own)), "ms-ksn-own")
	b.ReportMetric(ms(med(theirs, own)), "ms-naive-own")
	b.ReportMetric(float64(med(ours, own))/float64(med(theirs, own)), "own-ratio")
	b.ReportMetric(float64(med(fast, own))/float64(med(theirs, own)), "naive120-own-ratio")
	b.ReportMetric(ms(med(ours, whole)), "ms-ksn")
	b.ReportMetric(ms(med(theirs, whole)), "ms-naive")
	b.ReportMetric(float64(med(ours, whole))/float64(med(theirs, whole)), "whole-ratio")
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
// on) beside Glamour rendering the same Markdown in the naive program, as
// glow does, and their ratio.
func BenchmarkStatementCommand(b *testing.B) {
	ksn := buildBinary(b, ".", "ksn")
	naive := buildBinary(b, "./bench/naive", "naive")
	dir := b.TempDir()
	md := statementFile(b, ksn, dir)
	env := append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=",
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	runOnce(b, env, ksn, "statement", "--width", "80") // fills the cache
	runs := max(b.N, 21)
	var ours, theirs []time.Duration
	b.ResetTimer()
	for range runs {
		ours = append(ours, runOnce(b, env, ksn, "statement", "--width", "80"))
		theirs = append(theirs, runOnce(b, env, naive, "render", md, "80"))
	}
	b.StopTimer()
	mo, mt := median(ours), median(theirs)
	b.ReportMetric(ms(mo), "ms-ksn")
	b.ReportMetric(ms(mt), "ms-glamour")
	b.ReportMetric(float64(mo)/float64(mt), "ratio")
}

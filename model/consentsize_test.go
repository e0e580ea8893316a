package model

import (
	"bufio"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// writeHistory writes a chained consent.jsonl of n entries at path, as
// ksn would have appended them, and returns its size and its last entry.
func writeHistory(t testing.TB, path string, n int) (int64, ConsentEntry) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	prev := ""
	var e ConsentEntry
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		e = ConsentEntry{At: at.Add(time.Duration(i) * time.Second), Decision: ConsentAccepted, Version: "2026.1", SHA256: shaV1, Lang: "en", Via: "cli", Prev: prev}
		if i%2 == 1 {
			e.Decision = ConsentWithdrawn
		}
		line, err := e.encodeLine()
		if err != nil {
			t.Fatal(err)
		}
		w.Write(line)
		w.WriteByte('\n')
		prev = lineHash(line)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return fi.Size(), e
}

// peakHeap runs fn, sampling the live heap whenever fn calls sample, and
// returns the most it grew over what it was before.
func peakHeap(fn func(sample func())) uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapAlloc, ms.HeapAlloc
	fn(func() {
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
	})
	return peak - base
}

// TestLongHistoryInBoundedMemory reads a consent.jsonl of 100,000 lines
// (about 30 MB) to check its chain, and finds its latest decision for the
// invariant of every settings read, with memory far below the file's
// size: the chain is read as a stream and the latest decision from the
// end of the file (issue 19, finding 10). The chain is checked by
// verifyConsent itself: EachConsent refuses a file this large
// (maxConsentFile, TestHugeHistoryRefused). Not parallel: it measures the
// heap of the process.
func TestLongHistoryInBoundedMemory(t *testing.T) {
	p := testPaths(t)
	if err := os.MkdirAll(p.StateDir, 0o700); err != nil {
		t.Fatal(err)
	}
	size, last := writeHistory(t, p.ConsentFile(), 100_000)
	f, err := os.Open(p.ConsentFile())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	s := NewStore(p)
	count, bad := 0, -1
	grew := peakHeap(func(sample func()) {
		bad, err = verifyConsent(f, func(ConsentEntry) bool {
			if count++; count%10_000 == 0 {
				sample()
			}
			return true
		})
	})
	if err != nil || bad != 0 || count != 100_000 {
		t.Fatalf("verifyConsent: %d entries, first bad line %d, %v", count, bad, err)
	}
	if limit := uint64(size / 4); grew > limit {
		t.Errorf("checking the chain of a %d-byte history grew the heap by %d bytes, want at most %d", size, grew, limit)
	}
	var got ConsentEntry
	var ok bool
	grew = peakHeap(func(sample func()) {
		for range 100 {
			got, ok = s.LatestConsent()
		}
		sample()
	})
	if !ok || !got.At.Equal(last.At) || got.Decision != last.Decision {
		t.Fatalf("LatestConsent = %+v, %v; want %+v", got, ok, last)
	}
	if grew > 1<<20 {
		t.Errorf("100 reads of the latest decision grew the heap by %d bytes", grew)
	}
}

// TestHugeHistoryRefused: a consent.jsonl larger than maxConsentFile (here
// a history of three lines and 2 GiB of zeros after it, as `truncate -s
// +2G` leaves, sparse) is not read: the chain check and the history are an
// error naming the file and the limit, so the chain is not taken as
// intact, where reading it took seconds.
func TestHugeHistoryRefused(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	if err := os.MkdirAll(p.StateDir, 0o700); err != nil {
		t.Fatal(err)
	}
	size, _ := writeHistory(t, p.ConsentFile(), 3)
	if err := os.Truncate(p.ConsentFile(), size+2<<30); err != nil {
		t.Fatal(err)
	}
	s := NewStore(p)
	tooLarge := func(err error) bool {
		var pr *Problem
		return errors.As(err, &pr) && pr.Code == CodeConsentRead && errors.As(pr.Err, &pr) &&
			pr.Code == CodeFileTooLarge && pr.Path == p.ConsentFile() && pr.Limit == maxConsentFile
	}
	called := false
	if _, err := s.EachConsent(func(ConsentEntry) bool { called = true; return true }); !tooLarge(err) || called {
		t.Errorf("EachConsent: %v (entries read: %v); want consent.jsonl too large", err, called)
	}
	if _, _, err := s.VerifyConsent(); !tooLarge(err) {
		t.Errorf("VerifyConsent: %v; want consent.jsonl too large", err)
	}
	if _, err := s.ConsentHistory(); !tooLarge(err) {
		t.Errorf("ConsentHistory: %v; want consent.jsonl too large", err)
	}
	// At the limit it is read as before.
	if err := os.Truncate(p.ConsentFile(), maxConsentFile); err != nil {
		t.Fatal(err)
	}
	if bad, err := s.EachConsent(func(ConsentEntry) bool { return true }); err != nil || bad != 0 {
		t.Errorf("EachConsent at the limit: first bad line %d, %v; want an intact chain", bad, err)
	}
}

// TestLongLastLine: a last line longer than any entry (here 1 MiB, no
// newline) is read no further than a bounded window from the end: it is no
// decision, the chain check calls it a bad line without holding it, and an
// append refuses, naming the file, rather than chain to it.
func TestLongLastLine(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	if err := os.MkdirAll(p.StateDir, 0o700); err != nil {
		t.Fatal(err)
	}
	writeHistory(t, p.ConsentFile(), 3)
	f, err := os.OpenFile(p.ConsentFile(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("{" + strings.Repeat("x", 1<<20) + "\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	s := NewStore(p)
	if _, ok := s.LatestConsent(); ok {
		t.Error("a long last line is a decision")
	}
	if bad, err := s.EachConsent(func(ConsentEntry) bool { return true }); bad != 4 || err != nil {
		t.Errorf("EachConsent: first bad line %d, %v; want 4", bad, err)
	}
	_, err = s.appendConsent(ConsentEntry{At: testTime, Decision: ConsentWithdrawn, Via: "cli"})
	var pr *Problem
	if !errors.As(err, &pr) || pr.Code != CodeConsentRecord || !errors.As(pr.Err, &pr) || pr.Code != CodeConsentLongLine || pr.Path != p.ConsentFile() {
		t.Fatalf("append after a long line: %v", err)
	}
}

// BenchmarkConsentAppendLongHistory measures one decision saved over a
// history of 100,000 lines: the append reads only the last line, so it
// costs what it costs over a short one (BenchmarkStoreSave); the time is
// the fsyncs of consent.jsonl and settings.json.
func BenchmarkConsentAppendLongHistory(b *testing.B) {
	s := benchStore(b)
	if err := os.MkdirAll(s.paths.StateDir, 0o700); err != nil {
		b.Fatal(err)
	}
	writeHistory(b, s.paths.ConsentFile(), 100_000)
	at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Update(func(st *Settings) (*ConsentEntry, error) {
			var e ConsentEntry
			*st, e = st.Withdraw(Statement{Version: "2026.1", SHA256: shaV1}, at, "cli")
			return &e, nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}

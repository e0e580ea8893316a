package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// TestSentAppendsAndReads: entries go to sent.jsonl one whole line each,
// mode 0600, and come back oldest first, the body's bytes as they were;
// --since keeps the later ones; a line that is not an entry is counted,
// not returned; a torn last line is not an entry and the next append cuts
// it off.
func TestSentAppendsAndReads(t *testing.T) {
	t.Parallel()
	s := NewStore(testPaths(t))
	ok := 202
	body := []byte(`{"schema":1,"os":{"name":"Debian <GNU>/Linux"}}`)
	for i := range 3 {
		e := SentEntry{At: testTime.Add(time.Duration(i) * time.Hour), Method: "POST", URL: "https://x/v1/reports",
			Headers: map[string]string{"Host": "x"}, Body: body, Status: &ok}
		if err := s.AppendSent(e); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(s.Paths().SentFile())
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("sent.jsonl: %v, %v", fi, err)
	}
	f, err := os.OpenFile(s.Paths().SentFile(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A stray line, one too long to read, and a torn one: the first two are
	// counted as skipped, so that a reader is told lines were left out.
	_, _ = f.WriteString("not json\n" + strings.Repeat("x", maxSentLine+1) + "\n{\"at\":\"2026-11-29T1")
	_ = f.Close()
	log, err := s.ReadSent(time.Time{})
	if err != nil || len(log.Entries) != 3 || log.Skipped != 2 {
		t.Fatalf("read %d entries, %d skipped, %v; want 3, 2", len(log.Entries), log.Skipped, err)
	}
	if !bytes.Equal(log.Entries[0].Body, body) || *log.Entries[2].Status != 202 {
		t.Errorf("first entry %+v", log.Entries[0])
	}
	if later, _ := s.ReadSent(testTime.Add(90 * time.Minute)); len(later.Entries) != 1 {
		t.Errorf("since: %d entries, want 1", len(later.Entries))
	}
	if err := s.AppendSent(SentEntry{At: testTime, Method: "GET", URL: "https://x/v1/status"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(s.Paths().SentFile())
	if strings.Contains(string(data), `{"at":"2026-11-29T1{`) || !strings.HasSuffix(string(data), "\"body\":null,\"status\":null}\n") {
		t.Errorf("the torn line was not cut off, or a check's body and status are not null:\n%s", data)
	}
}

// TestSentIsCapped: past MaxSent the oldest lines go, whole lines are
// kept, and the newest is always there.
func TestSentIsCapped(t *testing.T) {
	t.Parallel()
	s := NewStore(testPaths(t))
	big := json.RawMessage(`"` + strings.Repeat("x", 100<<10) + `"`)
	for i := range 15 {
		if err := s.AppendSent(SentEntry{At: testTime.Add(time.Duration(i) * time.Minute), Method: "POST", URL: "u", Body: big}); err != nil {
			t.Fatal(err)
		}
	}
	fi, _ := os.Stat(s.Paths().SentFile())
	if fi.Size() > MaxSent {
		t.Errorf("sent.jsonl is %d bytes, over %d", fi.Size(), MaxSent)
	}
	log, err := s.ReadSent(time.Time{})
	if err != nil || log.Skipped != 0 || len(log.Entries) < 8 || !log.Entries[len(log.Entries)-1].At.Equal(testTime.Add(14*time.Minute)) {
		t.Fatalf("after the cap: %d entries, %d skipped, %v", len(log.Entries), log.Skipped, err)
	}
}

// TestSentConcurrentAppends: appends from many goroutines (as from many
// processes, each its own Store) lose no line and tear none.
func TestSentConcurrentAppends(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if err := NewStore(p).AppendSent(SentEntry{At: testTime.Add(time.Duration(i) * time.Second), Method: "GET", URL: "u"}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	log, err := NewStore(p).ReadSent(time.Time{})
	if err != nil || len(log.Entries) != 20 || log.Skipped != 0 {
		t.Fatalf("%d entries, %d skipped, %v; want 20", len(log.Entries), log.Skipped, err)
	}
}

// TestSentRefusesALink: sent.jsonl that is a symbolic link is neither
// written through nor read (docs/files.md).
func TestSentRefusesALink(t *testing.T) {
	t.Parallel()
	p := testPaths(t)
	target := p.StateDir + "-target"
	writeFile(t, target, "")
	if err := os.MkdirAll(p.StateDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p.SentFile()); err != nil {
		t.Fatal(err)
	}
	s := NewStore(p)
	var le *LinkError
	if err := s.AppendSent(SentEntry{At: testTime, Method: "GET", URL: "u"}); !errors.As(err, &le) {
		t.Errorf("append through a link: %v", err)
	}
	if _, err := s.ReadSent(time.Time{}); !errors.As(err, &le) {
		t.Errorf("read through a link: %v", err)
	}
	if data, _ := os.ReadFile(target); len(data) != 0 {
		t.Errorf("the link's target was written: %q", data)
	}
}

// TestSpoolReportedAndDropped: the spool keeps what ended after a report's
// period once it is sent, report.json says when, and a withdrawal deletes
// the spool (reporting it had one).
func TestSpoolReportedAndDropped(t *testing.T) {
	t.Parallel()
	s := NewStore(testPaths(t))
	if had, err := s.DropSpool(); had || err != nil {
		t.Fatalf("drop with no spool: %v, %v", had, err)
	}
	for i := range 3 {
		at := testTime.Add(time.Duration(i) * time.Hour)
		if err := s.AppendSpool(ProcessTimes{Command: "check", StartedAt: at, EndedAt: at.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Reported(testTime.Add(3*time.Hour), testTime.Add(time.Hour+time.Minute)); err != nil {
		t.Fatal(err)
	}
	spool, err := s.Spool()
	if err != nil || len(spool) != 1 || !spool[0].StartedAt.Equal(testTime.Add(2*time.Hour)) {
		t.Fatalf("spool after a report: %+v, %v", spool, err)
	}
	if r, err := s.LastReport(); err != nil || !r.SentAt.Equal(testTime.Add(3*time.Hour)) || !r.To.Equal(testTime.Add(time.Hour+time.Minute)) {
		t.Errorf("report.json: %+v, %v", r, err)
	}
	// A report.json ksn cannot use is an error naming it, never "none sent".
	for _, bad := range []string{"not json", `{"to":"2026-11-29T10:00:00Z"}`} {
		if err := os.WriteFile(s.Paths().ReportFile(), []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LastReport(); err == nil || !strings.Contains(err.Error(), "report.json") {
			t.Errorf("report.json %q: %v, want an error naming it", bad, err)
		}
	}
	if had, err := s.DropSpool(); !had || err != nil {
		t.Fatalf("drop: %v, %v", had, err)
	}
	if spool, _ := s.Spool(); len(spool) != 0 {
		t.Errorf("spool after the drop: %+v", spool)
	}
}

// TestSpoolIsCapped: the spool stays within MaxSpool, the newest kept.
func TestSpoolIsCapped(t *testing.T) {
	t.Parallel()
	s := NewStore(testPaths(t))
	// Filled by hand to just under the cap, then appended to.
	at := testTime.Add(-time.Hour)
	line, _ := json.Marshal(ProcessTimes{Command: "status", StartedAt: at, EndedAt: at})
	full := bytes.Repeat(append(line, '\n'), (MaxSpool-len(line))/(len(line)+1))
	writeFile(t, s.Paths().SpoolFile(), string(full))
	n := 20
	for i := range n {
		at := testTime.Add(time.Duration(i) * time.Second)
		if err := s.AppendSpool(ProcessTimes{Command: "status", StartedAt: at, EndedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	fi, _ := os.Stat(s.Paths().SpoolFile())
	spool, err := s.Spool()
	if err != nil || fi.Size() > MaxSpool || len(spool) == 0 || len(spool) >= len(full)/len(line)+n ||
		!spool[len(spool)-1].StartedAt.Equal(testTime.Add(time.Duration(n-1)*time.Second)) {
		t.Fatalf("spool of %d bytes, %d entries of %d, %v", fi.Size(), len(spool), n, err)
	}
}

// TestSentAndSpoolSkipInvalidUTF8: a line of sent.jsonl or of the spool
// that is not valid UTF-8 (here an 8-bit CSI and a 0xff in a body, which
// encoding/json would copy into a json.RawMessage as they are) is skipped
// like any other line that is not an entry, and counted in sent.jsonl;
// the spool rewritten after a report does not keep it.
func TestSentAndSpoolSkipInvalidUTF8(t *testing.T) {
	t.Parallel()
	s := NewStore(testPaths(t))
	if err := s.AppendSent(SentEntry{At: testTime, Method: "GET", URL: "u"}); err != nil {
		t.Fatal(err)
	}
	planted := "{\"at\":\"2026-12-07T10:00:01Z\",\"method\":\"POST\",\"url\":\"http://x/\",\"headers\":{},\"body\":{\"k\":\"\x9b2J\xff\"},\"status\":200}\n"
	appendTo(t, s.Paths().SentFile(), planted)
	if err := s.AppendSent(SentEntry{At: testTime.Add(time.Minute), Method: "GET", URL: "u"}); err != nil {
		t.Fatal(err)
	}
	log, err := s.ReadSent(time.Time{})
	if err != nil || len(log.Entries) != 2 || log.Skipped != 1 {
		t.Fatalf("read %d entries, %d skipped, %v; want 2, 1", len(log.Entries), log.Skipped, err)
	}
	for _, e := range log.Entries {
		if e.Method != "GET" {
			t.Errorf("the planted line was read: %+v", e)
		}
	}

	end := testTime.Add(time.Hour)
	if err := s.AppendSpool(ProcessTimes{Command: "check", StartedAt: testTime, EndedAt: end}); err != nil {
		t.Fatal(err)
	}
	appendTo(t, s.Paths().SpoolFile(), "{\"command\":\"\x9b2J\xff\",\"started_at\":\"2026-12-07T10:00:01Z\",\"ended_at\":\"2026-12-07T10:00:02Z\"}\n")
	spool, err := s.Spool()
	if err != nil || len(spool) != 1 || spool[0].Command != "check" {
		t.Fatalf("spool: %+v, %v; want the one entry ksn wrote", spool, err)
	}
	if err := s.Reported(end, testTime); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(s.Paths().SpoolFile())
	if err != nil || !utf8.Valid(data) || bytes.Count(data, []byte("\n")) != 1 {
		t.Errorf("spool after a report: %q, %v", data, err)
	}
}

// appendTo appends text to the file at path, as a hand or another program
// would: no lock, no checks.
func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestAppendAfterAHugeTornLine: a torn last line is looked for no further
// back than the longest line a reader takes (maxSentLine), however large
// the file: a last line without its newline that is longer is ended with
// one, so that readers skip it, and the append goes after it. Here a 2 GiB
// sparse tail (as `truncate -s +2G` leaves) costs an append a bounded read
// and the file is then cut back to its cap, newest line kept; a shorter
// long tail stays, counted as skipped, after the entries before it.
func TestAppendAfterAHugeTornLine(t *testing.T) {
	t.Parallel()
	t.Run("sparse", func(t *testing.T) {
		t.Parallel()
		s := NewStore(testPaths(t))
		if err := s.AppendSent(SentEntry{At: testTime, Method: "GET", URL: "u"}); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendSpool(ProcessTimes{Command: "check", StartedAt: testTime, EndedAt: testTime}); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{s.Paths().SentFile(), s.Paths().SpoolFile()} {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, fi.Size()+2<<30); err != nil {
				t.Fatal(err)
			}
		}
		at := testTime.Add(time.Hour)
		if err := s.AppendSent(SentEntry{At: at, Method: "POST", URL: "u"}); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendSpool(ProcessTimes{Command: "status", StartedAt: at, EndedAt: at}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			path  string
			limit int64
		}{{s.Paths().SentFile(), MaxSent}, {s.Paths().SpoolFile(), MaxSpool}} {
			if fi, err := os.Stat(c.path); err != nil || fi.Size() > c.limit {
				t.Errorf("%s after the append: %v, %v; want at most %d bytes", c.path, fi.Size(), err, c.limit)
			}
		}
		log, err := s.ReadSent(time.Time{})
		if err != nil || len(log.Entries) == 0 || log.Entries[len(log.Entries)-1].Method != "POST" {
			t.Errorf("sent.jsonl after the append: %+v, %v", log, err)
		}
		spool, err := s.Spool()
		if err != nil || len(spool) == 0 || spool[len(spool)-1].Command != "status" {
			t.Errorf("spool after the append: %+v, %v", spool, err)
		}
	})
	t.Run("long", func(t *testing.T) {
		t.Parallel()
		s := NewStore(testPaths(t))
		if err := s.AppendSent(SentEntry{At: testTime, Method: "GET", URL: "u"}); err != nil {
			t.Fatal(err)
		}
		appendTo(t, s.Paths().SentFile(), strings.Repeat("x", maxSentLine+1))
		if err := s.AppendSent(SentEntry{At: testTime.Add(time.Minute), Method: "POST", URL: "u"}); err != nil {
			t.Fatal(err)
		}
		log, err := s.ReadSent(time.Time{})
		if err != nil || len(log.Entries) != 2 || log.Skipped != 1 || log.Entries[1].Method != "POST" {
			t.Errorf("read %+v, %v; want the two entries and one line skipped", log, err)
		}
	})
}

// TestWholeLinesEndIsBounded: the end of the whole lines is found within
// maxLine+1 bytes of the end, and never looked for beyond: a longer last
// line is reported long, the file left as it is.
func TestWholeLinesEndIsBounded(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const maxLine = 10
	for _, c := range []struct {
		content string
		end     int64
		long    bool
	}{
		{"", 0, false},
		{"a\n", 2, false},
		{"a\nbcd", 2, false},
		{"torn", 0, false},
		{"a\n" + strings.Repeat("x", maxLine), 2, false},
		{"a\n" + strings.Repeat("x", maxLine+1), 13, true},
		{strings.Repeat("x", maxLine+1), 0, false}, // read whole: no newline
		{strings.Repeat("x", maxLine+2), 12, true},
	} {
		path := dir + "/f"
		writeFile(t, path, c.content)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		end, long, err := wholeLinesEnd(f, int64(len(c.content)), maxLine)
		_ = f.Close()
		if err != nil || end != c.end || long != c.long {
			t.Errorf("%q: %d, %v, %v; want %d, %v", c.content, end, long, err, c.end, c.long)
		}
	}
}

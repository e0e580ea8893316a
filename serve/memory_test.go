package serve

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// openRaw opens a session with a PTY of w×h whose output is thrown away
// (no terminal emulator in the test's own heap), and waits until the
// server has drawn something.
func (e *sshEnv) openRaw(t *testing.T, w, h int) (*gossh.Session, io.WriteCloser) {
	t.Helper()
	_, s := e.session("alice")
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	out, _ := s.StdoutPipe()
	drawn := make(chan struct{})
	go func() {
		buf := make([]byte, 32<<10)
		first := true
		for {
			n, err := out.Read(buf)
			if n > 0 && first {
				first = false
				close(drawn)
			}
			if err != nil {
				return
			}
		}
	}()
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-drawn:
	case <-time.After(30 * time.Second):
		t.Fatal("the session drew nothing")
	}
	return s, in
}

// Attack 4 (docs/serve.md "Security"): a 1000×500 session cost about 118 MB. The
// window is clamped to 300×100, and a session at that size costs at most
// 16 MiB, however large the window it claims and changes to.
func TestServeBigWindowIsBounded(t *testing.T) {
	// Not parallel: it measures the heap of the whole process.
	e := startServe(t, nil)
	before := heapInUse()
	s, _ := e.openRaw(t, 1000, 500)
	_ = s.WindowChange(500, 1000)
	_ = s.WindowChange(100000, 100000)
	waitUntil(t, "the session is admitted", func() bool { return e.count() == 1 })
	time.Sleep(time.Second) // let it draw at the sizes it was sent
	after := heapInUse()
	const most = 16 << 20
	if after > before && after-before > most {
		t.Errorf("one session with a 1000×500 window took %d MiB of heap, more than 16 MiB", (after-before)>>20)
	}
	t.Logf("one session with a 1000×500 window: %d KiB of heap", (int64(after)-int64(before))>>10)
}

// Attack 2 (docs/serve.md "Security"): one authorised connection opened 400
// session channels that never started a shell and sent each 2 MiB, about
// 1 GB in all. Now a connection has at most 10 session channels open, the
// others are rejected and logged, and what the open ones were sent stays
// within their SSH windows.
func TestServeSessionChannelsPerConnection(t *testing.T) {
	// Not parallel: it measures the heap of the whole process.
	e := startServe(t, nil)
	c, err := e.dial("alice", gossh.PublicKeys(e.key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	before := heapInUse()
	const tries, chunk = 100, 2 << 20 // 100 is enough to show it: 200 MiB before
	data := make([]byte, chunk)
	opened := 0
	for range tries {
		ch, reqs, err := c.OpenChannel("session", nil)
		if err != nil {
			var oc *gossh.OpenChannelError
			if !errors.As(err, &oc) || oc.Reason != gossh.ResourceShortage {
				t.Fatalf("channel refused for another reason: %v", err)
			}
			continue
		}
		go gossh.DiscardRequests(reqs)
		opened++
		if _, err := ch.Write(data); err != nil {
			t.Fatalf("writing to channel %d: %v", opened, err)
		}
	}
	if opened != maxChannels {
		t.Errorf("%d session channels opened on one connection, want %d", opened, maxChannels)
	}
	grown := int64(heapInUse()) - int64(before)
	if grown > 64<<20 {
		t.Errorf("%d channels of 2 MiB each took %d MiB of heap", tries, grown>>20)
	}
	t.Logf("heap grew %d MiB", grown>>20)
	if !strings.Contains(e.log.String(), "refused session channel: too many on one connection") {
		t.Errorf("refusals not logged:\n%s", e.log.String())
	}
}

// Attack 3 (docs/serve.md "Security"): a bracketed paste of 200 MB that never
// ended took the server to 886 MB, Bubble Tea's input reader keeping it
// whole; so did an escape string (DCS) that never ended. Now both are cut
// at 64 KiB: 64 MiB of either cost the server a few MiB at most, and the
// session still answers once they end.
func TestServeEndlessPasteIsBounded(t *testing.T) {
	// Not parallel: it measures the heap of the whole process.
	e := startServe(t, nil)
	s, in := e.openRaw(t, 80, 24)
	waitUntil(t, "the session is admitted", func() bool { return e.count() == 1 })
	for _, endless := range []struct{ name, start, end string }{
		{"bracketed paste", pasteStart, pasteEnd},
		{"DCS string", "\x1bP", stringEnd},
	} {
		before := heapInUse()
		sendEndless(t, in, endless.start, 64<<20)
		grown := int64(heapInUse()) - int64(before)
		if grown > 32<<20 {
			t.Errorf("an endless %s of 64 MiB took %d MiB of heap", endless.name, grown>>20)
		}
		t.Logf("%s: heap grew %d KiB", endless.name, grown>>10)
		if _, err := in.Write([]byte(endless.end)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := in.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	ended := make(chan error, 1)
	go func() { ended <- s.Wait() }()
	select {
	case <-ended:
	case <-time.After(45 * time.Second):
		t.Fatal("the session did not answer q after the paste")
	}
}

// sendEndless sends start and size bytes more, until the server has read
// all but what its SSH window holds.
func sendEndless(t *testing.T, in io.Writer, start string, size int) {
	t.Helper()
	sent := make(chan error, 1)
	go func() {
		chunk := bytes.Repeat([]byte("a"), 1<<20)
		_, err := in.Write([]byte(start))
		for i := 0; i < size/len(chunk) && err == nil; i++ {
			_, err = in.Write(chunk)
		}
		sent <- err
	}()
	select {
	case err := <-sent:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Minute): // generous: the server must read it all
		t.Fatal("the server did not read it all")
	}
}

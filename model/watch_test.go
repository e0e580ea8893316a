package model

import (
	"context"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// waitReport waits up to 5 s for a report on ch.
func waitReport(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case _, ok := <-ch:
		if !ok {
			t.Fatalf("%s: channel closed", what)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: no report within 5s", what)
	}
}

// drain empties ch of a waiting report.
func drain(ch <-chan struct{}) {
	select {
	case <-ch:
	default:
	}
}

// waitClosed waits for the channel to be closed after the context ended.
func waitClosed(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("channel not closed after the context ended")
		}
	}
}

func TestWatch(t *testing.T) {
	// Not parallel: goleak.VerifyNone counts every goroutine of the
	// process, and parallel tests run only after the serial ones.
	for _, poll := range []bool{false, true} {
		name := "fsnotify"
		if poll {
			name = "polling"
		}
		t.Run(name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			p := testPaths(t)
			if err := os.MkdirAll(p.ConfigDir, 0o700); err != nil {
				t.Fatal(err)
			}
			watcher := NewStore(p)
			watcher.forcePoll = poll
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			ch, err := watcher.Watch(ctx)
			if err != nil {
				t.Fatal(err)
			}

			other := NewStore(p)
			if _, err := other.Update(toggle("cli")); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			waitReport(t, ch, "first save")
			if d := time.Since(start); d > time.Second {
				t.Errorf("change seen after %v, want within a second", d)
			}
			time.Sleep(100 * time.Millisecond) // let the events of that save settle
			drain(ch)

			if _, err := other.Update(toggle("cli")); err != nil {
				t.Fatal(err)
			}
			waitReport(t, ch, "second save")
			time.Sleep(100 * time.Millisecond)
			drain(ch)

			if _, err := other.InstallLicense([]byte(specLicense)); err != nil {
				t.Fatal(err)
			}
			waitReport(t, ch, "license")

			cancel()
			waitClosed(t, ch)
		})
	}
}

func TestWatchIgnoresLockAndTemps(t *testing.T) {
	// Not parallel: goleak.VerifyNone counts every goroutine of the
	// process, and parallel tests run only after the serial ones.
	defer goleak.VerifyNone(t)
	p := testPaths(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := NewStore(p).Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, p.LockFile(), "")
	writeFile(t, p.ConfigDir+"/.settings.json42", "{}")
	select {
	case <-ch:
		t.Fatal("reported a change of the lock or a temporary file")
	case <-time.After(300 * time.Millisecond):
	}
	cancel()
	waitClosed(t, ch)
}

// TestWatchMissingDirectory: Watch creates nothing (the TUI watches before
// any decision, docs/files.md); the save that creates the directory is seen
// within a second, and so are the changes after it.
func TestWatchMissingDirectory(t *testing.T) {
	// Not parallel: goleak.VerifyNone counts every goroutine of the
	// process, and parallel tests run only after the serial ones.
	defer goleak.VerifyNone(t)
	p := testPaths(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := NewStore(p).Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * pollInterval)
	if _, err := os.Lstat(p.ConfigDir); !os.IsNotExist(err) {
		t.Fatalf("Watch created %s (%v)", p.ConfigDir, err)
	}
	for i, what := range []string{"the save that creates the directory", "the next save"} {
		if _, err := NewStore(p).Update(toggle("cli")); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		waitReport(t, ch, what)
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s seen after %v, want within a second", what, d)
		}
		if i == 0 {
			time.Sleep(2 * pollInterval) // now on fsnotify
			drain(ch)
		}
	}
	cancel()
	waitClosed(t, ch)
}

func TestWatchFallsBackWhenDirectoryGoes(t *testing.T) {
	// Not parallel: goleak.VerifyNone counts every goroutine of the
	// process, and parallel tests run only after the serial ones.
	defer goleak.VerifyNone(t)
	p := testPaths(t)
	if err := os.MkdirAll(p.ConfigDir, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := NewStore(p).Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(p.ConfigDir); err != nil {
		t.Fatal(err)
	}
	waitReport(t, ch, "directory removed")
	// Now polling: a new file in a re-created directory is still seen.
	time.Sleep(100 * time.Millisecond)
	drain(ch)
	if _, err := NewStore(p).Update(toggle("cli")); err != nil {
		t.Fatal(err)
	}
	waitReport(t, ch, "save after re-creation")
	cancel()
	waitClosed(t, ch)
}

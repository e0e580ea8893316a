package ui

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"ksn/model"
	"ksn/statement"
)

// walker drives a real Bubble Tea program through teatest, reads its
// screen through a terminal emulator, and reads the files it writes.
type walker struct {
	t    *testing.T
	tm   *teatest.TestModel
	e    *env
	mu   sync.Mutex
	term *vt.Emulator
}

// newWalker starts the App of e in a program at 80×24, without colour.
func newWalker(t *testing.T, e *env) *walker {
	tm := teatest.NewTestModel(t, e.app,
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
	w := &walker{t: t, tm: tm, e: e, term: vt.NewEmulator(80, 24)}
	done := make(chan struct{})
	t.Cleanup(func() { close(done) })
	go func() { _, _ = io.Copy(io.Discard, w.term) }() // answers to queries; ends with the process
	go func() {
		buf := make([]byte, 32<<10)
		for {
			select {
			case <-done:
				return
			default:
			}
			n, _ := tm.Output().Read(buf)
			if n == 0 {
				time.Sleep(5 * time.Millisecond)
				continue
			}
			w.mu.Lock()
			// A terminal's line discipline turns "\n" into "\r\n" (ONLCR).
			_, _ = w.term.Write(bytes.ReplaceAll(buf[:n], []byte("\n"), []byte("\r\n")))
			w.mu.Unlock()
		}
	}()
	return w
}

// screen is the emulated terminal's text.
func (w *walker) screen() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.term.String()
}

// press sends key presses.
func (w *walker) press(names ...string) {
	for _, n := range names {
		w.tm.Send(keyPress(n))
	}
}

// see waits until the output contains text.
func (w *walker) see(text string) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(w.screen(), text) {
		if time.Now().After(deadline) {
			w.t.Fatalf("timed out waiting for %q on the screen:\n%s", text, w.screen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// files waits until the settings and the history satisfy cond.
func (w *walker) files(what string, cond func(s model.Settings, h []model.ConsentEntry) bool) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s, _, err := w.e.store.Load()
		h, herr := w.e.store.ConsentHistory()
		if err == nil && herr == nil && cond(s, h) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	w.t.Fatalf("timed out waiting for %s in the files", what)
}

// on reports settings with participation on for the current statement.
func on(s model.Settings) bool { return s.Participating(statement.SHA256()) }

// TestWalkInfoLayout walks main window → Settings → Security settings →
// KSN → toggle → Statement → I agree → On → Off, and the cancel path, in a
// real program.
func TestWalkInfoLayout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, func(o *Options) { o.Context = context.Background() })
	w := newWalker(t, e)
	w.see("Settings")
	w.press("enter")
	w.see("Security settings")
	w.press("enter")
	w.see("Kaspersky Security Network")
	w.press("enter")
	w.see("Participation in Kaspersky Security Network")
	w.see("You do not participate")

	// The cancel path: esc in the Statement window changes nothing.
	w.press("space")
	w.see("I agree")
	w.press("esc")
	w.see("Connection status")
	time.Sleep(100 * time.Millisecond)
	if _, err := os.Stat(e.store.Paths().SettingsFile()); !os.IsNotExist(err) {
		t.Fatalf("settings written by Cancel: %v", err)
	}

	w.press("space")
	w.see("I agree")
	w.press("tab", "enter")
	w.files("participation on and one accepted line", func(s model.Settings, h []model.ConsentEntry) bool {
		return on(s) && len(h) == 1 && h[0].Decision == model.ConsentAccepted
	})
	w.see("Connected")

	w.press("space")
	w.files("participation off and a withdrawn line", func(s model.Settings, h []model.ConsentEntry) bool {
		return !on(s) && len(h) == 2 && h[1].Decision == model.ConsentWithdrawn
	})
	w.see("Off")
	w.press("esc", "esc", "esc")
	w.see("Kaspersky Free")
	w.press("q")
	w.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if e.service.Requests() == 0 {
		t.Fatal("no check reached the service while participating")
	}
}

// TestWalkStatementLayout walks to the KSN window in the statement layout,
// accepts and declines.
func TestWalkStatementLayout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, func(o *Options) { o.Overrides.Window = model.WindowStatement })
	w := newWalker(t, e)
	w.press("enter", "enter", "enter")
	w.see("Not accepted")
	w.press("enter")
	w.see("[ Accept ]")
	w.press("esc")
	w.see("Not accepted")
	w.press("enter")
	w.see("[ Accept ]")
	w.press("tab", "enter")
	w.files("the statement accepted", func(s model.Settings, h []model.ConsentEntry) bool {
		return on(s) && len(h) == 1
	})
	w.see("Accepted at")
	// The check that acceptance starts reaches the service before the
	// decline below cancels whatever check is in flight.
	for deadline := time.Now().Add(10 * time.Second); e.service.Requests() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no check reached the service while participating")
		}
	}
	w.press("tab", "enter")
	w.files("the statement declined", func(s model.Settings, h []model.ConsentEntry) bool {
		return !on(s) && s.KSN.Statement.Decision == model.DecisionDeclined && len(h) == 2 && h[1].Decision == model.ConsentDeclined
	})
	w.see("Declined at")
	w.press("ctrl+c")
	w.tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	if n := e.service.Requests(); n == 0 {
		t.Fatal("no check reached the service while participating")
	}
}

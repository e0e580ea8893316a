package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/netcheck/ksntest"
	"ksn/statement"
	"ksn/ui/help"
)

// fixedNow is the clock of every UI test, so views are stable.
var fixedNow = time.Date(2026, 11, 29, 10, 42, 7, 0, time.UTC)

func TestMain(m *testing.M) {
	time.Local = time.UTC // views show local times; tests read them in UTC
	os.Exit(m.Run())
}

// env is an App under test over real files in temporary XDG directories and
// a loopback KSN service that counts requests.
type env struct {
	t       testing.TB
	app     *App
	store   *model.Store
	service *ksntest.Service
	msgs    chan tea.Msg

	mu      sync.Mutex
	dropped []string // the types of messages that found the queue full
}

// newEnv sets up the test's own directories (no process-wide XDG change,
// so tests run in parallel), an optional license, the service and an App
// (no policy, unless opts give one); opts may adjust the App's options.
func newEnv(t testing.TB, license string, opts ...func(*Options)) *env {
	t.Helper()
	dir := t.TempDir()
	store := model.NewStore(model.Paths{
		ConfigDir: filepath.Join(dir, "config", "ksn"),
		StateDir:  filepath.Join(dir, "state", "ksn"),
		DataDir:   filepath.Join(dir, "data", "ksn"),
	})
	if license != "" {
		if err := os.MkdirAll(store.Paths().ConfigDir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(store.Paths().LicenseFile(), []byte(license), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	svc, url := ksntest.NewTestServer(t, ksntest.Valid)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	o := Options{
		Store:     store,
		Checker:   netcheck.New(netcheck.Options{UserAgent: "ksn/test", Now: func() time.Time { return fixedNow }}),
		Renders:   statement.NewCache(),
		Overrides: flow.Overrides{Endpoint: url, EndpointSource: flow.SourceFlag},
		Timeout:   5 * time.Second,
		Context:   ctx,
		Now:       func() time.Time { return fixedNow },
		// The machine's own policy (/etc/xdg/ksn) is no test's.
		PolicyDirs: []string{filepath.Join(dir, "etc-xdg")},
	}
	for _, f := range opts {
		f(&o)
	}
	e := &env{t: t, store: store, service: svc, msgs: make(chan tea.Msg, 1024)}
	t.Cleanup(func() {
		if d := e.takeDropped(); len(d) > 0 {
			t.Errorf("the driver's queue of %d messages was full: dropped %s", cap(e.msgs), strings.Join(d, ", "))
		}
	})
	e.app = New(o)
	e.run(e.app.Init())
	return e
}

// validLicense is an activated license that expires a year after fixedNow.
const validLicense = `{"key": "ABCDE-FGHIJ-KLMNO-PQRST", "activated": true, "expires_at": "2027-11-29T00:00:00Z"}`

// run executes cmd in the background, as Bubble Tea would, and queues its
// message. A message that finds the queue full is recorded, and the test
// fails at its next send (or at its end): a test never loses one silently.
func (e *env) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		if msg := cmd(); msg != nil {
			select {
			case e.msgs <- msg:
			default:
				e.mu.Lock()
				e.dropped = append(e.dropped, fmt.Sprintf("%T", msg))
				e.mu.Unlock()
			}
		}
	}()
}

// takeDropped returns, and forgets, the types of the messages that found
// the queue full.
func (e *env) takeDropped() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	d := e.dropped
	e.dropped = nil
	return d
}

// send hands msg to the App and runs what it returns. It fails the test if
// a message was dropped.
func (e *env) send(msgs ...tea.Msg) {
	e.t.Helper()
	if d := e.takeDropped(); len(d) > 0 {
		e.t.Fatalf("the driver's queue of %d messages was full: dropped %s", cap(e.msgs), strings.Join(d, ", "))
	}
	for _, msg := range msgs {
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				e.run(c)
			}
			continue
		}
		_, cmd := e.app.Update(msg)
		e.run(cmd)
	}
}

// keys sends key presses: "enter", "space", "tab", "esc", or a rune like "q".
func (e *env) keys(names ...string) {
	for _, n := range names {
		e.send(keyPress(n))
	}
}

// until processes queued messages until cond holds, or fails after a
// generous timeout.
func (e *env) until(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case msg := <-e.msgs:
			e.send(msg)
		case <-deadline:
			e.t.Fatalf("timed out waiting for %s; screen:\n%s", what, e.app.frame())
		}
	}
}

// settle processes messages for a short while, for things that should not happen.
func (e *env) settle() {
	deadline := time.After(200 * time.Millisecond)
	for {
		select {
		case msg := <-e.msgs:
			e.send(msg)
		case <-deadline:
			return
		}
	}
}

// idle waits until no check or save is in flight (a setup App checks
// nothing).
func (e *env) idle() {
	e.t.Helper()
	e.until("the check and saves to finish", func() bool {
		checked := e.app.sh.result != nil || e.app.sh.opts.Start == StartSetup
		return checked && !e.app.sh.checking && !e.app.sh.saving
	})
}

// at reports whether the active screen is the one whose f1 topic is name
// (help.None: a help topic itself). Tests tell screens apart by what they
// are, not by their titles, which are in the session's language.
func (e *env) at(name help.Name) bool { return e.app.top().Topic() == name }

// keyPress builds a key press message from a key name.
func keyPress(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "f1":
		return tea.KeyPressMsg{Code: tea.KeyF1}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

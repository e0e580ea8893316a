package ratio

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/bench/repaint"
	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/netcheck/ksntest"
	"ksn/statement"
	"ksn/ui"
)

// driver runs an App as Bubble Tea would: each command in the background,
// each message back through Update.
type driver struct {
	tb   testing.TB
	app  *ui.App
	msgs chan tea.Msg
}

// newDriver opens ksn's main window at w×h over temporary directories and
// a loopback KSN service, the KSN window in its "info" layout.
func newDriver(tb testing.TB, w, h int) *driver {
	dir := tb.TempDir()
	_, url := ksntest.NewTestServer(tb, ksntest.Valid)
	ctx, cancel := context.WithCancel(context.Background())
	tb.Cleanup(cancel)
	d := &driver{tb: tb, msgs: make(chan tea.Msg, 1024)}
	d.app = ui.New(ui.Options{
		Store: model.NewStore(model.Paths{
			ConfigDir: filepath.Join(dir, "config"), StateDir: filepath.Join(dir, "state"), DataDir: filepath.Join(dir, "data"),
		}),
		Checker:    netcheck.New(netcheck.Options{UserAgent: "ksn/bench"}),
		Renders:    statement.NewCache(),
		Overrides:  flow.Overrides{Window: model.WindowInfo, Endpoint: url, EndpointSource: flow.SourceFlag},
		Timeout:    5 * time.Second,
		Context:    ctx,
		PolicyDirs: []string{filepath.Join(dir, "policy")},
	})
	d.run(d.app.Init())
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

// run executes cmd in the background and queues its messages.
func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch msg := cmd().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				d.run(c)
			}
		default:
			select {
			case d.msgs <- msg:
			default: // a full queue: the benchmark needs no more
			}
		}
	}()
}

// send hands msg to Update and runs what it returns.
func (d *driver) send(msg tea.Msg) {
	_, cmd := d.app.Update(msg)
	d.run(cmd)
}

// settle handles queued messages until cond holds and none came for 50 ms.
func (d *driver) settle(what string, cond func() bool) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case msg := <-d.msgs:
			d.send(msg)
			continue
		case <-time.After(50 * time.Millisecond):
		}
		if cond() {
			return
		}
	}
	d.tb.Fatalf("no %s: the screen is\n%s", what, ansi.Strip(d.app.View().Content))
}

// keys presses the keys, each followed by what it brings.
func (d *driver) keys(names ...string) {
	for _, k := range names {
		msg := map[string]tea.KeyPressMsg{
			"enter": {Code: tea.KeyEnter},
			"space": {Code: tea.KeySpace, Text: " "},
			"f1":    {Code: tea.KeyF1},
		}[k]
		d.send(msg)
		d.settle("answer to "+k, func() bool { return true })
	}
}

// shows is a condition: the screen contains s.
func (d *driver) shows(s string) func() bool {
	return func() bool { return strings.Contains(ansi.Strip(d.app.View().Content), s) }
}

// screens are the screens timed, with the keys from the main window and
// a text each shows once it is ready.
var screens = []struct {
	name string
	keys []string
	text string
}{
	{"Main", nil, "Settings"},
	{"KSN", []string{"enter", "enter", "enter"}, "Connection status"},
	{"Statement", []string{"enter", "enter", "enter", "space"}, "Version " + statement.Version},
	{"Help", []string{"enter", "enter", "enter", "f1"}, "Help"},
}

// open is a driver on screen i at 80×24, settled.
func open(tb testing.TB, i int) *driver {
	d := newDriver(tb, 80, 24)
	d.settle("main window", d.shows("Settings"))
	d.keys(screens[i].keys...)
	d.settle(screens[i].name, d.shows(screens[i].text))
	return d
}

// naive is the yardstick window at 80×24.
var naive = repaint.Window{Width: 80, Height: 24, CheckedAt: "10:42:07"}

// BenchmarkKeypressRatio: a tab in the Statement window, through Update
// then View, beside the naive repaint, alternately in one loop.
func BenchmarkKeypressRatio(b *testing.B) {
	d := open(b, 2)
	tab := tea.KeyPressMsg{Code: tea.KeyTab}
	w := naive
	var ours, theirs time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		d.app.Update(tab)
		_ = d.app.View()
		t1 := time.Now()
		w.Focus = n % 2
		_ = w.View()
		theirs += time.Since(t1)
		ours += t1.Sub(t0)
		n++
	}
	b.ReportMetric(float64(ours.Nanoseconds())/float64(n), "ns-ksn/op")
	b.ReportMetric(float64(theirs.Nanoseconds())/float64(n), "ns-naive/op")
	b.ReportMetric(float64(ours)/float64(theirs), "ratio")
}

// BenchmarkViewRatio: a repaint (View with nothing changed) of each
// screen, 100 at a time, beside one naive repaint, alternately.
func BenchmarkViewRatio(b *testing.B) {
	for i, sc := range screens {
		b.Run(sc.name, func(b *testing.B) {
			d := open(b, i)
			w := naive
			var ours, theirs time.Duration
			n := 0
			for b.Loop() {
				t0 := time.Now()
				for range 100 {
					_ = d.app.View()
				}
				t1 := time.Now()
				w.Focus = n % 2
				_ = w.View()
				theirs += time.Since(t1)
				ours += t1.Sub(t0)
				n++
			}
			perView := float64(ours.Nanoseconds()) / float64(100*n)
			perNaive := float64(theirs.Nanoseconds()) / float64(n)
			b.ReportMetric(perView, "ns-ksn/op")
			b.ReportMetric(perNaive, "ns-naive/op")
			b.ReportMetric(perView/perNaive, "ratio")
		})
	}
}

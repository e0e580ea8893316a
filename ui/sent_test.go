package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"ksn/flow"
	"ksn/lang"
	"ksn/model"
	"ksn/netcheck"
	"ksn/netcheck/ksntest"
	"ksn/statement"
)

// participating makes the App's user a participant before it starts, and
// records what its checks send (as every ksn checker does: docs/sent.md).
func participating(t *testing.T) func(*Options) {
	return func(o *Options) {
		_, err := flow.Decide(o.Store, flow.Request{
			Choice: flow.Accept, Statement: flow.DecidedOn(statement.In(lang.English())),
			Via: "tui", At: fixedNow.Add(-time.Hour), PolicyDirs: o.PolicyDirs,
		})
		if err != nil {
			t.Fatal(err)
		}
		o.Checker = netcheck.New(netcheck.Options{UserAgent: "ksn/test", Now: func() time.Time { return fixedNow }, Record: flow.Recorder(o.Store, nil)})
	}
}

// openDataSent goes from the main window to "Data sent" at w×h: the KSN
// window, tab to "Read the statement", tab to "Data sent", enter; and
// waits until it has read sent.jsonl.
func openDataSent(t *testing.T, w, h int, opts ...func(*Options)) *env {
	t.Helper()
	return openDataSentIn(t, lang.English(), w, h, opts...)
}

// openDataSentIn is openDataSent in l.
func openDataSentIn(t *testing.T, l lang.Lang, w, h int, opts ...func(*Options)) *env {
	t.Helper()
	e := newGoldenEnv(t, l, model.WindowInfo, StartMain, w, h, []string{"enter", "enter", "enter"}, "ksn", opts...)
	e.keys("tab", "tab", "enter")
	e.until("the Data sent window, read", func() bool {
		s, ok := e.app.top().(*sentWindow)
		return ok && s.loaded
	})
	return e
}

// TestDataSentNothing: with nothing ever sent the window says so, in the
// words of docs/sent.md, at 40×12.
func TestDataSentNothing(t *testing.T) {
	t.Parallel()
	e := openDataSent(t, 40, 12)
	frame := ansi.Strip(e.app.frame())
	if !strings.Contains(frame, "Nothing has been sent for this user.") {
		t.Fatalf("no \"Nothing has been sent\":\n%s", frame)
	}
	golden.RequireEqual(t, frame)
}

// TestDataSentShowsWhatTheServiceGot: a participant's checks are listed
// newest first, one a line, as many as reached the service; enter shows
// one whole, nothing cut at 40 columns: its key header is the one the
// service got, whole. Withdrawing, the window says since when nothing has
// been sent.
func TestDataSentShowsWhatTheServiceGot(t *testing.T) {
	t.Parallel()
	for _, sz := range []struct{ w, h int }{{40, 12}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			e := openDataSent(t, sz.w, sz.h, participating(t))
			// The KSN window's own check may answer after the window opened:
			// the list is read again when it does.
			var got []ksntest.Request
			s := e.app.top().(*sentWindow)
			e.until("the window to list what the service got", func() bool {
				got = e.service.Received()
				return !e.app.sh.checking && len(got) > 0 && len(s.data.Entries) == len(got)
			})
			frame := ansi.Strip(e.app.frame())
			if n := strings.Count(frame, "GET /v1/status  200"); n != len(got) {
				t.Errorf("%d lines of checks shown, want %d:\n%s", n, len(got), frame)
			}

			e.keys("enter")
			e.until("the request window", func() bool { _, ok := e.app.top().(*sentEntryWindow); return ok })
			whole := ""
			for e.app.sh.height > 0 {
				frame := ansi.Strip(e.app.frame())
				for _, l := range strings.Split(frame, "\n") {
					if w := ansi.StringWidth(l); w > sz.w {
						t.Fatalf("a line %d wide at %d columns: %q", w, sz.w, l)
					}
				}
				whole += frame
				w := e.app.top().(*sentEntryWindow)
				if !w.scroll.overflows() || w.scroll.atBottom() {
					break
				}
				e.keys("pgdown")
			}
			flat := strings.NewReplacer("\n", "", " ", "", "│", "").Replace(whole)
			if key := got[len(got)-1].Headers["X-Ksn-Key-Sha256"]; len(key) != 64 || !strings.Contains(flat, key) {
				t.Errorf("the request shown lacks the key header %q whole:\n%s", key, whole)
			}
			if !strings.Contains(whole, "Answer: 200") || !strings.Contains(whole, "Body: none") {
				t.Errorf("the request shown lacks its answer or body:\n%s", whole)
			}

			e.keys("esc", "esc", "tab", "space") // back, from "Data sent" round to the toggle: off at once
			e.until("participation off", func() bool { return !e.app.sh.participating() && !e.app.sh.saving })
			e.keys("tab", "tab", "enter")
			e.until("the Data sent window, read", func() bool {
				s, ok := e.app.top().(*sentWindow)
				return ok && s.loaded
			})
			if frame := ansi.Strip(e.app.frame()); !strings.Contains(strings.Join(strings.Fields(frame), " "), "Participation is off: nothing has been sent since 10:42.") {
				t.Errorf("off, the window does not say since when nothing has been sent:\n%s", frame)
			}
		})
	}
}

// TestGoldenDataSent: requests recorded earlier, a check and a report,
// listed newest first while participation is off, and the report shown
// whole, at 40×12 and 80×24 (go test ./ui -run TestGolden -update).
func TestGoldenDataSent(t *testing.T) {
	t.Parallel()
	seed := func(o *Options) {
		ok, accepted := 200, 202
		for _, e := range []model.SentEntry{
			{At: fixedNow.Add(-26 * time.Hour), Method: "GET", URL: "https://dc1.ksn.kaspersky-labs.com/v1/status",
				Headers: map[string]string{"Host": "dc1.ksn.kaspersky-labs.com", "User-Agent": "ksn/test", "Accept": "application/json",
					"X-Ksn-Key-Sha256": "69cd026bf64573e968d2acedf5da7d25112dc6cef604725f406dc1a2a2d9c0cc"}, Status: &ok},
			{At: fixedNow.Add(-25 * time.Hour), Method: "POST", URL: "https://dc1.ksn.kaspersky-labs.com/v1/reports",
				Headers: map[string]string{"Host": "dc1.ksn.kaspersky-labs.com", "User-Agent": "ksn/test", "Content-Type": "application/json",
					"X-Ksn-Key-Sha256": "69cd026bf64573e968d2acedf5da7d25112dc6cef604725f406dc1a2a2d9c0cc"},
				Body:   []byte(`{"schema":1,"period":{"from":"2026-11-27T09:00:00Z","to":"2026-11-28T09:30:00Z"},"statement":{"version":"2026.1","sha256":"fb4092a96ee228ed3fceb247b0de4671393850c6e5c133d4b0141b31da21798a","lang":"en"},"os":{"name":"Debian GNU/Linux","version_id":"12","kernel":"6.1.0-27-amd64","arch":"amd64"},"processes":[{"command":"tui","started_at":"2026-11-28T09:00:00Z","ended_at":"2026-11-28T09:30:00Z"}]}`),
				Status: &accepted},
			{At: fixedNow.Add(-24 * time.Hour), Method: "GET", URL: "https://dc1.ksn.kaspersky-labs.com/v1/status",
				Headers: map[string]string{"Host": "dc1.ksn.kaspersky-labs.com"}, Error: "dial tcp: lookup dc1.ksn.kaspersky-labs.com: no such host"},
		} {
			if err := o.Store.AppendSent(e); err != nil {
				t.Fatal(err)
			}
		}
	}
	// In every language at 40×12, the list and a request fit, nothing cut.
	for _, tag := range lang.Supported() {
		l := lang.Of(tag)
		t.Run(l.Code()+"-fits", func(t *testing.T) {
			t.Parallel()
			e := openDataSentIn(t, l, 40, 12, seed)
			for _, step := range []string{"", "enter"} {
				if step != "" {
					e.keys(step)
					e.until("the request window", func() bool { _, ok := e.app.top().(*sentEntryWindow); return ok })
				}
				frame := ansi.Strip(e.app.frame())
				lines := strings.Split(frame, "\n")
				for _, line := range lines {
					if ansi.StringWidth(line) > 40 || strings.Contains(line, "…") && !strings.Contains(line, "… ›") {
						t.Errorf("%s: a line too wide or cut at 40 columns: %q\n%s", l.Code(), line, frame)
					}
				}
				if len(lines) > 12 || !strings.Contains(lines[len(lines)-1], "esc") {
					t.Errorf("%s: %d lines, help bar %q", l.Code(), len(lines), lines[len(lines)-1])
				}
			}
		})
	}
	for _, sz := range []struct{ w, h int }{{40, 12}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			e := openDataSent(t, sz.w, sz.h, seed)
			golden.RequireEqual(t, ansi.Strip(e.app.frame()))
			e.keys("down", "enter")
			e.until("the request window", func() bool { _, ok := e.app.top().(*sentEntryWindow); return ok })
			t.Run("report", func(t *testing.T) { golden.RequireEqual(t, ansi.Strip(e.app.frame())) })
		})
	}
}

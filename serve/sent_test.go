package serve

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestServeDataSent: over ksn serve, a session that turns participation on
// sees its checks in "Data sent" (the server's checker records them,
// docs/sent.md), and another session of the same user sees the same
// records; each session that ended while participating is spooled as
// "session".
func TestServeDataSent(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	a := e.open("alice", 80, 24)
	a.turnOn()
	a.see("Connected")
	a.keys(tab, tab, enter) // from the toggle: Read the statement, Data sent
	a.see("GET /v1/status  200")
	a.keys(enter)
	a.see("X-Ksn-Key-Sha256")

	b := e.open("bob", 60, 20)
	b.see("[ Settings ]")
	b.keys(enter, enter, enter)
	b.see("( ● On )")
	b.keys(tab, tab, enter)
	b.see("GET /v1/status  200")
	if n := e.service.Requests(); n == 0 {
		t.Fatal("no request reached the service")
	}
	log, err := e.store.ReadSent(time.Time{})
	if err != nil || len(log.Entries) == 0 || int64(len(log.Entries)) > e.service.Requests() {
		t.Fatalf("sent.jsonl: %d entries, %v; the service got %d", len(log.Entries), err, e.service.Requests())
	}

	b.keys("q")
	b.waitEnd("quit")
	waitUntil(t, "bob's session spooled", func() bool {
		spool, _ := e.store.Spool()
		for _, p := range spool {
			if p.Command == "session" {
				return true
			}
		}
		return false
	})
	spool, _ := e.store.Spool()
	for _, p := range spool {
		if p.Command != "session" || p.EndedAt.Before(p.StartedAt) {
			t.Errorf("spooled %+v", p)
		}
	}
}

// TestServeSaysWhatItCannotRecord: a request sent while sent.jsonl cannot
// be written (a directory there) still goes, and the server's log says it
// was not recorded, naming the file; so does a session whose times cannot
// be spooled. (A command says the same as it ends.)
func TestServeSaysWhatItCannotRecord(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	paths := e.store.Paths()
	for _, f := range []string{paths.SentFile(), paths.SpoolFile()} {
		if err := os.MkdirAll(f, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	a := e.open("alice", 80, 24)
	a.turnOn()
	a.see("Connected")
	if e.service.Requests() == 0 {
		t.Fatal("the check did not go")
	}
	waitUntil(t, "the unrecorded request logged", func() bool {
		return strings.Contains(logLine(e.log.String(), "not recorded"), paths.SentFile())
	})
	b := e.open("bob", 80, 24) // a session that starts while participating is spooled
	b.see("[ Settings ]")
	b.keys("q")
	b.waitEnd("quit")
	waitUntil(t, "the unspooled session logged", func() bool {
		return strings.Contains(logLine(e.log.String(), "not spooled"), paths.SpoolFile())
	})
}

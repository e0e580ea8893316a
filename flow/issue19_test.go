package flow

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"ksn/lang"
	"ksn/model"
	"ksn/netcheck"
	"ksn/statement"
)

// handWritten writes settings.json with participation on and the current
// statement accepted, as a person or a script would by hand, with the
// check interval given, and returns the store over it. Nothing is written
// to consent.jsonl.
func handWritten(t *testing.T, interval string) *model.Store {
	t.Helper()
	s := testStore(t)
	p := s.Paths()
	if err := os.MkdirAll(p.ConfigDir, 0o700); err != nil {
		t.Fatal(err)
	}
	doc := `{"schema": 1, "ksn": {"participation": true, "check_interval": "` + interval + `",
	  "statement": {"decision": "accepted", "version": "` + statement.Version + `", "sha256": "` + statement.SHA256() + `",
	  "decided_at": "2026-12-01T10:00:00Z"}}}`
	if err := os.WriteFile(p.SettingsFile(), []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHandWrittenAcceptanceCountsAsNone: an acceptance in settings.json
// without its record in consent.jsonl is not participation, nothing would
// be sent, and it is told; the record made by a decision makes it count,
// and an acceptance of another statement, or a withdrawal, recorded last
// does not (issue 19, finding 9).
func TestHandWrittenAcceptanceCountsAsNone(t *testing.T) {
	t.Parallel()
	s := handWritten(t, "5m")
	f := model.ReadFiles(s, []string{}, statement.Current()...)
	in := Derive(f, Overrides{}, nil, time.Now(), statement.Current()...)
	if in.Participating || in.CheckInput(time.Second).Participating || !in.Unrecorded {
		t.Fatalf("hand-written acceptance: participating %v, unrecorded %v", in.Participating, in.Unrecorded)
	}
	var told bool
	for _, n := range Notices(f, "", in) {
		told = told || (n.Kind == Unrecorded && n.Path == s.Paths().SettingsFile() && n.Consent == s.Paths().ConsentFile())
	}
	if !told {
		t.Errorf("no Unrecorded notice naming the files: %+v", Notices(f, "", in))
	}

	// `ksn enable` is not answered "already on": it records the acceptance.
	o, err := Decide(s, Request{Choice: Accept, Statement: DecidedOn(statement.In(lang.English())), Via: "cli", At: time.Now(),
		PolicyDirs: []string{}, Strict: true, OnlyIfChanged: true})
	if err != nil || !o.Recorded {
		t.Fatalf("enable over a hand-written acceptance: recorded %v, %v", o.Recorded, err)
	}
	f = model.ReadFiles(s, []string{}, statement.Current()...)
	if in := Derive(f, Overrides{}, nil, time.Now(), statement.Current()...); !in.Participating || in.Unrecorded {
		t.Fatalf("after enable: participating %v, unrecorded %v", in.Participating, in.Unrecorded)
	}

	user := f.User
	tests := []struct {
		name       string
		last       model.ConsentEntry
		ok         bool
		on, silent bool
	}{
		{"matching record", f.Consent, true, true, true},
		{"no record", model.ConsentEntry{}, false, false, false},
		{"another statement", model.ConsentEntry{Decision: model.ConsentAccepted, SHA256: "0123", At: user.KSN.Statement.DecidedAt}, true, false, false},
		{"withdrawn last", model.ConsentEntry{Decision: model.ConsentWithdrawn, SHA256: statement.SHA256(), At: user.KSN.Statement.DecidedAt}, true, false, false},
		{"a newer acceptance being saved", model.ConsentEntry{Decision: model.ConsentAccepted, SHA256: "0123", At: user.KSN.Statement.DecidedAt.Add(time.Second)}, true, false, true},
	}
	for _, tt := range tests {
		g := model.Files{User: user, Consent: tt.last, ConsentOK: tt.ok}
		in := Derive(g, Overrides{}, nil, time.Now(), statement.Current()...)
		if in.Participating != tt.on || in.Unrecorded == tt.silent {
			t.Errorf("%s: participating %v, unrecorded %v", tt.name, in.Participating, in.Unrecorded)
		}
	}
}

// TestPolicyAcceptanceNeedsNoRecord: the administrator's policy is its own
// record.
func TestPolicyAcceptanceNeedsNoRecord(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writePolicy(t, dir, `{"participation": true, "statement": {"decision": "accepted", "version": "`+statement.Version+`", "sha256": "`+policySHA+`"}}`)
	pol, _, err := model.LoadPolicy([]string{dir}, policySHA)
	if err != nil {
		t.Fatal(err)
	}
	in := Derive(model.Files{User: model.Defaults(), Policy: pol}, Overrides{}, nil, time.Now(), policySHA)
	if !in.Participating || in.Unrecorded {
		t.Errorf("policy's acceptance: participating %v, unrecorded %v", in.Participating, in.Unrecorded)
	}
}

// TestShortIntervalIsRaised: "1ms" (a typo for "1m") in settings.json is
// taken as 30 s and told, naming the value and the file; a policy's is
// told naming the policy (issue 19, finding 8).
func TestShortIntervalIsRaised(t *testing.T) {
	t.Parallel()
	s := handWritten(t, "1ms")
	f := model.ReadFiles(s, []string{}, statement.Current()...)
	in := Derive(f, Overrides{}, nil, time.Now(), statement.Current()...)
	if in.Interval != model.MinCheckInterval || in.IntervalRaised != model.Duration(time.Millisecond) || in.IntervalFrom != s.Paths().SettingsFile() {
		t.Fatalf("interval %v, raised %v from %q", in.Interval, in.IntervalRaised, in.IntervalFrom)
	}
	if w := Warnings(f, in); len(w) != 2 || w[1].Kind != IntervalRaised || w[1].Path != s.Paths().SettingsFile() {
		t.Errorf("warnings %+v", w)
	}
	dir := t.TempDir()
	writePolicy(t, dir, `{"check_interval": "10s"}`)
	pol, _, err := model.LoadPolicy([]string{dir}, policySHA)
	if err != nil {
		t.Fatal(err)
	}
	in = Derive(model.Files{User: model.Defaults(), Policy: pol}, Overrides{}, nil, time.Now(), policySHA)
	if in.Interval != model.MinCheckInterval || in.IntervalFrom != pol.Path {
		t.Errorf("policy's 10s: interval %v from %q", in.Interval, in.IntervalFrom)
	}
	if in := Derive(model.Files{User: model.Defaults()}, Overrides{}, nil, time.Now(), policySHA); in.IntervalRaised != 0 || in.Interval != model.DefaultCheckInterval {
		t.Errorf("default: interval %v, raised %v", in.Interval, in.IntervalRaised)
	}
}

// TestScheduleAgainstAService runs the schedule as a face does, asking
// CheckDue every millisecond for 2 s with check_interval "1ms", against a
// service on the loopback: one check, not thousands (the old code made
// 2,952 requests in 5 s).
func TestScheduleAgainstAService(t *testing.T) {
	t.Parallel()
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"key": "valid"}`))
	}))
	defer srv.Close()

	s := handWritten(t, "1ms")
	if _, err := Decide(s, Request{Choice: Accept, Statement: DecidedOn(statement.In(lang.English())), Via: "cli", At: time.Now(), PolicyDirs: []string{}}); err != nil {
		t.Fatal(err)
	}
	f := model.ReadFiles(s, []string{}, statement.Current()...)
	f.License, f.HasLicense = model.License{Key: "ABCDE-FGHIJ-KLMNO-PQRST", Activated: true}, true
	checker := netcheck.New(netcheck.Options{})
	var res *netcheck.Result
	var last netcheck.Input
	var doneAt time.Time
	for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
		in := Derive(f, Overrides{Endpoint: srv.URL, EndpointSource: SourceFlag}, res, time.Now(), statement.Current()...)
		if !CheckDue(in, time.Second, res, last, doneAt, time.Now()) {
			continue
		}
		last = in.CheckInput(time.Second)
		r := checker.Check(context.Background(), last)
		if !r.Connected {
			t.Fatalf("not connected: %+v", r)
		}
		res, doneAt = &r, time.Now()
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests in 2 s with check_interval \"1ms\", want 1", n)
	}
}

// TestRestrictionEndsAtMostEvery30s: a service that restricts "until a
// millisecond from now" again and again is asked again at the end of the
// first restriction, then no sooner than 30 s after that check.
func TestRestrictionEndsAtMostEvery30s(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	res := netcheck.Result{Connected: true, Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: now.Add(time.Millisecond)}}}
	if wait, ok := RestrictionEnds(res, now, time.Time{}); !ok || wait != time.Millisecond {
		t.Errorf("first end: %v, %v", wait, ok)
	}
	if wait, ok := RestrictionEnds(res, now, now.Add(-time.Second)); !ok || wait != 29*time.Second {
		t.Errorf("an end 1 s after the last end's check: %v, %v; want 29s", wait, ok)
	}
	in := InForce{Participating: true, Interval: time.Millisecond} // made by hand, below the minimum
	ok := &netcheck.Result{Connected: true}
	if CheckDue(in, time.Second, ok, in.CheckInput(time.Second), now.Add(-time.Second), now) {
		t.Error("due 1 s after the last check")
	}
}

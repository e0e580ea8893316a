package flow

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"ksn/model"
	"ksn/netcheck"
)

// TestNextReport: the report's bytes are docs/sent.md's, its period ends
// at the last spooled completion (never now), the first is due at once,
// the next a day after the last one sent, and there is none while off or
// with nothing spooled.
func TestNextReport(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	in := InForce{Participating: true, Settings: model.Settings{KSN: model.KSN{
		Statement: model.StatementDecision{Decision: model.DecisionAccepted, Version: "2026.3", SHA256: "ab", Lang: "ru"}}}}
	spool := []model.ProcessTimes{
		{Command: "serve", StartedAt: at.Add(time.Hour), EndedAt: at.Add(3 * time.Hour)},
		{Command: "check", StartedAt: at, EndedAt: at.Add(time.Minute)},
	}
	os := OSInfo{Name: "Debian GNU/Linux", VersionID: "12", Kernel: "6.1.0", Arch: "amd64"}
	r := NextReport(in, spool, model.ReportState{}, os, at.Add(100*time.Hour))
	want := `{"schema":1,"period":{"from":"2026-12-01T09:00:00Z","to":"2026-12-01T12:00:00Z"},` +
		`"statement":{"version":"2026.3","sha256":"ab","lang":"ru"},` +
		`"os":{"name":"Debian GNU/Linux","version_id":"12","kernel":"6.1.0","arch":"amd64"},` +
		`"processes":[{"command":"check","started_at":"2026-12-01T09:00:00Z","ended_at":"2026-12-01T09:01:00Z"},` +
		`{"command":"serve","started_at":"2026-12-01T10:00:00Z","ended_at":"2026-12-01T12:00:00Z"}]}`
	if string(r.Body) != want || r.Processes != 2 || !r.Due(at) {
		t.Fatalf("report %s (%d processes, due %v)\nwant %s", r.Body, r.Processes, r.Due(at), want)
	}
	if !json.Valid(r.Body) {
		t.Fatal("not JSON")
	}

	// After one was sent: only what ended since, from its end, due a day
	// after it was sent.
	last := model.ReportState{SentAt: at.Add(4 * time.Hour), To: at.Add(3 * time.Hour)}
	more := append(spool, model.ProcessTimes{Command: "tui", StartedAt: at.Add(5 * time.Hour), EndedAt: at.Add(6 * time.Hour)})
	r = NextReport(in, more, last, os, at.Add(100*time.Hour))
	if r.Processes != 1 || !r.From.Equal(last.To) || !r.To.Equal(at.Add(6*time.Hour)) {
		t.Fatalf("next report: %d processes, %v to %v", r.Processes, r.From, r.To)
	}
	if r.Due(at.Add(27*time.Hour)) || !r.Due(at.Add(28*time.Hour)) {
		t.Errorf("due at %v, want a day after %v", r.DueAt, last.SentAt)
	}
	if r := NextReport(in, spool, last, os, at.Add(100*time.Hour)); r.Body != nil || r.Due(at.Add(100*time.Hour)) {
		t.Errorf("nothing new spooled, yet a report: %s", r.Body)
	}
	off := in
	off.Participating = false
	if r := NextReport(off, spool, model.ReportState{}, os, at.Add(100*time.Hour)); r.Body != nil {
		t.Errorf("a report while off: %s", r.Body)
	}
}

// TestNextReportSameSecond: a process that ended after a report was made,
// in the same second as its period's end, goes in the next report; the
// report says its times to the second (the spool keeps them whole).
func TestNextReportSameSecond(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	in := InForce{Participating: true, Settings: model.Settings{KSN: model.KSN{
		Statement: model.StatementDecision{Decision: model.DecisionAccepted, Version: "2026.3", SHA256: "ab", Lang: "en"}}}}
	first := model.ProcessTimes{Command: "check", StartedAt: at.Add(100 * time.Millisecond), EndedAt: at.Add(300 * time.Millisecond)}
	r := NextReport(in, []model.ProcessTimes{first}, model.ReportState{}, OSInfo{}, at.Add(100*time.Hour))
	if r.Processes != 1 || !r.To.Equal(first.EndedAt) {
		t.Fatalf("first report: %d processes, to %v", r.Processes, r.To)
	}
	var body struct {
		Period    struct{ From, To string }
		Processes []struct{ StartedAt, EndedAt string } `json:"processes"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Period.To != "2026-12-01T09:00:00Z" {
		t.Errorf("period's end %q, want it to the second", body.Period.To)
	}
	last := model.ReportState{SentAt: at.Add(500 * time.Millisecond), To: r.To}
	later := model.ProcessTimes{Command: "status", StartedAt: at.Add(600 * time.Millisecond), EndedAt: at.Add(900 * time.Millisecond)}
	if r := NextReport(in, []model.ProcessTimes{first, later}, last, OSInfo{}, at.Add(100*time.Hour)); r.Processes != 1 {
		t.Errorf("a process that ended in the same second after the report: %d processes in the next, want 1", r.Processes)
	}
}

// TestNextReportOnlyUnderTheAcceptance: a spool line of a process that
// ran before the acceptance in force (written as participation ended, or
// under an earlier acceptance) never goes into the report, nor does the
// period start before the acceptance; and a report is due a little before
// a day is out, for a daily timer that fires a minute earlier.
func TestNextReportOnlyUnderTheAcceptance(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	in := InForce{Participating: true, Settings: model.Settings{KSN: model.KSN{
		Statement: model.StatementDecision{Decision: model.DecisionAccepted, Version: "2026.3", SHA256: "ab", Lang: "en", DecidedAt: at}}}}
	spool := []model.ProcessTimes{
		{Command: "license", StartedAt: at.Add(-time.Hour), EndedAt: at.Add(-time.Hour)},
		{Command: "check", StartedAt: at.Add(time.Minute), EndedAt: at.Add(2 * time.Minute)},
	}
	last := model.ReportState{SentAt: at.Add(-48 * time.Hour), To: at.Add(-49 * time.Hour)}
	r := NextReport(in, spool, last, OSInfo{}, at.Add(100*time.Hour))
	if r.Processes != 1 || !r.From.Equal(at.Add(time.Minute)) {
		t.Errorf("%d processes from %v, want 1 from %v:\n%s", r.Processes, r.From, at.Add(time.Minute), r.Body)
	}
	sent := model.ReportState{SentAt: at.Add(3 * time.Minute), To: at.Add(2 * time.Minute)}
	more := append(spool, model.ProcessTimes{Command: "tui", StartedAt: at.Add(time.Hour), EndedAt: at.Add(2 * time.Hour)})
	r = NextReport(in, more, sent, OSInfo{}, at.Add(100*time.Hour))
	if !r.Due(sent.SentAt.Add(ReportEvery-time.Minute)) || r.Due(sent.SentAt.Add(ReportEvery-ReportSlack-time.Second)) {
		t.Errorf("due at %v, want a quarter of an hour before a day after %v", r.DueAt, sent.SentAt)
	}
}

// TestNextReportTakesOnlyWhatKsnSpools: a line planted in the spool (a
// command ksn has not, any text in it, times backwards or in the future)
// is never sent, and a report.json from the future does not hold the next
// report back: its times count as now.
func TestNextReportTakesOnlyWhatKsnSpools(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	in := InForce{Participating: true, Settings: model.Settings{KSN: model.KSN{
		Statement: model.StatementDecision{Decision: model.DecisionAccepted, Version: "2026.3", SHA256: "ab", Lang: "en"}}}}
	real := model.ProcessTimes{Command: "status", StartedAt: now.Add(-2 * time.Minute), EndedAt: now.Add(-time.Minute)}
	spool := []model.ProcessTimes{
		{Command: "id_rsa=-----BEGIN OPENSSH PRIVATE KEY----- /home/alice/secret.txt", StartedAt: now.Add(-time.Hour), EndedAt: now.Add(-time.Hour)},
		{Command: "status", StartedAt: now.Add(-time.Hour), EndedAt: time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)},
		{Command: "check", StartedAt: now.Add(-time.Minute), EndedAt: now.Add(-time.Hour)},
		real,
	}
	r := NextReport(in, spool, model.ReportState{}, OSInfo{}, now)
	if r.Processes != 1 || !r.To.Equal(real.EndedAt) || strings.Contains(string(r.Body), "secret") {
		t.Fatalf("%d processes to %v:\n%s", r.Processes, r.To, r.Body)
	}
	// A report.json from the future is not ksn's: one line naming it, and
	// no report, rather than none until 2099 or one more than a day allows.
	store := keptStore(t)
	if err := store.Reported(time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), now); err != nil {
		t.Fatal(err)
	}
	var p *model.Problem
	if _, err := LoadReport(store, in, OSInfo{}, now); !errors.As(err, &p) || p.Code != model.CodeReportInvalid || p.Path != store.Paths().ReportFile() {
		t.Errorf("report.json from 2099: %v", err)
	}
	if err := store.Reported(now.Add(ClockSlack/2), now); err != nil { // a clock set back a little
		t.Fatal(err)
	}
	if _, err := LoadReport(store, in, OSInfo{}, now); err != nil {
		t.Errorf("report.json half an hour ahead: %v", err)
	}
}

// TestOSRelease reads NAME and VERSION_ID, quoted or not.
func TestOSRelease(t *testing.T) {
	t.Parallel()
	data := []byte("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=12\n# NAME=no\n")
	if n, v := osRelease(data, "NAME"), osRelease(data, "VERSION_ID"); n != "Debian GNU/Linux" || v != "12" {
		t.Errorf("NAME %q, VERSION_ID %q", n, v)
	}
}

// TestSentEntryOf: a check has a null body, an answer its status, a
// failure no status and the error.
func TestSentEntryOf(t *testing.T) {
	t.Parallel()
	e := SentEntryOf(netcheck.Sent{Method: "GET", URL: "u", Status: 200})
	if e.Body != nil || e.Status == nil || *e.Status != 200 || e.Error != "" {
		t.Errorf("check: %+v", e)
	}
	e = SentEntryOf(netcheck.Sent{Method: "POST", URL: "u", Body: []byte(`{"a":1}`), Err: "connection refused"})
	if string(e.Body) != `{"a":1}` || e.Status != nil || e.Error != "connection refused" {
		t.Errorf("failed report: %+v", e)
	}
}

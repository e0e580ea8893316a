package flow

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"

	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"ksn/model"
	"ksn/netcheck"
	"ksn/safe"
	"ksn/statement"
)

// The participation report (docs/sent.md): while participating, each ksn
// process spools its start and completion; the report gives them, with the
// configuration of the operating system, for the period since the last
// report, at most once a day.

// ReportSchema is the "schema" of a report.
const ReportSchema = 1

// ReportEvery is the time between two reports sent, and ReportSlack how
// much earlier than that the next is due: the daily timer (ksn-report.timer)
// fires at a time that may move by a minute from one day to the next, and
// a report due a minute after it would wait a whole day more.
const (
	ReportEvery = 24 * time.Hour
	ReportSlack = 15 * time.Minute
)

// ClockSlack is how far in the future report.json's times may be, for a
// clock set back a little since the last report, before the file is taken
// for one ksn did not write.
const ClockSlack = time.Hour

// OSInfo is the configuration of the operating system a report gives.
type OSInfo struct {
	Name      string `json:"name"`
	VersionID string `json:"version_id"`
	Kernel    string `json:"kernel"`
	Arch      string `json:"arch"`
}

// ReadOS reads the configuration of the operating system: NAME and
// VERSION_ID of os-release (/etc/os-release, else /usr/lib/os-release),
// the kernel release and the architecture. What cannot be read is "".
func ReadOS() OSInfo {
	o := OSInfo{Arch: runtime.GOARCH}
	for _, path := range []string{"/etc/os-release", "/usr/lib/os-release"} {
		data, err := model.ReadFollow(path)
		if err != nil {
			continue
		}
		o.Name, o.VersionID = osRelease(data, "NAME"), osRelease(data, "VERSION_ID")
		break
	}
	if data, err := model.ReadFollow("/proc/sys/kernel/osrelease"); err == nil {
		o.Kernel = strings.TrimSpace(string(data))
	}
	return o
}

// osRelease is the value of key in an os-release file, unquoted.
func osRelease(data []byte, key string) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok || k != key {
			continue
		}
		if u, err := strconv.Unquote(v); err == nil {
			return u
		}
		return strings.Trim(v, `'"`)
	}
	return ""
}

// reportBody is the JSON of a report, in the order of docs/sent.md.
type reportBody struct {
	Schema    int                  `json:"schema"`
	Period    reportPeriod         `json:"period"`
	Statement reportStatement      `json:"statement"`
	OS        OSInfo               `json:"os"`
	Processes []model.ProcessTimes `json:"processes"`
}

type reportPeriod struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

type reportStatement struct {
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
	Lang    string `json:"lang"`
}

// Report is the next participation report.
type Report struct {
	// Body is exactly the bytes that would be sent; nil when there is
	// nothing to report (not participating, or no process spooled).
	Body []byte
	// From and To are its period; To is the last spooled completion.
	From, To time.Time
	// Processes is how many process times it gives.
	Processes int
	// DueAt is when it may be sent: at once if none was sent yet, else
	// ReportEvery after the last one.
	DueAt time.Time
	// LastSent is when the last report was sent; zero if none was.
	LastSent time.Time
}

// Due reports whether r is to be sent at now.
func (r Report) Due(now time.Time) bool { return r.Body != nil && !now.Before(r.DueAt) }

// NextReport is the report the spool gives at now while in is in force:
// what `ksn report` prints and `ksn report --send` sends, the same bytes.
// Only lines a ksn process can have written count (spooledAt), and the
// times of report.json count as no later than now.
func NextReport(in InForce, spool []model.ProcessTimes, last model.ReportState, os OSInfo, now time.Time) Report {
	last.SentAt, last.To = notAfter(last.SentAt, now), notAfter(last.To, now)
	r := Report{LastSent: last.SentAt}
	if !last.SentAt.IsZero() {
		r.DueAt = last.SentAt.Add(ReportEvery - ReportSlack).UTC()
	}
	// Only what ran under the acceptance in force: a line a process wrote
	// as participation ended (it looked before the withdrawal, and wrote
	// after) never goes into the report of a later acceptance.
	since := in.Settings.KSN.Statement.DecidedAt
	var procs []model.ProcessTimes
	for _, p := range spool {
		if spooledAt(p, now) && (last.To.IsZero() || p.EndedAt.After(last.To)) && !p.StartedAt.Before(since) {
			procs = append(procs, p)
		}
	}
	if !in.Participating || len(procs) == 0 {
		return r
	}
	slices.SortStableFunc(procs, func(a, b model.ProcessTimes) int { return a.StartedAt.Compare(b.StartedAt) })
	from := last.To
	if from.IsZero() || from.Before(since) {
		from = procs[0].StartedAt
	}
	for i, p := range procs {
		r.To = maxTime(r.To, p.EndedAt)
		procs[i].StartedAt, procs[i].EndedAt = toSecond(p.StartedAt), toSecond(p.EndedAt)
	}
	st := in.Settings.KSN.Statement
	body := reportBody{
		Schema:    ReportSchema,
		Period:    reportPeriod{From: toSecond(from), To: toSecond(r.To)},
		Statement: reportStatement{Version: st.Version, SHA256: st.SHA256, Lang: st.Lang},
		OS:        os,
		Processes: procs,
	}
	data, err := json.Marshal(body)
	if err != nil {
		return Report{} // never: ksn's own values
	}
	// os-release is text from outside: its C1 and bidi controls go as \u
	// escapes, so the bytes sent are the bytes ksn report shows.
	data = safe.JSON(data)
	r.Body, r.From, r.Processes = data, toSecond(from), len(procs)
	return r
}

// spooledAt reports whether p can be the times of a ksn process at now:
// one of its commands (IsProcessCommand), started no later than it ended,
// ended no later than now. Any other line was put in the spool by someone
// else: sent, its text would go to the service, and a completion in the
// future would hold back every report until then.
func spooledAt(p model.ProcessTimes, now time.Time) bool {
	return IsProcessCommand(p.Command) && !p.StartedAt.After(p.EndedAt) && !p.EndedAt.After(now)
}

// notAfter is t, or now if t is later.
func notAfter(t, now time.Time) time.Time {
	if t.After(now) {
		return now
	}
	return t
}

// toSecond is t in UTC to the second, as the report says times; the spool
// and report.json keep them whole, so that what ended after a report, in
// the same second, is not taken for a part of it.
func toSecond(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// maxTime is the later of a and b.
func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// LoadReport reads the spool and report.json and makes the next report
// for in at now.
func LoadReport(store *model.Store, in InForce, os OSInfo, now time.Time) (Report, error) {
	spool, err := store.Spool()
	if err != nil {
		return Report{}, err
	}
	last, err := store.LastReport()
	if err != nil {
		return Report{}, err
	}
	if later := now.Add(ClockSlack); last.SentAt.After(later) || last.To.After(later) {
		// Not ksn's: it writes the time it sent. Taken as it is, it would
		// hold back every report until then; taken for "none sent", it
		// would lift the limit of one a day.
		return Report{}, &model.Problem{Code: model.CodeReportInvalid, Path: store.Paths().ReportFile(), Err: &model.Problem{Code: model.CodeReportFuture}}
	}
	return NextReport(in, spool, last, os, now), nil
}

// Reporter sends reports: a *netcheck.Checker.
type Reporter interface {
	SendReport(ctx context.Context, in netcheck.Input, body []byte) netcheck.Delivery
}

// SendReport sends r if it is due at now while in is in force, and records
// a report taken (report.json; the spool keeps only what came after it).
// The zero Delivery: nothing was due, nothing sent. Participation is read
// again from the files (policyDirs: where the policies are) before each
// write of the request, and before the report is recorded as taken: after
// a withdrawal, nothing leaves and nothing is written.
func SendReport(ctx context.Context, store *model.Store, policyDirs []string, c Reporter, in InForce, r Report, timeout time.Duration, now time.Time) (netcheck.Delivery, error) {
	if !in.Participating || !r.Due(now) {
		return netcheck.Delivery{}, nil
	}
	stillOn := func() bool { return ParticipatingNow(store, policyDirs) }
	d := c.SendReport(netcheck.WhileParticipating(ctx, stillOn), in.CheckInput(timeout), r.Body)
	if !d.Sent || !stillOn() {
		return d, nil // kept: tried again at the next run (a withdrawal deleted it)
	}
	return d, store.Reported(now, r.To)
}

// ParticipatingNow reads the files and reports whether participation is on
// now, for SpoolProcess's wasOn at a process's start.
func ParticipatingNow(store *model.Store, policyDirs []string) bool {
	current := statement.Current()
	return Derive(model.ReadFiles(store, policyDirs, current...), Overrides{}, nil, time.Now(), current...).Participating
}

// SpoolProcess spools a ksn process, command, that ran from started to
// ended, if participation was on for all of it: on at its start (wasOn,
// from ParticipatingNow), on at its end, and not decided again meanwhile
// (docs/sent.md). Nothing is spooled, and no file touched, while
// participation is off.
func SpoolProcess(store *model.Store, policyDirs []string, command string, wasOn bool, started, ended time.Time) error {
	if !wasOn {
		return nil
	}
	current := statement.Current()
	f := model.ReadFiles(store, policyDirs, current...)
	in := Derive(f, Overrides{}, nil, ended, current...)
	if !in.Participating || in.Settings.KSN.Statement.DecidedAt.After(started) {
		return nil
	}
	// The spool keeps the times whole: a process that ends in the same
	// second as the last report's period, after it was made, is still after
	// it (the report says the times to the second).
	return store.AppendSpool(model.ProcessTimes{Command: command, StartedAt: started.UTC(), EndedAt: ended.UTC()})
}

// Recorder is the netcheck.Options.Record of every Checker over store: it
// appends each request sent to sent.jsonl (docs/sent.md). Nothing is sent
// while participation is off, so nothing is recorded then either. A record
// that cannot be written does not stop the request; it goes to problem,
// if not nil (a command says it as it ends, from Store.RecordFiles
// instead; `ksn serve` logs it).
func Recorder(store *model.Store, problem func(error)) func(netcheck.Sent) {
	return func(s netcheck.Sent) {
		if err := store.AppendSent(SentEntryOf(s)); err != nil && problem != nil {
			problem(err)
		}
	}
}

// SentEntryOf is the line of sent.jsonl for s.
func SentEntryOf(s netcheck.Sent) model.SentEntry {
	e := model.SentEntry{At: s.At.UTC(), Method: s.Method, URL: s.URL, Headers: s.Headers, Error: s.Err}
	if s.Status != 0 {
		st := s.Status
		e.Status = &st
	} else if e.Error == "" {
		e.Error = "no answer"
	}
	switch {
	case len(s.Body) == 0:
	case json.Valid(s.Body):
		e.Body = json.RawMessage(s.Body)
	default:
		e.Body, _ = json.Marshal(string(s.Body))
	}
	return e
}

// DataSent is what the "Data sent" window shows (docs/sent.md).
type DataSent struct {
	// Entries are the requests of sent.jsonl, newest first.
	Entries []model.SentEntry
	// Skipped is how many lines were not requests.
	Skipped int
	// Participating is whether participation is on: while it is off,
	// nothing has been sent since the newest entry (if any).
	Participating bool
	// Err is why sent.jsonl could not be read.
	Err error
}

// Since is when nothing has been sent since while participation is off:
// the newest entry's time; zero when nothing was ever sent.
func (d DataSent) Since() time.Time {
	if len(d.Entries) == 0 {
		return time.Time{}
	}
	return d.Entries[0].At
}

// ReadDataSent reads sent.jsonl for the "Data sent" window and `ksn sent`:
// the requests at or after since (all for the zero time), newest first.
func ReadDataSent(store *model.Store, in InForce, since time.Time) DataSent {
	log, err := store.ReadSent(since)
	slices.Reverse(log.Entries)
	return DataSent{Entries: log.Entries, Skipped: log.Skipped, Participating: in.Participating, Err: err}
}

// ProcessCommand is the "command" of a process in the spool for a command
// line's subcommand name ("" for the TUI); "" for a command that is not
// spooled: `ksn report` and `ksn sent` only show (docs/sent.md).
func ProcessCommand(name string) string {
	switch name {
	case "":
		return "tui"
	case "report", "sent", "__complete", "__completeNoDesc":
		return ""
	}
	return name
}

// IsProcessCommand reports whether command is the "command" of a process
// ksn spools: "tui", a "session" of `ksn serve`, or a command of
// docs/commands.md that ProcessCommand keeps (TestSpooledCommandsAreKnown
// holds the two together).
func IsProcessCommand(command string) bool {
	switch command {
	case "tui", "session", "check", "consent", "disable", "enable", "license", "man", "serve", "setup", "statement", "status":
		return true
	}
	return false
}

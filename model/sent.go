package model

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// File names of docs/sent.md, in the state directory.
const (
	sentName   = "sent.jsonl"
	spoolName  = "spool.jsonl"
	reportName = "report.json"
)

// Caps of the files of docs/sent.md.
const (
	// MaxSent is the size past which sent.jsonl drops its oldest lines.
	MaxSent = 1 << 20
	// MaxSpool is the size past which the spool drops its oldest lines.
	MaxSpool = 256 << 10
)

// SentFile returns the path of sent.jsonl: every request ksn sent.
func (p Paths) SentFile() string { return filepath.Join(p.StateDir, sentName) }

// SpoolFile returns the path of the spool of process times.
func (p Paths) SpoolFile() string { return filepath.Join(p.StateDir, spoolName) }

// ReportFile returns the path of report.json: when the last report was
// sent, and the end of its period.
func (p Paths) ReportFile() string { return filepath.Join(p.StateDir, reportName) }

// SentEntry is one line of sent.jsonl: one request as it went to the
// service (docs/sent.md).
type SentEntry struct {
	At      time.Time         `json:"at"`
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
	// Body is the JSON body sent, nil for none (null in the file).
	Body json.RawMessage `json:"body"`
	// Status is the answer's HTTP status, nil when there was none; Error
	// then says why.
	Status *int   `json:"status"`
	Error  string `json:"error,omitempty"`
}

// AppendSent appends e to sent.jsonl under its lock, one whole line, and
// drops the oldest lines once the file passes MaxSent.
func (s *Store) AppendSent(e SentEntry) error {
	line, err := EncodeSent(e)
	if err != nil {
		return err // a body that is not JSON: nothing is written
	}
	return appendCapped(s.paths.StateDir, s.paths.SentFile(), line, MaxSent, maxSentLine)
}

// EncodeSent is e as a line of sent.jsonl, without its newline: its time
// in UTC, headers {} for none, and the body's bytes as they were sent (a
// compact JSON body, as ksn sends, is kept byte for byte: nothing is
// escaped for HTML).
func EncodeSent(e SentEntry) ([]byte, error) {
	e.At = e.At.UTC()
	if e.Headers == nil {
		e.Headers = map[string]string{}
	}
	return marshalValue(e)
}

// maxSentLine is the longest line of sent.jsonl read: a report with a
// full spool, and room for its headers.
const maxSentLine = MaxSpool + 64<<10

// SentLog is sent.jsonl as read: its entries, oldest first, and how many
// lines were not entries (skipped: not JSON, too long, not valid UTF-8).
type SentLog struct {
	Entries []SentEntry
	Skipped int
}

// ReadSent reads sent.jsonl as a stream, without the lock: at most its
// last 2×MaxSent bytes, the entries at or after since (all for the zero
// time). A missing file has none; a symbolic link or a file that is not
// regular is refused with an error naming it. It changes nothing.
func (s *Store) ReadSent(since time.Time) (SentLog, error) {
	var out SentLog
	err := readLines(s.paths.SentFile(), 2*MaxSent, maxSentLine, func(line []byte) {
		var e SentEntry
		if json.Unmarshal(line, &e) != nil || e.At.IsZero() || e.Method == "" {
			out.Skipped++
			return
		}
		if !e.At.Before(since) {
			out.Entries = append(out.Entries, e)
		}
	})
	return out, err
}

// ProcessTimes is one line of the spool: a ksn process that started and
// ended while participating.
type ProcessTimes struct {
	Command   string    `json:"command"`
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at"`
}

// AppendSpool appends p to the spool under its lock, dropping the oldest
// lines once it passes MaxSpool. The caller has made sure participation
// is on: nothing is spooled while it is off (docs/sent.md).
func (s *Store) AppendSpool(p ProcessTimes) error {
	p.StartedAt, p.EndedAt = p.StartedAt.UTC(), p.EndedAt.UTC()
	line, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return appendCapped(s.paths.StateDir, s.paths.SpoolFile(), line, MaxSpool, maxSentLine)
}

// Spool reads the spool: the process times, oldest first. Lines that are
// not process times (or not valid UTF-8) are skipped. It changes nothing.
func (s *Store) Spool() ([]ProcessTimes, error) {
	var out []ProcessTimes
	err := readLines(s.paths.SpoolFile(), MaxSpool+maxSentLine, maxSentLine, func(line []byte) {
		var p ProcessTimes
		if json.Unmarshal(line, &p) == nil && p.Command != "" && !p.StartedAt.IsZero() && !p.EndedAt.IsZero() {
			out = append(out, p)
		}
	})
	return out, err
}

// ReportState is report.json: the last report sent.
type ReportState struct {
	// SentAt is when the last report was sent; zero if none was.
	SentAt time.Time `json:"sent_at"`
	// To is the end of its period.
	To time.Time `json:"to"`
}

// LastReport reads report.json; the zero ReportState if there is none. A
// file that cannot be used (not a regular file, too large, not what ksn
// writes) is an error naming it: taken for "none was sent", it would lift
// the limit of one report a day.
func (s *Store) LastReport() (ReportState, error) {
	path := s.paths.ReportFile()
	data, err := ReadRegularFile(path, 4<<10)
	if errors.Is(err, fs.ErrNotExist) {
		return ReportState{}, nil
	}
	if err != nil {
		return ReportState{}, err
	}
	var st ReportState
	if err := json.Unmarshal(data, &st); err != nil || st.SentAt.IsZero() {
		return ReportState{}, &Problem{Code: CodeReportInvalid, Path: path, Err: &Problem{Code: CodeJSONInvalid, Err: cmpErr(err)}}
	}
	return st, nil
}

// cmpErr is err, or one saying what is missing when there is none.
func cmpErr(err error) error {
	if err != nil {
		return err
	}
	return errors.New(`no "sent_at"`)
}

// Reported records that the report whose period ended at to was sent at:
// report.json says so, and the spool, under its lock, keeps only the
// process times that ended after to (a spool deleted meanwhile, by a
// withdrawal, stays deleted).
func (s *Store) Reported(at, to time.Time) error {
	data, err := json.Marshal(ReportState{SentAt: at.UTC(), To: to.UTC()})
	if err != nil {
		return err
	}
	if _, err := os.Lstat(s.paths.SpoolFile()); errors.Is(err, fs.ErrNotExist) {
		return WriteFileAtomic(s.paths.ReportFile(), append(data, '\n')) // locking would make it
	}
	f, err := lockedFile(s.paths.StateDir, s.paths.SpoolFile())
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	if err := WriteFileAtomic(s.paths.ReportFile(), append(data, '\n')); err != nil {
		return err
	}
	var keep []byte
	err = readLines(s.paths.SpoolFile(), MaxSpool+maxSentLine, maxSentLine, func(line []byte) {
		var p ProcessTimes
		if json.Unmarshal(line, &p) == nil && p.EndedAt.After(to) {
			keep = append(append(keep, line...), '\n')
		}
	})
	if err != nil {
		return err
	}
	return WriteFileAtomic(s.paths.SpoolFile(), keep)
}

// RecordFiles checks that sent.jsonl and the spool, where they exist, are
// regular files ksn can append to: a link or a FIFO there would leave what
// is sent unrecorded (appends to them are refused), so a process says so.
func (s *Store) RecordFiles() error {
	for _, path := range []string{s.paths.SentFile(), s.paths.SpoolFile()} {
		fi, err := os.Lstat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return pathProblem(CodeFileWrite, path, cause(err))
		case fi.Mode()&fs.ModeSymlink != 0:
			return &Problem{Code: CodeFileLink, Path: path, Err: &LinkError{Path: path}}
		case !fi.Mode().IsRegular():
			return notRegular(path, fi.Mode())
		}
	}
	return nil
}

// DropSpool deletes the spool: the pending report goes with it (a
// withdrawal, docs/sent.md). It reports whether there was one. A process
// spooling its times looks at participation first (flow.SpoolProcess).
func (s *Store) DropSpool() (bool, error) {
	err := os.Remove(s.paths.SpoolFile())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, pathProblem(CodeFileWrite, s.paths.SpoolFile(), cause(err))
	}
	return true, syncDir(s.paths.StateDir)
}

package model

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/google/renameio/v2"
)

// Store reads and changes the ksn files. Any number of Stores, in any number
// of processes, may work on the same files at once: every change is made
// under a cross-process lock on freshly re-read content and written
// atomically. A Store is safe for concurrent use.
type Store struct {
	paths Paths
	now   func() time.Time
	// forcePoll makes Watch poll instead of using fsnotify (for tests).
	forcePoll bool

	mu sync.Mutex // serialises this Store's changes before the flock

	keptMu sync.Mutex
	kept   string // where the last Update kept a broken settings.json, until a Load tells
}

// NewStore returns a Store over the files in p. It touches no file.
func NewStore(p Paths) *Store {
	return &Store{paths: p, now: time.Now}
}

// Paths returns the directories of the Store.
func (s *Store) Paths() Paths { return s.paths }

// LoadNotice is what Load has to tell the user besides the settings.
type LoadNotice struct {
	// Invalid is true if settings.json is there but is not valid JSON or
	// breaks the schema: the defaults are in use, and the file is left as
	// it is until the next change keeps it aside (docs/files.md).
	Invalid bool
	// Err is why settings.json is not valid, when Invalid.
	Err error
	// CorruptCopy is where a change made by this Store since the last
	// Load kept an invalid settings.json, "" if none. Load reports a copy
	// once.
	CorruptCopy string
	// Newer is true if settings.json has a newer schema than SchemaVersion;
	// the Store will not overwrite it.
	Newer bool
	// Code is what there is to tell the user (TUI banner, stderr), ""
	// if nothing: CodeNoticeInvalid (Path and Err), CodeNoticeNewer
	// (Schema) or CodeNoticeKept (CorruptCopy). say.Voice.Notice says it.
	Code Code
	// Path is settings.json's path.
	Path string
	// Schema is the file's schema, when Newer.
	Schema int
	// TornConsent is true if consent.jsonl ends in a torn line (a write
	// cut off by a crash, never a whole entry). Reading leaves it there;
	// the next write moves it aside. It is not one of the notices (Code):
	// the history lost nothing.
	TornConsent bool
}

// snapshot is settings.json as read from disk.
type snapshot struct {
	settings Settings // Defaults() if the file is missing or invalid
	raw      []byte   // nil if the file is missing
	invalid  error    // why the file could not be used, nil if it can
	torn     bool     // whether consent.jsonl ends in a torn line
}

// read reads and parses settings.json. A missing file is not an error.
// The last decision recorded in consent.jsonl is applied over the file if
// it turned participation off (see applyRecordedRefusal). It changes
// nothing.
func (s *Store) read() (snapshot, error) {
	raw, err := ReadFollow(s.paths.SettingsFile())
	if errors.Is(err, fs.ErrNotExist) {
		torn, _, _ := s.consentTailState()
		return snapshot{settings: Defaults(), torn: torn}, nil
	}
	if err != nil {
		return snapshot{}, wrapProblem(CodeSettingsRead, err)
	}
	torn, last, ok := s.consentTailState()
	st, err := Parse(raw)
	if err != nil {
		return snapshot{settings: Defaults(), raw: raw, invalid: err, torn: torn}, nil
	}
	if ok {
		st = applyRecordedRefusal(st, last)
	}
	return snapshot{settings: st, raw: raw, torn: torn}, nil
}

// applyRecordedRefusal turns participation off in st if last, the last
// entry of consent.jsonl, withdrew or declined at or after the decision st
// records. That happens only when a writer recorded the decision and died
// before it could rename settings.json (the history is written first, so
// that nothing takes effect unrecorded): the refusal was made, and counts.
// An accept recorded but not saved is not applied: participation stays off
// until the user decides again.
func applyRecordedRefusal(st Settings, last ConsentEntry) Settings {
	if !st.KSN.Participation || last.At.Before(st.KSN.Statement.DecidedAt) {
		return st
	}
	switch last.Decision {
	case ConsentWithdrawn:
		st.KSN.Participation = false
	case ConsentDeclined:
		st.KSN.Participation = false
		st.KSN.Statement = StatementDecision{Decision: DecisionDeclined, Version: last.Version, SHA256: last.SHA256, DecidedAt: stamp(last.At)}
	}
	return st
}

// Load reads settings.json. It changes, repairs and creates no file: the
// commands that only read and the TUI until a decision use it (docs/commands.md "What each command may write").
//
//   - No file: Defaults() and no notice.
//   - A file that is not valid JSON or breaks the schema: Defaults() are
//     returned and the file is left as it is; notice.Invalid is set and
//     notice.Code is CodeNoticeInvalid: the next change keeps the file as
//     settings.json.corrupt-<UTC time> (Update does, under the lock).
//   - A file with a newer schema: what is understood is returned with
//     notice.Newer set; Update will refuse to overwrite it (ErrNewerSchema).
//
// If an Update of this Store kept a broken file aside since the last Load,
// notice.CorruptCopy says where (once). What writers that died left behind
// (a temporary file, a torn last line of consent.jsonl, see
// notice.TornConsent) is left for the next Update, which tidies under the
// lock. If the last entry of consent.jsonl withdrew or declined after the
// decision settings.json records (a writer died between the two),
// participation is off. On an error reading the file it returns Defaults()
// and the error.
func (s *Store) Load() (Settings, LoadNotice, error) {
	snap, err := s.read()
	if err != nil {
		return Defaults(), LoadNotice{}, err
	}
	notice := newerNotice(snap.settings)
	if snap.invalid != nil {
		notice = LoadNotice{Invalid: true, Err: snap.invalid, Code: CodeNoticeInvalid}
	}
	notice.TornConsent = snap.torn
	s.keptMu.Lock()
	kept := s.kept
	s.kept = ""
	s.keptMu.Unlock()
	if kept != "" && !notice.Invalid {
		notice.CorruptCopy = kept
		if notice.Code == "" {
			notice.Code = CodeNoticeKept
		}
	}
	if notice.Code != "" {
		notice.Path = s.paths.SettingsFile()
	}
	return snap.settings, notice, nil
}

// newerNotice is the notice for settings read from a file of a newer schema,
// or no notice.
func newerNotice(st Settings) LoadNotice {
	if st.Schema <= SchemaVersion {
		return LoadNotice{}
	}
	return LoadNotice{Newer: true, Code: CodeNoticeNewer, Schema: st.Schema}
}

// Update changes the settings: under the cross-process lock it re-reads
// settings.json, runs fn on what it read, validates the result and saves it.
// If fn returned an entry, it is appended to consent.jsonl (filling Prev).
// It returns the saved settings. It is the one place that tidies after
// writers that died, under the lock: it removes their temporary files, and
// a save moves a torn last line of consent.jsonl aside.
//
// The order makes a crash or a full disk safe: the new settings.json is
// written and synced to a temporary file first, then the entry is appended
// (one write; a failed one is cut back), then the temporary file is renamed
// over settings.json and the directory synced. If the rename fails the entry
// is taken back out. A process killed at any point leaves settings.json
// whole (old or new), consent.jsonl with whole lines, and at worst a
// recorded decision that did not take effect (see Load) and a temporary
// file, removed by the next Update.
//
// Nothing is written if fn returns an error (which Update returns as is), if
// the result is not valid (participation on without an accepted statement,
// for one), or if the file has a newer schema (an error matching
// ErrNewerSchema). A file that is not valid is first kept aside as
// settings.json.corrupt-<UTC time> (the next Load says where) and fn
// starts from Defaults(). If the result is byte for byte what is on disk,
// settings.json is not rewritten. On any error settings.json and
// consent.jsonl keep their old content. consent.jsonl and the lock file are
// never written through a symbolic link: such a file is refused with an
// error naming it (a problem around a *LinkError or *NotRegularError).
func (s *Store) Update(fn func(*Settings) (*ConsentEntry, error)) (Settings, error) {
	var out Settings
	err := s.withLock(func() error {
		removeTemps(s.paths.ConfigDir) // no writer is at work now
		snap, err := s.read()
		if err != nil {
			return err
		}
		if snap.invalid != nil {
			copyPath, err := keepCorrupt(s.paths.SettingsFile(), s.now())
			if err != nil {
				return &Problem{Code: CodeKeepFailed, Path: s.paths.SettingsFile(), Invalid: snap.invalid, Err: err}
			}
			s.keptMu.Lock()
			s.kept = copyPath
			s.keptMu.Unlock()
			snap = snapshot{settings: Defaults(), torn: snap.torn}
		}
		if snap.settings.Schema > SchemaVersion {
			return newerSchema(s.paths.SettingsFile(), snap.settings.Schema)
		}
		next := snap.settings
		entry, err := fn(&next)
		if err != nil {
			return err
		}
		if err := next.Validate(); err != nil {
			return wrapProblem(CodeSettingsNotSaving, err)
		}
		data, err := encodeFile(next)
		if err != nil {
			// Never: the settings are ksn's own values. Not said to anyone.
			return fmt.Errorf("encode settings: %w", err)
		}
		if err := s.save(data, snap.raw, entry); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return Settings{}, err
	}
	return out, nil
}

// save writes data as settings.json unless it equals old, and appends
// entry (if not nil) to consent.jsonl, in the order Update describes. The
// caller holds the lock.
func (s *Store) save(data, old []byte, entry *ConsentEntry) error {
	path := s.paths.SettingsFile()
	var pf *renameio.PendingFile
	if !bytes.Equal(data, old) {
		var err error
		if pf, err = prepareFile(path, data); err != nil {
			return wrapProblem(CodeSettingsSave, err)
		}
		defer func() { _ = pf.Cleanup() }()
	}
	undo := func() error { return nil }
	if entry != nil {
		var err error
		if undo, err = s.appendConsent(*entry); err != nil {
			return err // appendConsent moved a torn last line aside first
		}
	} else {
		// Tidying only: a consent.jsonl that cannot be repaired (a link,
		// say) is left as it is, and the next append says why.
		_, _ = s.repairConsent()
	}
	if pf == nil {
		return nil
	}
	err := commitFile(pf, path)
	var ce *commitError
	if errors.As(err, &ce) {
		err = ce.err // the write's problem; ce only marks that path is unchanged
		if uerr := undo(); uerr != nil {
			return &Problem{Code: CodeSettingsSaveUndo, Undo: uerr, Err: err}
		}
	}
	if err != nil {
		return wrapProblem(CodeSettingsSave, err)
	}
	return nil
}

// LoadLicense reads license.json: (license, true, nil) if it is there and
// valid, (License{}, false, nil) if there is none, and an error naming the
// file if it cannot be read or is not valid.
func (s *Store) LoadLicense() (License, bool, error) {
	path := s.paths.LicenseFile()
	data, err := ReadFollow(path)
	if errors.Is(err, fs.ErrNotExist) {
		return License{}, false, nil
	}
	if err != nil {
		return License{}, false, err
	}
	l, err := ParseLicense(data)
	if err != nil {
		return License{}, true, fieldProblem(path, err)
	}
	return l, true, nil
}

// LicenseInstalled is what InstallLicense did.
type LicenseInstalled struct {
	// License is the license installed.
	License License
	// Kept is where the license.json it replaced was kept aside, because
	// it could not be read or was not a valid license file; "" if there was
	// none such.
	Kept string
}

// InstallLicense checks data as a license file and, only if it is valid,
// puts it in place as license.json atomically (mode 0600) under the lock.
// A license.json there that is a regular file but cannot be read or is not
// a valid license is first kept aside as license.json.corrupt-<UTC time>,
// as a broken settings.json is (docs/files.md): it is never lost.
func (s *Store) InstallLicense(data []byte) (LicenseInstalled, error) {
	l, err := ParseLicense(data)
	if err != nil {
		return LicenseInstalled{}, err
	}
	out := LicenseInstalled{License: l}
	err = s.withLock(func() error {
		path := s.paths.LicenseFile()
		if invalid := s.brokenLicense(); invalid != nil {
			kept, err := keepCorrupt(path, s.now())
			if err != nil {
				return &Problem{Code: CodeKeepFailed, Path: path, Invalid: invalid, Err: err}
			}
			out.Kept = kept
		}
		return WriteFileAtomic(path, data)
	})
	if err != nil {
		return LicenseInstalled{}, err
	}
	return out, nil
}

// brokenLicense is why license.json, a regular file (not a link), cannot
// be used (LoadLicense); nil if it can be, or is no such file.
func (s *Store) brokenLicense() error {
	fi, err := os.Lstat(s.paths.LicenseFile())
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	_, _, err = s.LoadLicense()
	return err
}

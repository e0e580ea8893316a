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
}

// NewStore returns a Store over the files in p. It touches no file.
func NewStore(p Paths) *Store {
	return &Store{paths: p, now: time.Now}
}

// Paths returns the directories of the Store.
func (s *Store) Paths() Paths { return s.paths }

// LoadNotice is what Load has to tell the user besides the settings.
type LoadNotice struct {
	// CorruptCopy is where an invalid settings.json was kept, "" if none.
	CorruptCopy string
	// Newer is true if settings.json has a newer schema than SchemaVersion;
	// the Store will not overwrite it.
	Newer bool
	// Message is one line for the user (TUI banner, stderr), "" if there is
	// nothing to say.
	Message string
	// TornConsentCopy is where a torn last line of consent.jsonl (a write
	// cut off by a crash, never a whole entry) was moved, "" if none. It is
	// not mentioned in Message: the history lost nothing.
	TornConsentCopy string
}

// snapshot is settings.json as read from disk.
type snapshot struct {
	settings Settings // Defaults() if the file is missing or invalid
	raw      []byte   // nil if the file is missing
	invalid  error    // why the file could not be used, nil if it can
}

// read reads and parses settings.json. A missing file is not an error.
// The last decision recorded in consent.jsonl is applied over the file if
// it turned participation off (see applyRecordedRefusal).
func (s *Store) read() (snapshot, error) {
	raw, err := os.ReadFile(s.paths.SettingsFile())
	if errors.Is(err, fs.ErrNotExist) {
		return snapshot{settings: Defaults()}, nil
	}
	if err != nil {
		return snapshot{}, fmt.Errorf("read settings: %w", err)
	}
	st, err := Parse(raw)
	if err != nil {
		return snapshot{settings: Defaults(), raw: raw, invalid: err}, nil
	}
	if _, last, ok := s.consentTailState(); ok {
		st = applyRecordedRefusal(st, last)
	}
	return snapshot{settings: st, raw: raw}, nil
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

// Load reads settings.json.
//
//   - No file: Defaults() and no notice.
//   - A file that is not valid JSON or breaks the schema: it is renamed (under
//     the lock) to settings.json.corrupt-<UTC time, e.g. 20261129T100000Z>,
//     Defaults() are returned, and the notice says where the copy is. If the
//     copy cannot be made, the notice says so and the error is still nil.
//   - A file with a newer schema: what is understood is returned with
//     notice.Newer set; Update will refuse to overwrite it (ErrNewerSchema).
//
// Load also tidies up after writers that died: it removes their temporary
// files (at once, under the lock, if a writer could still be at work) and
// moves a torn last line of consent.jsonl aside (notice.TornConsentCopy).
// If the last entry of consent.jsonl withdrew or declined after the
// decision settings.json records (a writer died between the two),
// participation is off. On an error reading the file it returns Defaults()
// and the error.
func (s *Store) Load() (Settings, LoadNotice, error) {
	torn := s.tidy()
	st, notice, err := s.load()
	notice.TornConsentCopy = torn
	return st, notice, err
}

// tidy removes the temporary files left by writers that died and moves a
// torn last line of consent.jsonl aside, returning where ("" if none).
// Temporary files older than staleAfter go without the lock; if younger
// ones or a torn line are found, it takes the lock, under which nothing is
// being written, and removes them all.
func (s *Store) tidy() string {
	// The files' times are the system's: compare with the system clock.
	left := removeTemps(s.paths.ConfigDir, time.Now().Add(-staleAfter))
	torn, _, _ := s.consentTailState()
	if left == 0 && !torn {
		return ""
	}
	var copyPath string
	_ = s.withLock(func() error {
		removeTemps(s.paths.ConfigDir, farFuture)
		copyPath, _ = s.repairConsent()
		return nil
	})
	return copyPath
}

// farFuture is a cutoff after every temporary file's time.
var farFuture = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// load is Load without the tidying.
func (s *Store) load() (Settings, LoadNotice, error) {
	snap, err := s.read()
	if err != nil {
		return Defaults(), LoadNotice{}, err
	}
	if snap.invalid == nil {
		return snap.settings, newerNotice(snap.settings), nil
	}
	var out Settings
	var notice LoadNotice
	lockErr := s.withLock(func() error {
		// Re-read under the lock: another process may have fixed or moved it.
		snap, err := s.read()
		if err != nil {
			return err
		}
		if snap.invalid == nil {
			out, notice = snap.settings, newerNotice(snap.settings)
			return nil
		}
		out = Defaults()
		copyPath, err := keepCorrupt(s.paths.SettingsFile(), s.now())
		if err != nil {
			notice.Message = fmt.Sprintf("%s was not valid (%v); using defaults (could not keep a copy: %v)",
				settingsName, snap.invalid, err)
			return nil
		}
		notice = LoadNotice{
			CorruptCopy: copyPath,
			Message: fmt.Sprintf("%s was not valid (%v); kept a copy at %s, using defaults",
				settingsName, snap.invalid, copyPath),
		}
		return nil
	})
	if lockErr != nil {
		return Defaults(), LoadNotice{
			Message: fmt.Sprintf("%s was not valid (%v); using defaults (could not keep a copy: %v)",
				settingsName, snap.invalid, lockErr),
		}, nil
	}
	return out, notice, nil
}

// newerNotice is the notice for settings read from a file of a newer schema,
// or no notice.
func newerNotice(st Settings) LoadNotice {
	if st.Schema <= SchemaVersion {
		return LoadNotice{}
	}
	return LoadNotice{
		Newer: true,
		Message: fmt.Sprintf("%s has schema %d, newer than this ksn understands (%d); it will not be overwritten",
			settingsName, st.Schema, SchemaVersion),
	}
}

// Update changes the settings: under the cross-process lock it re-reads
// settings.json, runs fn on what it read, validates the result and saves it.
// If fn returned an entry, it is appended to consent.jsonl (filling Prev).
// It returns the saved settings.
//
// The order makes a crash or a full disk safe: the new settings.json is
// written and synced to a temporary file first, then the entry is appended
// (one write; a failed one is cut back), then the temporary file is renamed
// over settings.json and the directory synced. If the rename fails the entry
// is taken back out. A process killed at any point leaves settings.json
// whole (old or new), consent.jsonl with whole lines, and at worst a
// recorded decision that did not take effect (see Load) and a temporary
// file, removed by the next Load or Update.
//
// Nothing is written if fn returns an error (which Update returns as is), if
// the result is not valid (participation on without an accepted statement,
// for one), or if the file has a newer schema (an error matching
// ErrNewerSchema). A file that is not valid is first kept aside as Load does
// and fn starts from Defaults(). If the result is byte for byte what is on
// disk, settings.json is not rewritten. On any error settings.json and
// consent.jsonl keep their old content.
func (s *Store) Update(fn func(*Settings) (*ConsentEntry, error)) (Settings, error) {
	var out Settings
	err := s.withLock(func() error {
		removeTemps(s.paths.ConfigDir, farFuture) // no writer is at work now
		snap, err := s.read()
		if err != nil {
			return err
		}
		if snap.invalid != nil {
			if _, err := keepCorrupt(s.paths.SettingsFile(), s.now()); err != nil {
				return fmt.Errorf("%s is not valid (%v) and could not be kept aside: %w",
					s.paths.SettingsFile(), snap.invalid, err)
			}
			snap = snapshot{settings: Defaults()}
		}
		if snap.settings.Schema > SchemaVersion {
			return &newerSchemaError{path: s.paths.SettingsFile(), schema: snap.settings.Schema}
		}
		next := snap.settings
		entry, err := fn(&next)
		if err != nil {
			return err
		}
		if err := next.Validate(); err != nil {
			return fmt.Errorf("not saving settings: %w", err)
		}
		data, err := encodeFile(next)
		if err != nil {
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
			return fmt.Errorf("save settings: %w", err)
		}
		defer func() { _ = pf.Cleanup() }()
	}
	undo := func() error { return nil }
	if entry != nil {
		var err error
		if undo, err = s.appendConsent(*entry); err != nil {
			return err
		}
	}
	if pf == nil {
		return nil
	}
	err := commitFile(pf, path)
	var ce *commitError
	if errors.As(err, &ce) {
		if uerr := undo(); uerr != nil {
			return fmt.Errorf("save settings: %w (and the consent entry just recorded could not be taken back: %v)", err, uerr)
		}
	}
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

// LoadLicense reads license.json: (license, true, nil) if it is there and
// valid, (License{}, false, nil) if there is none, and an error naming the
// file if it cannot be read or is not valid.
func (s *Store) LoadLicense() (License, bool, error) {
	path := s.paths.LicenseFile()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return License{}, false, nil
	}
	if err != nil {
		return License{}, false, err
	}
	l, err := ParseLicense(data)
	if err != nil {
		return License{}, true, fmt.Errorf("%s: %w", path, err)
	}
	return l, true, nil
}

// InstallLicense checks data as a license file and, only if it is valid,
// puts it in place as license.json atomically (mode 0600) under the lock. It
// returns the license installed.
func (s *Store) InstallLicense(data []byte) (License, error) {
	l, err := ParseLicense(data)
	if err != nil {
		return License{}, err
	}
	err = s.withLock(func() error {
		return WriteFileAtomic(s.paths.LicenseFile(), data)
	})
	if err != nil {
		return License{}, err
	}
	return l, nil
}

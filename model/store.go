package model

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"
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
}

// snapshot is settings.json as read from disk.
type snapshot struct {
	settings Settings // Defaults() if the file is missing or invalid
	raw      []byte   // nil if the file is missing
	invalid  error    // why the file could not be used, nil if it can
}

// read reads and parses settings.json. A missing file is not an error.
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
	return snapshot{settings: st, raw: raw}, nil
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
// Load also removes temporary files older than a minute left by writers
// that died. On an error reading the file it returns Defaults() and the
// error.
func (s *Store) Load() (Settings, LoadNotice, error) {
	removeStaleTemps(s.paths.ConfigDir, s.now())
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
// settings.json, runs fn on what it read, validates the result and, if fn
// returned an entry, appends it to consent.jsonl (filling Prev) before it
// writes settings.json atomically. It returns the saved settings.
//
// Nothing is written if fn returns an error (which Update returns as is), if
// the result is not valid (participation on without an accepted statement,
// for one), or if the file has a newer schema (an error matching
// ErrNewerSchema). A file that is not valid is first kept aside as Load does
// and fn starts from Defaults(). If the result is byte for byte what is on
// disk, settings.json is not rewritten.
func (s *Store) Update(fn func(*Settings) (*ConsentEntry, error)) (Settings, error) {
	var out Settings
	err := s.withLock(func() error {
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
		if entry != nil {
			if err := s.appendConsent(*entry); err != nil {
				return err
			}
		}
		if !bytes.Equal(data, snap.raw) {
			if err := WriteFileAtomic(s.paths.SettingsFile(), data); err != nil {
				return err
			}
		}
		out = next
		return nil
	})
	if err != nil {
		return Settings{}, err
	}
	return out, nil
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

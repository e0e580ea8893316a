package model

import (
	"os"
	"path/filepath"
	"time"
)

// lastCheckName is the file that keeps the last connection check's result
// while participating (docs/fleets.md).
const lastCheckName = "last_check.json"

// MaxLastCheckSize is the largest last_check.json ksn reads, in bytes: a
// result is far smaller; a larger file is not one ksn wrote.
const MaxLastCheckSize = 64 << 10

// LastCheckFile returns the path of last_check.json, in the state
// directory.
func (p Paths) LastCheckFile() string { return filepath.Join(p.StateDir, lastCheckName) }

// WriteLastCheck replaces last_check.json with data (the encoding is the
// caller's: model knows no check) atomically, mode 0600. The caller writes
// it only while participating (docs/files.md).
//
// It takes no lock: the file is replaced whole by a rename, never read,
// changed and written back, so concurrent writers each leave a whole file
// and the last one stays; and a read-only command may create no file but
// this one, not the lock file. Temporary files of it older than
// staleTempAge, which a writer that died left, are removed first.
func (s *Store) WriteLastCheck(data []byte) error {
	removeStaleTemps(s.paths.StateDir, lastCheckName, time.Now().Add(-staleTempAge))
	return WriteFileAtomic(s.paths.LastCheckFile(), data)
}

// staleTempAge is how old a temporary file of last_check.json must be to
// be one a writer that died left: a live writer renames its own within
// milliseconds.
const staleTempAge = time.Minute

// removeStaleTemps removes renameio's temporary files of target in dir
// last modified before cutoff. Errors are ignored: this is tidying only.
func removeStaleTemps(dir, target string, cutoff time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !isTempOf(e.Name(), target) {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() && fi.ModTime().Before(cutoff) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// ReadLastCheck reads last_check.json without following a symbolic link,
// only if it is a regular file of at most MaxLastCheckSize bytes. A missing
// file gives an error matching fs.ErrNotExist. It changes nothing.
func (s *Store) ReadLastCheck() ([]byte, error) {
	return ReadRegularFile(s.paths.LastCheckFile(), MaxLastCheckSize)
}

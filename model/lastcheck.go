package model

import "path/filepath"

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
// caller's: model knows no check), atomically and under the lock, mode
// 0600, tidying temporary files of it that a writer that died left. The
// caller writes it only while participating (README "Files").
func (s *Store) WriteLastCheck(data []byte) error {
	return s.withLock(func() error {
		removeTempsOf(s.paths.StateDir, lastCheckName)
		return WriteFileAtomic(s.paths.LastCheckFile(), data)
	})
}

// ReadLastCheck reads last_check.json without following a symbolic link,
// only if it is a regular file of at most MaxLastCheckSize bytes. A missing
// file gives an error matching fs.ErrNotExist. It changes nothing.
func (s *Store) ReadLastCheck() ([]byte, error) {
	return ReadRegularFile(s.paths.LastCheckFile(), MaxLastCheckSize)
}

package model

import (
	"os"

	"github.com/gofrs/flock"
)

// withLock runs fn holding the Store's mutex and an exclusive flock on the
// lock file beside settings.json, so that one change at a time happens across
// goroutines and processes. The lock file is a sidecar: the files that are
// replaced by rename are never locked themselves. fn must re-read what it
// changes.
//
// The lock file is opened with O_NOFOLLOW and must be a regular file: a
// symbolic link (dangling or not) or a FIFO there is refused with an error
// naming it, and nothing is changed (docs/files.md).
func (s *Store) withLock(fn func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := mkdirPrivate(s.paths.ConfigDir); err != nil {
		return err
	}
	path := s.paths.LockFile()
	fl := flock.New(path, flock.SetPermissions(0o600), flock.SetFlag(os.O_CREATE|os.O_RDONLY|openFlags))
	if err := fl.Lock(); err != nil {
		if refused := refusal(path); refused != nil {
			return refused
		}
		return pathProblem(CodeFileLock, path, err)
	}
	defer func() { _ = fl.Unlock() }()
	// What was opened, and is locked, must be a regular file.
	fi, err := fl.Stat()
	if err != nil {
		return pathProblem(CodeFileLock, path, err)
	}
	if !fi.Mode().IsRegular() {
		return notRegular(path, fi.Mode())
	}
	return fn()
}

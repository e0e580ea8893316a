package model

import (
	"fmt"

	"github.com/gofrs/flock"
)

// withLock runs fn holding the Store's mutex and an exclusive flock on the
// lock file beside settings.json, so that one change at a time happens across
// goroutines and processes. The lock file is a sidecar: the files that are
// replaced by rename are never locked themselves. fn must re-read what it
// changes.
func (s *Store) withLock(fn func() error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := mkdirPrivate(s.paths.ConfigDir); err != nil {
		return err
	}
	fl := flock.New(s.paths.LockFile(), flock.SetPermissions(0o600))
	if err := fl.Lock(); err != nil {
		return fmt.Errorf("lock %s: %w", fl.Path(), err)
	}
	defer func() { _ = fl.Unlock() }()
	return fn()
}

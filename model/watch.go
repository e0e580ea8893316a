package model

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// pollInterval is how often Watch looks at the directory when fsnotify is not
// available.
const pollInterval = 500 * time.Millisecond

// Watch reports changes to the files in the configuration directory
// (settings.json, license.json and anything else there, but not the lock file
// or temporary files) until ctx ends. Reports are coalesced: the channel has
// room for one, and a report is dropped if one is already waiting, so after
// each receive the caller should re-read what it shows. The channel is closed
// when ctx ends and the watcher is gone.
//
// Watch creates nothing: the TUI watches before any decision, and reading
// changes no file (docs/files.md). It uses fsnotify on the directory; while the
// directory is missing, or if fsnotify fails or later reports an error, it
// polls the directory every 500 ms instead, and goes back to fsnotify once
// the directory is there and can be watched.
func (s *Store) Watch(ctx context.Context) (<-chan struct{}, error) {
	dir := s.paths.ConfigDir
	ch := make(chan struct{}, 1)
	var w *fsnotify.Watcher
	if !s.forcePoll {
		w = newDirWatcher(dir)
	}
	// Look before returning, so that no change after Watch is missed.
	var last map[string]fs.FileInfo
	if w == nil {
		last = lookDir(dir)
	}
	go func() {
		defer close(ch)
		for {
			if w != nil && !watchEvents(ctx, dir, w, ch) {
				return // ctx ended
			}
			if w != nil {
				last = lookDir(dir) // the watcher failed or the directory went
			}
			if w = pollDir(ctx, dir, last, ch, !s.forcePoll); w == nil {
				return
			}
		}
	}()
	return ch, nil
}

// newDirWatcher returns an fsnotify watcher on dir, or nil if there is none.
func newDirWatcher(dir string) *fsnotify.Watcher {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil
	}
	if err := w.Add(dir); err != nil {
		_ = w.Close()
		return nil
	}
	return w
}

// watchEvents forwards relevant events of w until ctx ends (false) or the
// watcher fails (true: fall back to polling). It closes w.
func watchEvents(ctx context.Context, dir string, w *fsnotify.Watcher, ch chan<- struct{}) (fallBack bool) {
	defer func() { _ = w.Close() }()
	dir = filepath.Clean(dir)
	for {
		select {
		case <-ctx.Done():
			return false
		case ev, ok := <-w.Events:
			if !ok {
				return true
			}
			if filepath.Clean(ev.Name) == dir {
				if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
					notify(ch) // the directory went away: watch it by polling
					return true
				}
				continue
			}
			if relevant(ev.Name) {
				notify(ch)
			}
		case <-w.Errors:
			// Events may have been lost (e.g. a queue overflow): say that
			// something may have changed and keep watching by polling.
			notify(ch)
			return true
		}
	}
}

// pollDir reports a change whenever the relevant files of dir differ from
// the last look (first the given one), until ctx ends (nil). If upgrade is
// set, it stops polling as soon as dir can be watched with fsnotify and
// returns the watcher, having reported what changed since the last look.
func pollDir(ctx context.Context, dir string, last map[string]fs.FileInfo, ch chan<- struct{}, upgrade bool) *fsnotify.Watcher {
	t := time.NewTicker(pollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			var w *fsnotify.Watcher
			if fi, err := os.Stat(dir); upgrade && err == nil && fi.IsDir() {
				w = newDirWatcher(dir)
			}
			now := lookDir(dir) // after adding the watcher: nothing falls between
			if !sameLook(last, now) {
				notify(ch)
			}
			last = now
			if w != nil {
				return w
			}
		}
	}
}

// lookDir returns the file information of the relevant entries of dir; an
// unreadable or missing directory looks empty.
func lookDir(dir string) map[string]fs.FileInfo {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	look := make(map[string]fs.FileInfo, len(entries))
	for _, e := range entries {
		if !relevant(e.Name()) {
			continue
		}
		if fi, err := e.Info(); err == nil {
			look[e.Name()] = fi
		}
	}
	return look
}

// sameLook reports whether two looks at a directory show the same files:
// same names, and for each the same file (inode), size, mode and time.
func sameLook(a, b map[string]fs.FileInfo) bool {
	if len(a) != len(b) {
		return false
	}
	for name, fa := range a {
		fb, ok := b[name]
		if !ok || fa.Size() != fb.Size() || fa.Mode() != fb.Mode() ||
			!fa.ModTime().Equal(fb.ModTime()) || !os.SameFile(fa, fb) {
			return false
		}
	}
	return true
}

// relevant reports whether a change to the file named name is worth
// reporting: not the lock file, not a hidden or temporary file.
func relevant(name string) bool {
	base := filepath.Base(name)
	return base != lockName && !strings.HasPrefix(base, ".")
}

// notify sends a report unless one is already waiting.
func notify(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

package model

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/google/renameio/v2"
)

// WriteFileAtomic replaces path with data, mode 0600, so that a reader sees
// either the old or the new file, whole: a temporary file in the same
// directory is written, synced and renamed over path, then the directory is
// synced. The mode is 0600 even if the file being replaced had another (a
// renameio pending file with static permissions, unlike renameio.WriteFile,
// which would keep a looser mode). A missing directory is created with mode
// 0700. On an error path is left as it was and the temporary file is
// removed. It takes no lock; a Store holds its lock around its own writes.
func WriteFileAtomic(path string, data []byte) error {
	pf, err := prepareFile(path, data)
	if err != nil {
		return err
	}
	defer func() { _ = pf.Cleanup() }()
	return commitFile(pf, path)
}

// prepareFile writes data to a new temporary file beside path, mode 0600,
// and syncs it, so that a full disk shows up here, before anything else is
// changed. The caller commits it with commitFile or drops it with Cleanup.
func prepareFile(path string, data []byte) (*renameio.PendingFile, error) {
	dir := filepath.Dir(path)
	if err := mkdirPrivate(dir); err != nil {
		return nil, pathProblem(CodeFileWrite, path, err)
	}
	pf, err := renameio.NewPendingFile(path,
		renameio.WithStaticPermissions(0o600),
		renameio.WithTempDir(dir))
	if err != nil {
		return nil, pathProblem(CodeFileWrite, path, cause(err))
	}
	if _, err := pf.Write(data); err != nil {
		_ = pf.Cleanup()
		return nil, pathProblem(CodeFileWrite, path, cause(err))
	}
	if err := pf.Sync(); err != nil {
		_ = pf.Cleanup()
		return nil, pathProblem(CodeFileWrite, path, cause(err))
	}
	return pf, nil
}

// commitFile renames a prepared file over path and syncs the directory. If
// the rename fails the error is a *commitError and path is unchanged; if
// only the sync of the directory fails, the new content is already visible.
func commitFile(pf *renameio.PendingFile, path string) error {
	if err := pf.CloseAtomicallyReplace(); err != nil {
		return &commitError{err: pathProblem(CodeFileWrite, path, cause(err))}
	}
	return syncDir(filepath.Dir(path))
}

// commitError is the error of a rename that did not happen: path still
// holds its old content. err is the problem (CodeFileWrite).
type commitError struct {
	err error
}

// Error implements error: the problem's.
func (e *commitError) Error() string { return e.err.Error() }

// Unwrap returns the problem.
func (e *commitError) Unwrap() error { return e.err }

// cause strips the *os.PathError (or *os.LinkError) around a system error,
// whose path is a temporary file's name the user need not see.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// mkdirPrivate creates dir (and missing parents) with mode 0700 if it does
// not exist. An existing directory is left as it is.
func mkdirPrivate(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return pathProblem(CodeFileNotDir, dir, nil)
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dir))
}

// syncDir fsyncs a directory so that a rename or a new entry in it is
// durable. File systems that cannot sync a directory are tolerated.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer func() { _ = d.Close() }()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return pathProblem(CodeFileSync, dir, err)
	}
	return nil
}

// corruptStamp is the layout of the time in a corrupt copy's name.
const corruptStamp = "20060102T150405Z"

// keepCorrupt renames path to path.corrupt-<UTC time> (with -2, -3, … if
// that name is taken) and returns the new name. The caller holds the lock.
func keepCorrupt(path string, now time.Time) (string, error) {
	name, err := freeName(path+".corrupt-"+now.UTC().Format(corruptStamp), path)
	if err != nil {
		return "", err
	}
	if err := os.Rename(path, name); err != nil {
		return "", err
	}
	return name, syncDir(filepath.Dir(path))
}

// removeTemps removes renameio's temporary files for settings.json and
// license.json (".settings.json<digits>") in dir. The caller holds the
// lock: every writer of those files holds it while its temporary file
// exists, so any found then was left by one that died. Only regular files
// are removed; errors are ignored: this is tidying only.
func removeTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !isTempName(e.Name()) {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// isTempName reports whether name is a renameio temporary file of one of the
// files a Store writes: "." + the file name + a decimal number.
func isTempName(name string) bool { return isTempOf(name, settingsName, licenseName) }

// isTempOf reports whether name is a renameio temporary file of one of
// targets: "." + the file name + a decimal number.
func isTempOf(name string, targets ...string) bool {
	for _, target := range targets {
		digits, ok := strings.CutPrefix(name, "."+target)
		if ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
			return true
		}
	}
	return false
}

// ReplaceFile replaces path with data atomically, as WriteFileAtomic does,
// but with mode perm (less the umask) and without creating its directory:
// for a file others read, such as the metrics node_exporter's textfile
// collector picks up (docs/fleets.md). A symbolic link at path is replaced,
// its target never written. An error is a CodeFileWrite problem naming
// path; path is then left as it was.
func ReplaceFile(path string, data []byte, perm fs.FileMode) error {
	pf, err := renameio.NewPendingFile(path,
		renameio.WithPermissions(perm),
		renameio.WithTempDir(filepath.Dir(path)))
	if err != nil {
		return pathProblem(CodeFileWrite, path, cause(err))
	}
	defer func() { _ = pf.Cleanup() }()
	if _, err := pf.Write(data); err != nil {
		return pathProblem(CodeFileWrite, path, cause(err))
	}
	if err := pf.Sync(); err != nil {
		return pathProblem(CodeFileWrite, path, cause(err))
	}
	if err := commitFile(pf, path); err != nil {
		var ce *commitError
		if errors.As(err, &ce) {
			return ce.err
		}
		return err
	}
	return nil
}

package model

import (
	"errors"
	"fmt"
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
// synced. A missing directory is created with mode 0700. It takes no lock;
// a Store holds its lock around its own writes.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := mkdirPrivate(dir); err != nil {
		return err
	}
	pf, err := renameio.NewPendingFile(path,
		renameio.WithStaticPermissions(0o600),
		renameio.WithTempDir(dir))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() { _ = pf.Cleanup() }()
	if _, err := pf.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := pf.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return syncDir(dir)
}

// mkdirPrivate creates dir (and missing parents) with mode 0700 if it does
// not exist. An existing directory is left as it is.
func mkdirPrivate(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case err == nil && fi.IsDir():
		return nil
	case err == nil:
		return fmt.Errorf("%s is not a directory", dir)
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
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// corruptStamp is the layout of the time in a corrupt copy's name.
const corruptStamp = "20060102T150405Z"

// keepCorrupt renames path to path.corrupt-<UTC time> (with -2, -3, … if
// that name is taken) and returns the new name. The caller holds the lock.
func keepCorrupt(path string, now time.Time) (string, error) {
	base := path + ".corrupt-" + now.UTC().Format(corruptStamp)
	name := base
	for i := 2; ; i++ {
		_, err := os.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			break
		}
		if err != nil {
			return "", err
		}
		if i > 1000 {
			return "", fmt.Errorf("keep a copy of %s: too many copies named %s-N", path, base)
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
	if err := os.Rename(path, name); err != nil {
		return "", err
	}
	return name, syncDir(filepath.Dir(path))
}

// staleAfter is the age after which a temporary file left by a writer that
// died is removed.
const staleAfter = time.Minute

// removeStaleTemps removes renameio's temporary files for settings.json and
// license.json (".settings.json<digits>") that are older than staleAfter.
// Errors are ignored: this is tidying only.
func removeStaleTemps(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !isTempName(e.Name()) {
			continue
		}
		fi, err := e.Info()
		if err != nil || !fi.Mode().IsRegular() || now.Sub(fi.ModTime()) < staleAfter {
			continue
		}
		_ = os.Remove(filepath.Join(dir, e.Name()))
	}
}

// isTempName reports whether name is a renameio temporary file of one of the
// files a Store writes: "." + the file name + a decimal number.
func isTempName(name string) bool {
	for _, target := range []string{settingsName, licenseName} {
		digits, ok := strings.CutPrefix(name, "."+target)
		if ok && digits != "" && strings.Trim(digits, "0123456789") == "" {
			return true
		}
	}
	return false
}

//go:build unix

package serve

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// checkStrictModes refuses an authorized_keys file that anyone but the
// user running ksn (or root) could change, as OpenSSH's StrictModes does
// (auth.c, auth_secure_path): the file, symlinks resolved, must be a
// regular file, and it and each directory above it, up to home ("" for the
// user's home directory) or /, must be owned by the user or root and writable by
// neither group nor others. opened is the file as opened, so that the file
// checked is the one read. The error names the path that is wrong.
func checkStrictModes(path, home string, opened os.FileInfo) error {
	real, err := filepath.EvalSymlinks(path)
	if err == nil {
		real, err = filepath.Abs(real)
	}
	if err != nil {
		return err
	}
	info, err := os.Stat(real)
	if err != nil {
		return err
	}
	if !os.SameFile(info, opened) {
		return errors.New("it was replaced while being read")
	}
	if err := securePath("file", real, info); err != nil {
		return err
	}
	home = homeDir(home)
	for dir := filepath.Dir(real); ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err != nil {
			return err
		}
		if err := securePath("directory", dir, info); err != nil {
			return err
		}
		if dir == home || dir == filepath.Dir(dir) {
			return nil
		}
	}
}

// securePath checks one path's owner and mode.
func securePath(what, path string, info os.FileInfo) error {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		if uid := int(st.Uid); uid != 0 && uid != os.Getuid() {
			return fmt.Errorf("%s %s is owned by uid %d, neither by you (uid %d) nor by root", what, path, uid, os.Getuid())
		}
	}
	if mode := info.Mode().Perm(); mode&0o022 != 0 {
		return fmt.Errorf("%s %s is writable by group or others (mode %04o; chmod go-w %s)", what, path, mode, path)
	}
	return nil
}

// homeDir is home, or the user's home directory if home is "", symlinks
// resolved; "" if unknown.
func homeDir(home string) string {
	var err error
	if home == "" {
		if home, err = os.UserHomeDir(); err != nil {
			return ""
		}
	}
	if home, err = filepath.EvalSymlinks(home); err != nil {
		return ""
	}
	if home, err = filepath.Abs(home); err != nil {
		return ""
	}
	return home
}

//go:build unix

package model

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// nobodyUID is the overflow user "nobody" on Linux: inside a user
// namespace (the packaged systemd unit's), files of users not mapped into
// it, root's among them, appear to belong to it.
const nobodyUID = 65534

// CheckStrictModes refuses a file that anyone but the user running ksn or
// root could change, as OpenSSH's StrictModes does (auth.c,
// auth_secure_path; docs/policy.md, "ksn serve"): the file,
// symbolic links resolved, and each directory above it, up to stop ("" for
// /), must be owned by the user, root or the overflow user "nobody" (root
// as a user namespace sees it), and be writable by neither group nor
// others, except a root-owned directory with the sticky bit, such as /tmp,
// where no one else can replace what is in it. opened is the file as
// opened, so that the file checked is the one read. The error is a
// Problem naming the path that is wrong: CodeStrict* (its mode as it is in
// Got, or its owner's uid).
func CheckStrictModes(path, stop string, opened fs.FileInfo) error {
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
		return &Problem{Code: CodeStrictReplaced, Path: path}
	}
	you, nobody := os.Getuid(), overflowUID()
	if err := secureFile(real, info, you, nobody); err != nil {
		return err
	}
	if err := secureDirs(filepath.Dir(real), stop, you, nobody); err != nil {
		return err
	}
	// A link's own directories too: whoever can change them can change
	// where it points.
	if abs, err := filepath.Abs(path); err == nil && filepath.Dir(abs) != filepath.Dir(real) {
		return secureDirs(filepath.Dir(abs), stop, you, nobody)
	}
	return nil
}

// secureDirs checks first and each directory above it, up to stop or /.
func secureDirs(first, stop string, you int, nobody []int) error {
	for dir := first; ; dir = filepath.Dir(dir) {
		info, err := os.Stat(dir)
		if err != nil {
			return err
		}
		own := dir == first && filepath.Base(dir) == "ksn"
		if err := secureDir(dir, info, you, nobody, own); err != nil {
			return err
		}
		if dir == stop || dir == filepath.Dir(dir) {
			return nil
		}
	}
}

// secureFile checks the file's owner and mode.
func secureFile(path string, info fs.FileInfo, you int, nobody []int) error {
	if uid, ok := owner(info); ok && !trusted(uid, you, nobody) {
		return &Problem{Code: CodeStrictOwnerFile, Path: path, Got: strconv.Itoa(uid)}
	}
	if info.Mode().Perm()&0o022 != 0 {
		return &Problem{Code: CodeStrictFileMode, Path: path, Got: octal(info.Mode())}
	}
	return nil
}

// secureDir checks a directory's owner and mode. own is ksn's own
// directory, which the file's owner may tighten; any other directory may
// be shared, and the advice is then to move the file, never to change it.
func secureDir(path string, info fs.FileInfo, you int, nobody []int, own bool) error {
	uid, ok := owner(info)
	if ok && !trusted(uid, you, nobody) {
		return &Problem{Code: CodeStrictOwnerDir, Path: path, Got: strconv.Itoa(uid)}
	}
	mode := info.Mode()
	switch {
	case mode.Perm()&0o022 == 0:
		return nil
	case mode&fs.ModeSticky != 0 && ok && uid == 0:
		return nil // as /tmp: no one else can replace what is in it
	case own && ok && uid == you:
		return &Problem{Code: CodeStrictDirMode, Path: path, Got: octal(mode)}
	}
	return &Problem{Code: CodeStrictSharedDir, Path: path, Got: octal(mode)}
}

// trusted reports whether uid may own a file ksn trusts: the user running
// ksn, root or "nobody".
func trusted(uid, you int, nobody []int) bool {
	if uid == 0 || uid == you {
		return true
	}
	for _, n := range nobody {
		if uid == n {
			return true
		}
	}
	return false
}

// owner is the uid that owns info's file, if the system says.
func owner(info fs.FileInfo) (int, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// overflowUID is the uids of "nobody": 65534 and the kernel's overflowuid
// where it says another.
func overflowUID() []int {
	uids := []int{nobodyUID}
	data, err := os.ReadFile("/proc/sys/kernel/overflowuid") // a few bytes of procfs
	if err != nil {
		return uids
	}
	if n, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && n != nobodyUID && n != 0 {
		uids = append(uids, n)
	}
	return uids
}

// octal is mode as chmod writes it, with its set-id and sticky bits, e.g.
// "0777" or "1777".
func octal(mode fs.FileMode) string {
	bits := uint32(mode.Perm())
	if mode&fs.ModeSetuid != 0 {
		bits |= 0o4000
	}
	if mode&fs.ModeSetgid != 0 {
		bits |= 0o2000
	}
	if mode&fs.ModeSticky != 0 {
		bits |= 0o1000
	}
	return fmt.Sprintf("%04o", bits)
}

package model

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// docs/files.md: ksn never writes through a symbolic link. The files it changes
// in place (consent.jsonl, appended to; the lock file) are opened with
// O_NOFOLLOW, and what is opened must be a regular file. The files it
// replaces by rename (settings.json, license.json, the copies it keeps
// aside, the render cache) replace a link and never touch its target; the
// temporary files of a rename are created with O_EXCL, which does not
// follow a link either.

// LinkError is the refusal of a file that is a symbolic link where ksn
// reads or writes a file in place, for errors.As. It comes inside a
// CodeFileLink problem, which says it; its own Error is for logs.
type LinkError struct {
	// Path is the file that is a link.
	Path string
}

// Error implements error: one line naming the file.
func (e *LinkError) Error() string {
	return e.Path + " is a symbolic link, which ksn does not follow: put the file itself there"
}

// NotRegularError is the refusal of a file that is not a regular file (a
// FIFO, a device, a directory) where ksn reads or writes one in place, for
// errors.As. It comes inside a CodeFileNotRegular problem, which says it.
type NotRegularError struct {
	// Path is the file.
	Path string
	// Mode is what it is.
	Mode fs.FileMode
}

// Error implements error: one line naming the file.
func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is not a regular file (%s); ksn reads and writes only regular files there", e.Path, typeAndPerm(e.Mode))
}

// openFlags are added to every open of a file read or written in place:
// no following a link, no blocking on a FIFO, no leaking to a child.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK | syscall.O_CLOEXEC

// openRegular opens path with flag (and openFlags) and perm, refusing a
// symbolic link (a CodeFileLink problem around a *LinkError) and anything
// that is not a regular file (CodeFileNotRegular, a *NotRegularError). A missing file gives an error matching
// fs.ErrNotExist unless flag has O_CREATE.
func openRegular(path string, flag int, perm fs.FileMode) (*os.File, error) {
	f, err := os.OpenFile(path, flag|openFlags, perm)
	if err != nil {
		if refused := refusal(path); refused != nil {
			return nil, refused
		}
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		_ = f.Close()
		return nil, notRegular(path, fi.Mode())
	}
	return f, nil
}

// refusal returns the refusal of path after an open of it failed: a
// CodeFileLink problem around a *LinkError if it is a symbolic link (O_NOFOLLOW fails with ELOOP on
// Linux and macOS, EMLINK on FreeBSD), nil otherwise.
func refusal(path string) error {
	fi, err := os.Lstat(path)
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return &Problem{Code: CodeFileLink, Path: path, Err: &LinkError{Path: path}}
	}
	return nil
}

// typeAndPerm is what a file is and its permission bits, as ls -l shows
// them: "drwxr-xr-x" for a directory, "prw-r--r--" for a FIFO.
func typeAndPerm(mode fs.FileMode) string {
	return (mode & (fs.ModeType | fs.ModePerm)).String()
}

// notRegular is the refusal of path, a file of mode that is not regular.
func notRegular(path string, mode fs.FileMode) error {
	return &Problem{Code: CodeFileNotRegular, Path: path, Got: typeAndPerm(mode),
		Err: &NotRegularError{Path: path, Mode: mode}}
}

// ReadRegularFile reads path without following a symbolic link and only if
// it is a regular file of at most limit bytes: for files ksn keeps for
// itself, such as the render cache, which it uses only if they check out.
// A link gives a *LinkError, anything else not regular a
// *NotRegularError (each inside its problem), a larger file a
// CodeFileTooLarge problem.
func ReadRegularFile(path string, limit int64) ([]byte, error) {
	f, err := openRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return readLimited(path, f, fi.Size(), limit)
}

// MaxFileSize is the largest file ksn reads whole, in bytes (docs/files.md):
// settings.json, license.json, a policy, authorized_keys.
const MaxFileSize = 1 << 20

// ReadFollow reads path, following a symbolic link (settings.json and
// license.json may be links: ksn replaces them, never writes through
// them), but only if it is a regular file of at most MaxFileSize bytes
// (docs/files.md): it opens without blocking and refuses at once a FIFO,
// a device (/dev/zero behind a link) or a larger file, each with a
// problem naming path. A missing file gives an error matching
// fs.ErrNotExist.
func ReadFollow(path string) ([]byte, error) { return readFollowing(path, nil) }

// readFollowing opens path without blocking, following links, and reads
// it if it is a regular file of at most MaxFileSize bytes that check (if
// any) passes, as it was opened.
func readFollowing(path string, check func(os.FileInfo) error) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular(path, fi.Mode())
	}
	if check != nil {
		if err := check(fi); err != nil {
			return nil, err
		}
	}
	return readLimited(path, f, fi.Size(), MaxFileSize)
}

// readLimited reads f, the regular file at path of size bytes, refusing it
// at once (CodeFileTooLarge) if it has, or grows to, more than limit.
func readLimited(path string, f *os.File, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, &Problem{Code: CodeFileTooLarge, Path: path, Limit: limit}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &Problem{Code: CodeFileTooLarge, Path: path, Limit: limit}
	}
	return data, nil
}

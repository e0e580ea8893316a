package model

import (
	"os"
	"syscall"
)

// ReadTrusted reads the file at path, following links, if it is a regular
// file of at most MaxFileSize bytes that passes StrictModes up to stop (""
// for /): the files others could use to get in or to lift a lock, a
// policy and authorized_keys (README "Managed settings", "ksn serve"). It
// opens without blocking, so a FIFO is refused at once. A missing file
// gives an error matching fs.ErrNotExist; any other refusal is a Problem
// naming the path that is wrong.
func ReadTrusted(path, stop string) ([]byte, error) {
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
	if err := CheckStrictModes(path, stop, fi); err != nil {
		return nil, err
	}
	return readLimited(path, f, fi.Size(), MaxFileSize)
}

package model

import "os"

// ReadTrusted reads the file at path, following links, if it is a regular
// file of at most MaxFileSize bytes that passes StrictModes up to stop (""
// for /): the files others could use to get in or to lift a lock, a
// policy and authorized_keys (docs/policy.md, "ksn serve"). It
// opens without blocking, so a FIFO is refused at once. A missing file
// gives an error matching fs.ErrNotExist; any other refusal is a Problem
// naming the path that is wrong.
func ReadTrusted(path, stop string) ([]byte, error) {
	return readFollowing(path, func(fi os.FileInfo) error { return CheckStrictModes(path, stop, fi) })
}

package model

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"
	"unicode/utf8"
)

// The files of docs/sent.md that grow by lines (the spool of process
// times, sent.jsonl) are appended to under a lock, one whole line in one
// write, and capped: once one passes its cap, its oldest lines go. A torn
// last line (a write cut off by a crash) is cut off by the next append; one
// longer than any line read (not ksn's) is ended with a newline instead,
// and so skipped by readers, so that an append reads back a bounded part
// of the file, however large it is.
//
// The lock is an flock on the file itself, not the lock file beside
// settings.json: these files are written while participating by commands
// that otherwise change nothing (docs/files.md), and make no other file.
// A file that was replaced (its oldest lines dropped) while a writer
// waited for its lock is opened again.

// lockedFile opens the file at path in dir (made 0700 if missing) to
// append to it, creating it with mode 0600, and locks it: the caller
// unlocks it by closing it. A symbolic link or a file that is not regular
// is refused (see openRegular).
func lockedFile(dir, path string) (*os.File, error) {
	if err := mkdirPrivate(dir); err != nil {
		return nil, pathProblem(CodeFileWrite, path, err)
	}
	for range 100 {
		f, err := openRegular(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return nil, err
		}
		if err := flockWait(f); err != nil {
			_ = f.Close()
			return nil, pathProblem(CodeFileLock, path, err)
		}
		held, err1 := f.Stat()
		now, err2 := os.Lstat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return f, nil
		}
		_ = f.Close() // replaced meanwhile: lock the new one
	}
	return nil, pathProblem(CodeFileLock, path, nil)
}

// flockWait takes an exclusive flock on f, waiting for it.
func flockWait(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}

// appendCapped appends line (without its newline) to the file at path in
// dir, mode 0600, under its lock, then drops its oldest lines while it is
// longer than limit. maxLine is the longest line its readers take (see
// readLines): a torn last line is looked for no further back. A symbolic
// link or a file that is not regular is refused (see openRegular), and
// nothing is written.
func appendCapped(dir, path string, line []byte, limit int64, maxLine int) error {
	f, err := lockedFile(dir, path)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return pathProblem(CodeFileWrite, path, err)
	}
	size := fi.Size()
	cut, long, err := wholeLinesEnd(f, size, maxLine)
	if err != nil {
		return pathProblem(CodeFileWrite, path, err)
	}
	if cut != size {
		if err := f.Truncate(cut); err != nil {
			return pathProblem(CodeFileWrite, path, cause(err))
		}
		size = cut
	}
	buf := make([]byte, 0, len(line)+2)
	if long {
		buf = append(buf, '\n') // ends the long last line: skipped by readers
	}
	buf = append(append(buf, line...), '\n')
	if _, err := f.Write(buf); err != nil {
		_ = f.Truncate(size) // never part of a line
		return pathProblem(CodeFileWrite, path, cause(err))
	}
	if err := f.Sync(); err != nil {
		return pathProblem(CodeFileSync, path, cause(err))
	}
	if fi.Mode().Perm() != 0o600 {
		_ = f.Chmod(0o600)
	}
	if size+int64(len(buf)) > limit {
		return keepNewest(f, path, size+int64(len(buf)), limit)
	}
	return nil
}

// wholeLinesEnd is where the whole lines of f (of size bytes) end: size,
// or just after its last newline when a torn line follows it. It reads
// back at most maxLine+1 bytes, whatever the size of f: a last line
// without its newline that is longer than maxLine is not looked into, and
// long reports it (end is then size). Readers skip such a line whole, torn
// or not, once a newline ends it.
func wholeLinesEnd(f *os.File, size int64, maxLine int) (end int64, long bool, err error) {
	if size == 0 {
		return 0, false, nil
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, size-1); err != nil {
		return 0, false, err
	}
	if last[0] == '\n' {
		return size, false, nil
	}
	stop := max(size-int64(maxLine)-1, 0)
	for end := size; end > stop; {
		n := min(int64(4096), end-stop)
		buf := make([]byte, n)
		if _, err := f.ReadAt(buf, end-n); err != nil && !errors.Is(err, io.EOF) {
			return 0, false, err
		}
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			return end - n + int64(i) + 1, false, nil
		}
		end -= n
	}
	if stop > 0 {
		return size, true, nil
	}
	return 0, false, nil
}

// keepNewest replaces the file at path (f, of size bytes) by its newest
// whole lines that fit in limit bytes, atomically.
func keepNewest(f *os.File, path string, size, limit int64) error {
	buf := make([]byte, limit)
	n, err := f.ReadAt(buf, size-limit)
	if err != nil && !errors.Is(err, io.EOF) {
		return pathProblem(CodeFileWrite, path, cause(err))
	}
	buf = buf[:n]
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		buf = buf[i+1:] // the oldest line kept only in part goes whole
	} else {
		buf = nil
	}
	return WriteFileAtomic(path, buf)
}

// readLines calls fn with each whole line of the file at path, oldest
// first, reading it as a stream: at most its last window bytes (an older
// part, beyond what ksn keeps, is skipped), and lines of at most maxLine
// bytes (a longer one is passed as nil, so that a reader counts it as not
// one of its lines). A line that is not valid UTF-8 is passed as nil too:
// ksn writes only UTF-8, and encoding/json would copy such bytes into a
// json.RawMessage as they are, onto a terminal (docs/sent.md). A missing
// file has no lines; a symbolic link or a file that is not regular is
// refused.
func readLines(path string, window int64, maxLine int, fn func([]byte)) error {
	f, err := openRegular(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	var r io.Reader = f
	skipFirst := false
	if fi.Size() > window {
		r = io.NewSectionReader(f, fi.Size()-window, window)
		skipFirst = true // it may start inside a line
	} else {
		r = io.LimitReader(f, window)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, long, err := readLine(br, maxLine)
		if errors.Is(err, io.EOF) {
			return nil // a last line without its newline is torn: not a line
		}
		if err != nil {
			return err
		}
		if skipFirst {
			skipFirst = false
			continue
		}
		switch {
		case long, !utf8.Valid(line):
			fn(nil)
		case len(line) > 0:
			fn(line)
		}
	}
}

// readLine reads one line ending in a newline from br, without it; long
// reports a line longer than maxLine, read and dropped. io.EOF comes for
// the end, also after a last line without its newline.
func readLine(br *bufio.Reader, maxLine int) (line []byte, long bool, err error) {
	for {
		part, err := br.ReadSlice('\n')
		switch {
		case err == nil:
			if long || len(line)+len(part)-1 > maxLine {
				return nil, true, nil
			}
			return append(line, part[:len(part)-1]...), false, nil
		case errors.Is(err, bufio.ErrBufferFull):
			if !long && len(line)+len(part) <= maxLine {
				line = append(line, part...)
			} else {
				long, line = true, nil
			}
		default:
			return nil, false, err
		}
	}
}

package model

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// tornSuffix is put between consent.jsonl and the time in the name of the
// copy of a torn last line.
const tornSuffix = ".torn-"

// consentTail is the end of consent.jsonl, all an append needs to read.
type consentTail struct {
	size int64  // size of the file; 0 if it is missing or empty
	last []byte // the last line that ends with a newline, without it; nil if none
	frag []byte // what follows the last newline; nil if nothing
	// long reports that the last line or what follows it is longer than
	// maxConsentLine: not an entry, and not read (last and frag are nil).
	long bool
}

// tailWindow is the most readTail reads: a last line and a fragment after
// it, each of at most maxConsentLine bytes, and their newlines.
const tailWindow = 2*maxConsentLine + 2

// readTail reads the end of the open consent.jsonl: the last whole line
// and what follows it, reading backwards in blocks only as far as needed,
// and never more than tailWindow bytes, however long the file or its
// lines (docs/files.md).
func readTail(f *os.File) (consentTail, error) {
	fi, err := f.Stat()
	if err != nil {
		return consentTail{}, err
	}
	t := consentTail{size: fi.Size()}
	limit := min(t.size, tailWindow)
	for n := min(int64(4096), limit); n > 0; n = min(2*n, limit) {
		buf := make([]byte, n)
		if _, err := f.ReadAt(buf, t.size-n); err != nil && !errors.Is(err, io.EOF) {
			return consentTail{}, err
		}
		cut := bytes.LastIndexByte(buf, '\n')
		start := bytes.LastIndexByte(buf[:max(cut, 0)], '\n')
		if whole := n == t.size; !whole && (cut < 0 || start < 0) {
			if n == limit {
				return consentTail{size: t.size, long: true}, nil
			}
			continue
		}
		if frag := buf[cut+1:]; len(frag) > 0 {
			t.frag = frag
		}
		if cut >= 0 {
			t.last = buf[start+1 : cut]
		}
		if len(t.last) > maxConsentLine || len(t.frag) > maxConsentLine {
			return consentTail{size: t.size, long: true}, nil
		}
		return t, nil
	}
	return t, nil
}

// prev returns the prev of a line appended after t, and whether a newline
// must be written first (the last line, a whole entry, lacks its own).
func (t consentTail) prev() (prev string, needNewline bool) {
	switch {
	case t.frag != nil:
		return lineHash(t.frag), true
	case t.size > 0:
		return lineHash(t.last), false
	}
	return "", false
}

// appendConsent appends e to consent.jsonl with Prev set to the hash of the
// last line: one whole line in one write(2) with O_APPEND, then fsync. The
// caller holds the lock, so no other writer can slip a line in between. A
// torn last line is first moved aside (see repairTail). If the write or the
// sync fails, the file is cut back to its old size, so a full disk never
// leaves part of a line. On success it returns undo, which takes the line
// back out (for a save that fails after it). A consent.jsonl that is a
// symbolic link or not a regular file is refused (see openRegular), and
// nothing is written.
func (s *Store) appendConsent(e ConsentEntry) (undo func() error, err error) {
	if err := e.validate(); err != nil {
		return nil, wrapProblem(CodeConsentNotRecording, err)
	}
	path := s.paths.ConsentFile()
	if err := mkdirPrivate(s.paths.StateDir); err != nil {
		return nil, wrapProblem(CodeConsentRecord, err)
	}
	f, err := openRegular(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, wrapProblem(CodeConsentRecord, err)
	}
	defer func() { _ = f.Close() }()
	opened, err := f.Stat()
	if err != nil {
		return nil, wrapProblem(CodeConsentRecord, err)
	}
	t, err := readTail(f)
	if err != nil {
		return nil, wrapProblem(CodeConsentRead, err)
	}
	if t.long {
		return nil, wrapProblem(CodeConsentRecord, &Problem{Code: CodeConsentLongLine, Path: path, Limit: maxConsentLine})
	}
	if isTorn(t.frag) {
		if t, _, err = s.repairTail(f, t); err != nil {
			return nil, err
		}
	}
	prev, needNewline := t.prev()
	e.Prev = prev
	line, err := e.encodeLine()
	if err != nil {
		// Never: an entry is strings and a time. Not said to anyone.
		return nil, fmt.Errorf("encode consent entry: %w", err)
	}
	buf := make([]byte, 0, len(line)+2)
	if needNewline {
		buf = append(buf, '\n')
	}
	buf = append(buf, line...)
	buf = append(buf, '\n')

	if _, err := f.Write(buf); err != nil {
		return nil, s.cutBack(f, t.size, wrapProblem(CodeConsentRecord, pathProblem(CodeFileWrite, path, cause(err))))
	}
	if err := f.Sync(); err != nil {
		return nil, s.cutBack(f, t.size, wrapProblem(CodeConsentRecord, pathProblem(CodeFileSync, path, cause(err))))
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm() != 0o600 {
		_ = f.Chmod(0o600) // a file made 0644 by hand; docs/files.md says 0600
	}
	if t.size == 0 {
		if err := syncDir(s.paths.StateDir); err != nil {
			return nil, err
		}
	}
	size := t.size
	return func() error { return truncateSync(path, opened, size) }, nil
}

// cutBack truncates f to size after a failed append and returns err, noting
// if the cut failed too.
func (s *Store) cutBack(f *os.File, size int64, err error) error {
	if terr := f.Truncate(size); terr != nil {
		return &Problem{Code: CodeConsentCutFailed, Undo: cause(terr), Err: err}
	}
	_ = f.Sync()
	return err
}

// truncateSync cuts the file at path to size and syncs it, if it is still
// the regular file was (not a link put in its place since).
func truncateSync(path string, was os.FileInfo, size int64) error {
	f, err := openRegular(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	if fi, err := f.Stat(); err != nil || !os.SameFile(fi, was) {
		return pathProblem(CodeFileReplaced, path, nil)
	}
	if err := f.Truncate(size); err != nil {
		return err
	}
	return f.Sync()
}

// repairTail moves a torn last line of the open consent.jsonl aside: its
// bytes are kept in consent.jsonl.torn-<UTC time> (mode 0600), then the file
// is cut back to its last newline. A torn line is a write cut off by a crash
// (the Store writes each line whole in one write and cuts back a failed
// one, so a kill cannot tear it; a power cut can). The line was never a
// whole entry, so nothing of the history is lost, and the chain stays
// intact. The caller holds the lock. It returns the new tail and the path
// of the copy.
func (s *Store) repairTail(f *os.File, t consentTail) (consentTail, string, error) {
	path := s.paths.ConsentFile()
	copyPath, err := freeName(path+tornSuffix+s.now().UTC().Format(corruptStamp), path)
	if err != nil {
		return t, "", err
	}
	if err := WriteFileAtomic(copyPath, t.frag); err != nil {
		return t, "", pathProblem(CodeConsentTornKeep, path, err)
	}
	size := t.size - int64(len(t.frag))
	if err := f.Truncate(size); err != nil {
		return t, "", pathProblem(CodeConsentTornRemove, path, cause(err))
	}
	if err := f.Sync(); err != nil {
		return t, "", pathProblem(CodeConsentTornRemove, path, cause(err))
	}
	return consentTail{size: size, last: t.last}, copyPath, nil
}

// repairConsent moves a torn last line of consent.jsonl aside (see
// repairTail) and returns the path of the copy, "" if there was none. The
// caller holds the lock. A consent.jsonl that is a symbolic link or not a
// regular file is refused and left as it is.
func (s *Store) repairConsent() (string, error) {
	f, err := openRegular(s.paths.ConsentFile(), os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }()
	t, err := readTail(f)
	if err != nil || t.long || !isTorn(t.frag) {
		return "", err // a long line is left for a person: the next append names it
	}
	_, copyPath, err := s.repairTail(f, t)
	return copyPath, err
}

// consentTailState reads the end of consent.jsonl without the lock: whether
// its last line is torn, and the last whole entry (ok false if there is
// none or it is not an entry). A missing or unreadable file, a symbolic
// link or a file that is not regular has neither. It changes nothing.
func (s *Store) consentTailState() (torn bool, last ConsentEntry, ok bool) {
	f, err := openRegular(s.paths.ConsentFile(), os.O_RDONLY, 0)
	if err != nil {
		return false, ConsentEntry{}, false
	}
	defer func() { _ = f.Close() }()
	t, err := readTail(f)
	if err != nil || t.long {
		return false, ConsentEntry{}, false
	}
	torn = isTorn(t.frag)
	raw := t.last
	if t.frag != nil && !torn {
		raw = t.frag // a whole entry without its newline
	}
	if raw == nil {
		return torn, ConsentEntry{}, false
	}
	l := parseConsentLine(raw)
	return torn, l.entry, l.err == nil && l.entry.Decision.Valid()
}

// freeName returns base, or base-2, base-3, … whichever does not exist yet.
// of names the file whose copy it is, for the error.
func freeName(base, of string) (string, error) {
	name := base
	for i := 2; ; i++ {
		_, err := os.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
		if err != nil {
			return "", err
		}
		if i > 1000 {
			return "", &Problem{Code: CodeFileCopies, Path: of, Copy: base}
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}

// LatestConsent is the last decision consent.jsonl records, read from the
// end of the file (a few KiB, whatever its length): ok is false if there
// is none, or the last line is not an entry with a known decision, or the
// file cannot be read, is a symbolic link or not a regular file. A torn
// last line is not a decision; the one before it is. It changes nothing.
func (s *Store) LatestConsent() (last ConsentEntry, ok bool) {
	_, last, ok = s.consentTailState()
	return last, ok
}

// openConsent opens consent.jsonl to read it whole, nil if there is none.
// A symbolic link, a file that is not regular or one larger than
// maxConsentFile is refused with an error naming it: it is not the history
// ksn writes.
func (s *Store) openConsent() (*os.File, error) {
	path := s.paths.ConsentFile()
	f, err := openRegular(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, wrapProblem(CodeConsentRead, err)
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, wrapProblem(CodeConsentRead, err)
	}
	if fi.Size() > maxConsentFile {
		_ = f.Close()
		return nil, wrapProblem(CodeConsentRead, &Problem{Code: CodeFileTooLarge, Path: path, Limit: maxConsentFile})
	}
	return f, nil
}

// ConsentHistory returns every entry of consent.jsonl, oldest first; none if
// the file does not exist. A line that is not an entry is an error naming
// the file and the line. A torn last line (a write cut off by a crash) is
// not an entry and is left out; the next write moves it aside. It
// does not check the chain; see VerifyConsent.
func (s *Store) ConsentHistory() ([]ConsentEntry, error) {
	f, err := s.openConsent()
	if f == nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	var entries []ConsentEntry
	var bad error
	err = eachConsentLine(f, func(n int, l consentLine, _ string) bool {
		if l.err != nil {
			bad = &Problem{Code: CodeConsentLine, Path: s.paths.ConsentFile(), Line: n, Err: l.err}
			return false
		}
		entries = append(entries, l.entry)
		return true
	})
	if err != nil {
		return nil, wrapProblem(CodeConsentRead, err)
	}
	if bad != nil {
		return nil, bad
	}
	return entries, nil
}

// VerifyConsent reads consent.jsonl and checks its chain. It returns the
// entries that parse, oldest first, and the 1-based number of the first bad
// line, 0 if the chain is intact. A line is bad if it is not a JSON entry or
// its prev is not the hex SHA-256 of the line before it ("" for the first).
// A changed line is reported at the line after it, whose prev no longer
// matches. A torn last line (a write cut off by a crash) is not a line: it
// was never a whole entry, and the next write moves it aside. err
// is for I/O errors only; a missing file is an intact, empty history.
// EachConsent does the same without holding the entries.
func (s *Store) VerifyConsent() (entries []ConsentEntry, firstBad int, err error) {
	firstBad, err = s.EachConsent(func(e ConsentEntry) bool {
		entries = append(entries, e)
		return true
	})
	return entries, firstBad, err
}

// EachConsent reads consent.jsonl as a stream, checks its chain as
// VerifyConsent does, and calls fn with each entry that parses, oldest
// first, until fn returns false: memory stays bounded however long the
// history (docs/files.md). It returns the first bad line, 0 if none.
func (s *Store) EachConsent(fn func(ConsentEntry) bool) (firstBad int, err error) {
	f, err := s.openConsent()
	if f == nil {
		return 0, err
	}
	defer func() { _ = f.Close() }()
	firstBad, err = verifyConsent(f, fn)
	if err != nil {
		return 0, wrapProblem(CodeConsentRead, err)
	}
	return firstBad, nil
}

// verifyConsent reads the content of consent.jsonl from r as a stream and
// returns the 1-based number of the first bad line (0 if the chain is
// intact), calling fn with each entry that parses until it returns false:
// a line that is not a JSON entry, or whose prev is not the SHA-256 of the
// line before it ("" for the first line), is bad. A changed line shows up
// at the line after it; a changed last line cannot be detected from the
// file alone. A torn last line is not a line (see eachConsentLine).
func verifyConsent(r io.Reader, fn func(ConsentEntry) bool) (firstBad int, err error) {
	err = eachConsentLine(r, func(n int, l consentLine, want string) bool {
		if firstBad == 0 && (l.err != nil || l.entry.Prev != want) {
			firstBad = n
		}
		return l.err != nil || fn(l.entry)
	})
	return firstBad, err
}

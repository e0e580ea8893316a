package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// appendConsent appends e to consent.jsonl with Prev set to the hash of the
// last line: one whole line in one write with O_APPEND, then fsync. The
// caller holds the lock, so no other writer can slip a line in between.
func (s *Store) appendConsent(e ConsentEntry) error {
	if err := e.validate(); err != nil {
		return fmt.Errorf("not recording consent: %w", err)
	}
	path := s.paths.ConsentFile()
	if err := mkdirPrivate(s.paths.StateDir); err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	created := errors.Is(err, fs.ErrNotExist)
	if err != nil && !created {
		return fmt.Errorf("read consent history: %w", err)
	}
	prev, needNewline := nextPrev(data)
	e.Prev = prev
	line, err := e.encodeLine()
	if err != nil {
		return fmt.Errorf("encode consent entry: %w", err)
	}
	buf := make([]byte, 0, len(line)+2)
	if needNewline {
		buf = append(buf, '\n')
	}
	buf = append(buf, line...)
	buf = append(buf, '\n')

	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("record consent: %w", err)
	}
	if _, err := f.Write(buf); err != nil {
		_ = f.Close()
		return fmt.Errorf("record consent: %w", err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("record consent: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("record consent: %w", err)
	}
	if created {
		return syncDir(s.paths.StateDir)
	}
	return nil
}

// readConsent returns the content of consent.jsonl, nil if there is none.
func (s *Store) readConsent() ([]byte, error) {
	data, err := os.ReadFile(s.paths.ConsentFile())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read consent history: %w", err)
	}
	return data, nil
}

// ConsentHistory returns every entry of consent.jsonl, oldest first; none if
// the file does not exist. A line that is not an entry is an error naming
// the file and the line. It does not check the chain; see VerifyConsent.
func (s *Store) ConsentHistory() ([]ConsentEntry, error) {
	data, err := s.readConsent()
	if err != nil {
		return nil, err
	}
	lines := splitConsent(data)
	entries := make([]ConsentEntry, 0, len(lines))
	for i, l := range lines {
		if l.err != nil {
			return nil, fmt.Errorf("%s: line %d: %w", s.paths.ConsentFile(), i+1, l.err)
		}
		entries = append(entries, l.entry)
	}
	return entries, nil
}

// VerifyConsent reads consent.jsonl and checks its chain. It returns the
// entries that parse, oldest first, and the 1-based number of the first bad
// line, 0 if the chain is intact. A line is bad if it is not a JSON entry or
// its prev is not the hex SHA-256 of the line before it ("" for the first).
// A changed line is reported at the line after it, whose prev no longer
// matches. err is for I/O errors only; a missing file is an intact, empty
// history.
func (s *Store) VerifyConsent() (entries []ConsentEntry, firstBad int, err error) {
	data, err := s.readConsent()
	if err != nil {
		return nil, 0, err
	}
	entries, firstBad = verifyChain(data)
	return entries, firstBad, nil
}

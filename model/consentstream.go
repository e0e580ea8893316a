package model

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
)

// maxConsentLine is the longest line of consent.jsonl that ksn keeps in
// memory (docs/files.md: consent.jsonl is read as a stream). An entry is a
// few hundred bytes; a longer line is not one, and is hashed as it streams
// by, so that the chain is still checked after it.
const maxConsentLine = 64 << 10

// maxConsentFile is the largest consent.jsonl whose chain is read
// (docs/files.md). ksn writes a line of a few hundred bytes per decision
// (about 230, up to about 450 with a long ssh:<user> and a key), so 4 MiB
// holds more than 9,000 decisions: one a day for 25 years. Reading and
// hashing it takes a few milliseconds; a larger file (a huge or sparse one
// planted there) is refused rather than read for seconds.
const maxConsentFile = 4 << 20

// eachConsentLine reads r, the content of consent.jsonl, line by line and
// calls fn with each line's 1-based number, the line parsed (see
// parseConsentLine) and the prev it must have: "" for the first line, the
// hex SHA-256 of the line before for the others. Memory is bounded by
// maxConsentLine, whatever the size of the file. A line longer than that is
// a line that is not an entry (its raw bytes are cut at maxConsentLine). A
// torn last line (see isTorn) is left out: it was never a whole entry. fn
// returning false stops the reading. err is for I/O errors only.
func eachConsentLine(r io.Reader, fn func(n int, l consentLine, want string) bool) error {
	br := bufio.NewReaderSize(r, 16<<10)
	want := ""
	for n := 1; ; n++ {
		raw, sum, long, last, err := readConsentLine(br)
		if err != nil {
			return err
		}
		if last && (long || len(raw) == 0 || isTorn(raw)) {
			return nil // nothing more, or a torn last line
		}
		l := parseConsentLine(raw)
		if long {
			l.err = &Problem{Code: CodeConsentNotObject}
		}
		if !fn(n, l, want) {
			return nil
		}
		want = sum
		if last {
			return nil
		}
	}
}

// readConsentLine reads one line of br: its bytes without the newline (at
// most maxConsentLine of them), the hex SHA-256 of the whole line, whether
// it was longer than maxConsentLine, and whether it is the last bytes of
// the stream, without a newline (possibly none at all).
func readConsentLine(br *bufio.Reader) (raw []byte, sum string, long, last bool, err error) {
	h := sha256.New()
	for {
		chunk, rerr := br.ReadSlice('\n')
		end := len(chunk) > 0 && chunk[len(chunk)-1] == '\n'
		if end {
			chunk = chunk[:len(chunk)-1]
		}
		h.Write(chunk)
		if room := maxConsentLine - len(raw); room >= len(chunk) && !long {
			raw = append(raw, chunk...)
		} else {
			long = true
			raw = append(raw, chunk[:max(room, 0)]...)
		}
		switch {
		case end:
			return raw, hex.EncodeToString(h.Sum(nil)), long, false, nil
		case errors.Is(rerr, io.EOF):
			return raw, hex.EncodeToString(h.Sum(nil)), long, true, nil
		case rerr != nil && !errors.Is(rerr, bufio.ErrBufferFull):
			return nil, "", false, false, rerr
		}
	}
}

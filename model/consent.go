package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// ConsentDecision is the decision recorded by one line of consent.jsonl.
type ConsentDecision string

const (
	// ConsentAccepted records that the statement was accepted and
	// participation turned on.
	ConsentAccepted ConsentDecision = "accepted"
	// ConsentDeclined records that the statement was declined.
	ConsentDeclined ConsentDecision = "declined"
	// ConsentWithdrawn records that participation was turned off.
	ConsentWithdrawn ConsentDecision = "withdrawn"
)

// Valid reports whether d is one of the known consent decisions.
func (d ConsentDecision) Valid() bool {
	switch d {
	case ConsentAccepted, ConsentDeclined, ConsentWithdrawn:
		return true
	}
	return false
}

// ConsentEntry is one line of consent.jsonl.
type ConsentEntry struct {
	// At is when the decision was made.
	At time.Time `json:"at"`
	// Decision is accepted, declined or withdrawn.
	Decision ConsentDecision `json:"decision"`
	// Version is the version string of the statement.
	Version string `json:"version"`
	// SHA256 is the hex SHA-256 of the statement Markdown.
	SHA256 string `json:"sha256"`
	// Lang is the language of the statement ("en", "ru", "de"); absent in
	// lines written before ksn spoke more than English.
	Lang string `json:"lang,omitempty"`
	// Via is where the decision was made: "tui", "cli", "setup" (the
	// install-time question, README "First run") or "ssh:<user>".
	Via string `json:"via"`
	// Key is the SHA-256 fingerprint ("SHA256:…", as ssh-keygen -l prints
	// it) of the key that logged in, for a decision made over `ksn serve`
	// (README "ksn serve"): the user name in Via is what the client chose.
	Key string `json:"key,omitempty"`
	// Prev is the hex SHA-256 of the previous line's bytes (without its
	// newline), "" for the first line. The Store fills it.
	Prev string `json:"prev"`
}

// validate checks what a Store needs before recording e.
func (e ConsentEntry) validate() error {
	if !e.Decision.Valid() {
		return gotProblem(CodeConsentDecision, strconv.Quote(string(e.Decision)))
	}
	if e.At.IsZero() {
		return &Problem{Code: CodeConsentNoTime}
	}
	return checkVia(e.Via)
}

// checkVia accepts "tui", "cli", "setup" and "ssh:<user>".
func checkVia(via string) error {
	if via == "tui" || via == "cli" || via == "setup" {
		return nil
	}
	if user, ok := strings.CutPrefix(via, "ssh:"); ok && user != "" && !strings.ContainsAny(user, "\r\n") {
		return nil
	}
	return gotProblem(CodeConsentVia, strconv.Quote(via))
}

// encodeLine returns e as one line of consent.jsonl, without the newline.
func (e ConsentEntry) encodeLine() ([]byte, error) {
	return marshalValue(e)
}

// lineHash is the hex SHA-256 of a line's bytes, the value of the next line's
// prev.
func lineHash(line []byte) string {
	sum := sha256.Sum256(line)
	return hex.EncodeToString(sum[:])
}

// consentLine is one parsed line of consent.jsonl.
type consentLine struct {
	raw   []byte
	entry ConsentEntry
	err   error // not a JSON object of the right shape
}

// parseConsentLine parses one line (without its newline).
func parseConsentLine(raw []byte) consentLine {
	l := consentLine{raw: raw}
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		l.err = &Problem{Code: CodeConsentNotObject}
		return l
	}
	if err := json.Unmarshal(raw, &l.entry); err != nil {
		l.err = wrapProblem(CodeConsentNotEntry, err)
	}
	return l
}

// isTorn reports whether frag, the bytes after the last newline of
// consent.jsonl, is a line cut off by an interrupted write: not empty and
// not a whole entry with a known decision. A whole entry that only lacks
// its newline (say, removed by an editor) is not torn.
func isTorn(frag []byte) bool {
	if len(frag) == 0 {
		return false
	}
	l := parseConsentLine(frag)
	return l.err != nil || !l.entry.Decision.Valid()
}

// cutTorn splits the content of consent.jsonl into what is kept and a torn
// last line (see isTorn), nil if there is none.
func cutTorn(data []byte) (kept, torn []byte) {
	frag := data[bytes.LastIndexByte(data, '\n')+1:]
	if !isTorn(frag) {
		return data, nil
	}
	return data[:len(data)-len(frag)], frag
}

// splitConsent splits the content of consent.jsonl into lines and parses
// each. The last line may lack its newline; if it is torn (a write cut off
// by a crash, see isTorn) it is left out: it was never a whole entry.
func splitConsent(data []byte) []consentLine {
	data, _ = cutTorn(data)
	if len(data) == 0 {
		return nil
	}
	raws := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	lines := make([]consentLine, len(raws))
	for i, raw := range raws {
		lines[i] = parseConsentLine(raw)
	}
	return lines
}

// verifyChain returns the entries that parse, in file order, and the 1-based
// number of the first bad line (0 if the chain is intact): a line that is not
// a JSON entry, or whose prev is not the SHA-256 of the line before it ("" for
// the first line). A changed line shows up at the line after it; a changed
// last line cannot be detected from the file alone. A torn last line is
// not a line (see splitConsent).
func verifyChain(data []byte) (entries []ConsentEntry, firstBad int) {
	lines := splitConsent(data)
	want := ""
	for i, l := range lines {
		if l.err == nil {
			entries = append(entries, l.entry)
		}
		if firstBad == 0 && (l.err != nil || l.entry.Prev != want) {
			firstBad = i + 1
		}
		want = lineHash(l.raw)
	}
	return entries, firstBad
}

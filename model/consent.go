package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
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
	// install-time question, docs/commands.md "First run") or "ssh:<user>".
	Via string `json:"via"`
	// Key is the SHA-256 fingerprint ("SHA256:…", as ssh-keygen -l prints
	// it) of the key that logged in, for a decision made over `ksn serve`
	// (docs/serve.md): the user name in Via is what the client chose.
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
		var syn *json.SyntaxError
		if errors.As(err, &syn) { // said in the reader's language (docs/languages.md)
			err = syntaxProblem(raw, syn)
		}
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

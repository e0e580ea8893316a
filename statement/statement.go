// Package statement holds the Kaspersky Security Network Statement — the text
// a person accepts before participating in KSN — and a render cache that turns
// Markdown documents into terminal text with Glamour.
//
// The statement is embedded in the binary. Its SHA-256 is what a consent
// records (settings.json, consent.jsonl): when the text changes, the hash
// changes, and a participant is asked again.
package statement

import (
	"crypto/sha256"
	_ "embed" // for the statement text
	"encoding/hex"
)

// Version is the version string of the embedded statement. It is shown in
// the text itself and recorded with every consent.
const Version = "2026.2"

// markdown is the statement exactly as embedded. A string, so that nothing can
// change it; Markdown hands out copies.
//
//go:embed statement.md
var markdown string

// sum is the hex SHA-256 of markdown, computed once at start and never
// written again.
var sum = func() string {
	h := sha256.Sum256([]byte(markdown))
	return hex.EncodeToString(h[:])
}()

// Markdown returns the statement's Markdown source: a fresh copy of exactly
// the bytes whose SHA-256 is [SHA256] (what `ksn statement --raw` prints).
// The caller may modify the slice.
func Markdown() []byte {
	return []byte(markdown)
}

// SHA256 returns the lowercase hex SHA-256 of the bytes [Markdown] returns.
// It is the value recorded as the statement's sha256 on consent.
func SHA256() string {
	return sum
}

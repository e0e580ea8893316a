// Package statement holds the Kaspersky Security Network Statement — the text
// a person accepts before participating in KSN — and a render cache that turns
// Markdown documents into terminal text with Glamour.
//
// The statement is embedded in the binary in English, Russian and German,
// each its own Markdown with its own SHA-256. The SHA-256 of the text shown
// is what a consent records (settings.json, consent.jsonl), with its
// language: when the text changes, the hash changes, and a participant is
// asked again.
package statement

import (
	"crypto/sha256"
	_ "embed" // for the statement texts
	"encoding/hex"
	"slices"
	"strings"
	"sync"

	"ksn/lang"
)

// Version is the version string of the embedded statement, the same in
// every language: it names the revision of the text, which each language
// says in its own words. It is shown in the text itself and recorded with
// every consent.
const Version = "2026.3"

// The statement in each language, exactly as embedded. Strings, so that
// nothing can change them; Markdown hands out copies.
var (
	//go:embed statement.md
	markdownEN string
	//go:embed statement.ru.md
	markdownRU string
	//go:embed statement.de.md
	markdownDE string
)

// Text is the statement in one language.
type Text struct {
	lang lang.Lang
	md   string
	sum  string
}

// texts are the statement in every language of lang.Supported(), in its
// order, hashed once on first use and never written again.
var texts = sync.OnceValue(func() []Text {
	var out []Text
	for _, t := range lang.Supported() {
		l := lang.Of(t)
		md := map[string]string{"en": markdownEN, "ru": markdownRU, "de": markdownDE}[l.Code()]
		h := sha256.Sum256([]byte(md))
		out = append(out, Text{lang: l, md: md, sum: hex.EncodeToString(h[:])})
	}
	return out
})

// In is the statement in l.
func In(l lang.Lang) Text {
	for _, t := range texts() {
		if t.lang == l {
			return t
		}
	}
	return texts()[0]
}

// BySHA is the current statement whose sha256 is sha (any case), in
// whichever language it is.
func BySHA(sha string) (Text, bool) {
	for _, t := range texts() {
		if strings.EqualFold(t.sum, sha) {
			return t, true
		}
	}
	return Text{}, false
}

// All is the statement in every language, English first; the slice is
// the caller's own.
func All() []Text { return slices.Clone(texts()) }

// Current is the sha256 of the statement in every language: accepting any
// of them is accepting the current statement (docs/languages.md).
func Current() []string {
	var out []string
	for _, t := range texts() {
		out = append(out, t.sum)
	}
	return out
}

// Lang is the language the text is in.
func (t Text) Lang() lang.Lang { return t.lang }

// Version is the statement's version (see [Version]).
func (t Text) Version() string { return Version }

// Markdown returns the text's Markdown source: a fresh copy of exactly the
// bytes whose SHA-256 is SHA256 (what `ksn statement --raw` prints). The
// caller may modify the slice.
func (t Text) Markdown() []byte { return []byte(t.md) }

// SHA256 returns the lowercase hex SHA-256 of the bytes Markdown returns:
// the value recorded as the statement's sha256 on consent.
func (t Text) SHA256() string { return t.sum }

// Markdown is the English statement's Markdown; see Text.Markdown.
func Markdown() []byte { return In(lang.English()).Markdown() }

// SHA256 is the English statement's sha256; see Text.SHA256.
func SHA256() string { return In(lang.English()).SHA256() }

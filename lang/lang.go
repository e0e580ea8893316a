// Package lang holds the languages ksn speaks (English, Russian and German)
// and their message catalogs: every sentence of the CLI, the TUI, the check
// and the accessible mode, by message ID (docs/languages.md).
//
// The catalogs are YAML files in catalog/, one per domain and language
// (say.ru.yaml …), in go-i18n's format; the language is matched with
// x/text/language. A Lang is a value: each SSH session holds its own.
//
// The YAML is read at build time, not at start: `go generate ./lang`
// turns it into catalog_gen.go, Go values the binary holds ready, and a
// test fails while that file is not the YAML's. Parsing the YAML took
// 2.5 ms of every start in English (go.yaml.in/yaml), and the command
// line's words are needed before anything else happens.
package lang

//go:generate go test . -count=1 -run ^TestCompiledCatalogs$ -update-catalogs

import (
	"fmt"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Supported are the languages ksn speaks, English first: it is the
// default, and the one a message missing elsewhere falls back to. The
// slice is the caller's own.
func Supported() []language.Tag {
	t := tags()
	return t[:]
}

// tags are the supported languages, as a value that costs nothing to ask.
func tags() [3]language.Tag {
	return [3]language.Tag{language.English, language.Russian, language.German}
}

// compiledCatalog is one language's catalog files as catalog_gen.go holds
// them: the files' names and their messages, sorted by ID.
type compiledCatalog struct {
	files    []string
	messages []i18n.Message
}

// Catalog is one language's messages as go-i18n reads them.
type Catalog struct {
	Tag      language.Tag
	Messages map[string]*i18n.Message
	Files    []string
}

// book is one language's localizer, over a bundle of its messages and
// English's (which a message it lacks falls back to), and its catalog.
type book struct {
	loc     *i18n.Localizer
	catalog Catalog
}

// books are the languages' books, each made from the compiled catalogs
// the first time the language speaks.
var books = func() (out [3]func() *book) {
	for i := range out {
		out[i] = sync.OnceValue(func() *book { return newBook(&compiled, i) })
	}
	return out
}()

// matcher matches a tag with the languages ksn speaks.
var matcher = sync.OnceValue(func() language.Matcher { return language.NewMatcher(Supported()) })

// newBook is the book of the i-th supported language, from cats (one
// catalog per supported language, in their order): the language's
// messages over English's.
func newBook(cats *[3]compiledCatalog, i int) *book {
	bundle := i18n.NewBundle(language.English)
	tag := tags()[i]
	b := &book{catalog: Catalog{Tag: tag, Files: cats[i].files}}
	langs := []int{0, i}
	if i == 0 {
		langs = langs[:1] // English is its own fallback
	}
	for _, j := range langs {
		msgs := make([]*i18n.Message, len(cats[j].messages))
		for k := range cats[j].messages {
			m := cats[j].messages[k] // a copy: go-i18n keeps the pointer
			msgs[k] = &m
		}
		if err := bundle.AddMessages(tags()[j], msgs...); err != nil {
			panic("lang: " + err.Error()) // English, Russian and German have their plural rules
		}
		if j == i {
			b.catalog.Messages = make(map[string]*i18n.Message, len(msgs))
			for _, m := range msgs {
				b.catalog.Messages[m.ID] = m
			}
		}
	}
	b.loc = i18n.NewLocalizer(bundle, tag.String(), language.English.String())
	return b
}

// index is t's place in Supported, -1 if ksn does not speak it.
func index(t language.Tag) int {
	for i, s := range tags() {
		if s == t {
			return i
		}
	}
	return -1
}

// Catalogs returns every language's messages, for the completeness tests.
func Catalogs() []Catalog {
	var out []Catalog
	for _, b := range books {
		out = append(out, b().catalog)
	}
	return out
}

// Lang is one language of ksn. The zero Lang is English.
type Lang struct {
	i int // index in Supported
}

// English is ksn's default language, the one JSON and logs are written in.
func English() Lang { return Lang{} }

// Of returns the supported language closest to t, English when none is.
func Of(t language.Tag) Lang {
	_, i, conf := matcher().Match(t)
	if conf == language.No {
		return English()
	}
	return Lang{i: i}
}

// Tag is the language's BCP 47 tag.
func (l Lang) Tag() language.Tag { return tags()[l.i] }

// Code is the language's two-letter code ("en", "ru", "de"), the value
// recorded as "lang" with a decision.
func (l Lang) Code() string {
	base, _ := l.Tag().Base()
	return base.String()
}

// T is the message id in l, its template filled from kv, pairs of a field
// name and its value ("Path", p, "When", w …). A message missing from l
// falls back to English; a message missing from English is the id itself
// (the completeness tests make both impossible in a build).
func (l Lang) T(id string, kv ...any) string {
	return l.localize(id, nil, kv)
}

// N is T for a message that has plural forms, chosen by n (also given to
// the template as Count).
func (l Lang) N(id string, n int, kv ...any) string {
	return l.localize(id, n, append(kv, "Count", n))
}

func (l Lang) localize(id string, count any, kv []any) string {
	var data map[string]any
	if len(kv) > 0 {
		data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			data[fmt.Sprint(kv[i])] = l.value(kv[i+1])
		}
	}
	s, err := books[l.i]().loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		return id
	}
	return s
}

// value is v as a message's field in l: an error by its text.
func (l Lang) value(v any) any {
	if err, ok := v.(error); ok {
		return err.Error()
	}
	return v
}

// Msg is a message to be said later, in a language not known yet: an id
// and its template data. Values that travel (a check's steps) carry one.
type Msg struct {
	ID   string
	Data []any // pairs, as T takes them
}

// Say is m in l.
func (l Lang) Say(m Msg) string {
	if m.ID == "" {
		return ""
	}
	return l.T(m.ID, m.Data...)
}

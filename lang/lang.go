// Package lang holds the languages ksn speaks (English, Russian and German)
// and their message catalogs: every sentence of the CLI, the TUI, the check
// and the accessible mode, by message ID (SPEC §9).
//
// The catalogs are YAML files in catalog/, one per domain and language
// (say.ru.yaml …), read with go-i18n; the language is matched with
// x/text/language. A Lang is a value: each SSH session holds its own.
package lang

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
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

//go:embed catalog/*.yaml
var catalogs embed.FS

// Catalog is one language's messages as go-i18n read them.
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

// books are the languages' books, each read from the embedded catalogs
// the first time the language speaks, and only read after: a run in
// English parses English's files only.
var books = func() (out [3]func() *book) {
	for i := range out {
		out[i] = sync.OnceValue(func() *book {
			b, err := readBook(catalogs, i)
			if err != nil {
				panic("lang: the embedded catalogs are broken: " + err.Error())
			}
			return b
		})
	}
	return out
}()

// matcher matches a tag with the languages ksn speaks.
var matcher = sync.OnceValue(func() language.Matcher { return language.NewMatcher(Supported()) })

// readBook parses the catalog files of fsys in English and in the i-th
// supported language. A file in a language ksn does not speak, or a
// message defined twice, is an error.
func readBook(fsys fs.FS, i int) (*book, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	tag := tags()[i]
	b := &book{catalog: Catalog{Tag: tag, Messages: map[string]*i18n.Message{}}}
	files, err := fs.Glob(fsys, "catalog/*.yaml")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		// say.ru.yaml is Russian: the name's last part before .yaml.
		t := language.Make(strings.TrimPrefix(path.Ext(strings.TrimSuffix(name, ".yaml")), "."))
		if index(t) < 0 {
			return nil, fmt.Errorf("%s: ksn does not speak %s", name, t)
		}
		if t != tag && t != language.English {
			continue
		}
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		mf, err := bundle.ParseMessageFileBytes(buf, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if mf.Tag != tag {
			continue
		}
		c := &b.catalog
		c.Files = append(c.Files, path.Base(name))
		for _, m := range mf.Messages {
			if _, dup := c.Messages[m.ID]; dup {
				return nil, fmt.Errorf("%s: message %s is defined twice", name, m.ID)
			}
			c.Messages[m.ID] = m
		}
	}
	b.loc = i18n.NewLocalizer(bundle, tag.String(), language.English.String())
	return b, nil
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

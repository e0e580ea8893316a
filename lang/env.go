package lang

import (
	"errors"
	"strings"

	"golang.org/x/text/language"
)

// maxLocale bounds a locale name read from the environment or an SSH
// client: no real one is longer.
const maxLocale = 64

// FromEnv is the language of the environment getenv reads, in POSIX order:
// LC_ALL, else LC_MESSAGES, else LANG; the first that is set decides.
// "C", "POSIX", an unknown language and a malformed value mean English.
func FromEnv(getenv func(string) string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			t, err := parseLocale(v)
			if err != nil {
				return English()
			}
			return Of(t)
		}
	}
	return English()
}

// EnvLookup turns a list of NAME=value pairs (an SSH session's environment)
// into a getenv for FromEnv. The last pair of a name wins, as in a shell.
func EnvLookup(environ []string) func(string) string {
	return func(name string) string {
		v := ""
		for _, kv := range environ {
			if k, val, ok := strings.Cut(kv, "="); ok && k == name {
				v = val
			}
		}
		return v
	}
}

// ErrUnsupported is the error of Parse for a language ksn does not speak.
var ErrUnsupported = errors.New("unsupported language")

// Parse is the language a --lang value names: "ru", "de-AT", "ru_RU.UTF-8",
// "en" or "C". A language ksn does not speak is an error, so that a typo
// on the command line is not silently English.
func Parse(s string) (Lang, error) {
	t, err := parseLocale(s)
	if err != nil {
		return English(), ErrUnsupported
	}
	if t == language.Und {
		return English(), nil
	}
	_, i, conf := matcher().Match(t)
	want, _ := t.Base()
	have, _ := Supported()[i].Base()
	if conf == language.No || want != have { // "be" is not Russian, nor "lb" German
		return English(), ErrUnsupported
	}
	return Lang{i: i}, nil
}

// parseLocale reads a POSIX locale name (language[_territory][.codeset]
// [@modifier]) or a BCP 47 tag. "C" and "POSIX" are language.Und.
func parseLocale(s string) (language.Tag, error) {
	if len(s) > maxLocale {
		return language.Und, errors.New("locale name too long")
	}
	s, _, _ = strings.Cut(s, "@")
	s, _, _ = strings.Cut(s, ".")
	if s == "C" || s == "POSIX" {
		return language.Und, nil
	}
	return language.Parse(strings.ReplaceAll(s, "_", "-"))
}

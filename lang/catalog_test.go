package lang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// pluralForms are the CLDR plural categories a message with plural forms
// must have in each language (for integers).
var pluralForms = map[string][]string{
	"en": {"one", "other"},
	"de": {"one", "other"},
	"ru": {"one", "few", "many", "other"},
}

// TestCatalogsAreComplete fails on a message missing from a language, or
// found only in one: every language has every message of English, in the
// same files, with the same template fields and the plural forms the
// language needs.
func TestCatalogsAreComplete(t *testing.T) {
	cats := Catalogs()
	en := cats[0]
	if en.Tag != language.English || len(en.Messages) == 0 {
		t.Fatalf("English catalog = %v, %d messages", en.Tag, len(en.Messages))
	}
	for _, c := range cats[1:] {
		code := Of(c.Tag).Code()
		if want := renamed(en.Files, "en", code); !slices.Equal(sorted(c.Files), want) {
			t.Errorf("%s: files %v, want %v", code, sorted(c.Files), want)
		}
		for id, m := range en.Messages {
			tr, ok := c.Messages[id]
			if !ok {
				t.Errorf("%s: missing %s (English: %q)", code, id, m.Other)
				continue
			}
			if a, b := fields(m), fields(tr); !slices.Equal(a, b) {
				t.Errorf("%s: %s uses the fields %v, English %v", code, id, b, a)
			}
			if isPlural(m) {
				for _, form := range pluralForms[code] {
					if formText(tr, form) == "" {
						t.Errorf("%s: %s has no %q form", code, id, form)
					}
				}
			}
		}
		for id := range c.Messages {
			if _, ok := en.Messages[id]; !ok {
				t.Errorf("%s: %s is not an English message", code, id)
			}
		}
	}
	for id, m := range en.Messages {
		if isPlural(m) && (m.One == "" || m.Other == "") {
			t.Errorf("en: %s has plural forms but not one and other", id)
		}
	}
}

// TestEveryMessageIsUsedAndEveryUseExists scans ksn's Go sources: every
// message ID a program says (a string literal passed to T, N or Msg{ID: …},
// or any literal of the form of an ID in one of the catalogs' domains, such
// as a constant "check.hint.dns") must be in the catalogs, and every
// catalog message must be said somewhere.
func TestEveryMessageIsUsedAndEveryUseExists(t *testing.T) {
	en := Catalogs()[0]
	used := map[string][]string{}   // id → where
	wanted := map[string][]string{} // ids passed to T/N/Msg, which must exist
	root := filepath.Join("..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "tools") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil // catalog_gen.go holds the catalogs; it says nothing
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if id, ok := literal(n); ok && messageID.MatchString(id) {
					used[id] = append(used[id], fset.Position(n.Pos()).String())
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "T" || sel.Sel.Name == "N") && len(n.Args) > 0 {
					if lit, ok := n.Args[0].(*ast.BasicLit); ok {
						if id, ok := literal(lit); ok {
							wanted[id] = append(wanted[id], fset.Position(n.Pos()).String())
						}
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "ID" {
					if lit, ok := n.Value.(*ast.BasicLit); ok {
						if id, ok := literal(lit); ok {
							wanted[id] = append(wanted[id], fset.Position(n.Pos()).String())
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	domains := map[string]bool{}
	for id := range en.Messages {
		domains[strings.SplitN(id, ".", 2)[0]] = true
	}
	for id, where := range used {
		if domains[strings.SplitN(id, ".", 2)[0]] {
			wanted[id] = append(wanted[id], where...) // an ID kept in a constant, e.g. netcheck's hints
		}
	}
	for id, where := range wanted {
		if _, ok := en.Messages[id]; !ok {
			t.Errorf("%s says %q, which no catalog has", where[0], id)
		}
	}
	for id := range en.Messages {
		if len(used[id]) == 0 {
			t.Errorf("catalog message %s is not used by any program", id)
		}
	}
}

// messageID is the form of a catalog message's ID: lower-case words
// joined by dots, at least two of them.
var messageID = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

func literal(lit *ast.BasicLit) (string, bool) {
	if lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// templateField matches a template's {{.Field}} (and {{.Field | …}}).
var templateField = regexp.MustCompile(`\{\{-?\s*\.(\w+)`)

// fields are the template fields a message uses, sorted and unique.
func fields(m *i18n.Message) []string {
	var out []string
	for _, text := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		for _, f := range templateField.FindAllStringSubmatch(text, -1) {
			if f[1] != "Count" && !slices.Contains(out, f[1]) {
				out = append(out, f[1])
			}
		}
	}
	slices.Sort(out)
	return out
}

func isPlural(m *i18n.Message) bool { return m.One != "" || m.Few != "" || m.Many != "" }

func formText(m *i18n.Message, form string) string {
	return map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other}[form]
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// renamed is English's file names in the language code.
func renamed(files []string, from, to string) []string {
	var out []string
	for _, f := range files {
		out = append(out, strings.Replace(f, "."+from+".", "."+to+".", 1))
	}
	return sorted(out)
}

// TestFromEnvFollowsPOSIX checks the order LC_ALL, LC_MESSAGES, LANG, and
// that C, POSIX, unknown and hostile values are English.
func TestFromEnvFollowsPOSIX(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "ru_RU.UTF-8"}, "ru"},
		{map[string]string{"LANG": "de_AT.UTF-8@euro"}, "de"},
		{map[string]string{"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}, "de"},
		{map[string]string{"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "de_DE.UTF-8", "LC_ALL": "C"}, "en"},
		{map[string]string{"LANG": "ru_RU.UTF-8", "LC_ALL": "POSIX"}, "en"},
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		{map[string]string{"LANG": "fr_FR.UTF-8"}, "en"},
		{map[string]string{"LANG": "\x1b]0;pwned\x07"}, "en"},
		{map[string]string{"LANG": strings.Repeat("ru", 10000)}, "en"},
		{map[string]string{"LANG": "sr_RS@latin"}, "en"},
	}
	for _, tt := range tests {
		got := FromEnv(func(k string) string { return tt.env[k] }).Code()
		if got != tt.want {
			t.Errorf("FromEnv(%q) = %s, want %s", tt.env, got, tt.want)
		}
	}
}

// TestEnvLookupLastWins reads an SSH session's environment as a shell
// would: the last of two values wins.
func TestEnvLookupLastWins(t *testing.T) {
	get := EnvLookup([]string{"LANG=de_DE.UTF-8", "TERM=xterm", "LANG=ru_RU.UTF-8", "BROKEN"})
	if got := FromEnv(get).Code(); got != "ru" {
		t.Errorf("language = %s, want ru", got)
	}
}

// TestParseNamesWhatKsnSpeaks accepts codes, tags and locale names, and
// refuses what ksn does not speak.
func TestParseNamesWhatKsnSpeaks(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "ru": "ru", "de": "de", "de-CH": "de", "ru_RU.UTF-8": "ru", "C": "en", "EN": "en"} {
		l, err := Parse(in)
		if err != nil || l.Code() != want {
			t.Errorf("Parse(%q) = %s, %v; want %s", in, l.Code(), err, want)
		}
	}
	for _, in := range []string{"fr", "xx", "", "ru\x1b", "zh-Hant", "be", "kk", "uk", "gsw", "lb"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
}

// TestTFallsBackAndFills fills a template and falls back to the ID for a
// message no catalog has.
func TestTFallsBackAndFills(t *testing.T) {
	if got := Of(language.Russian).T("say.turned_off", "When", "13:07"); !strings.Contains(got, "13:07") || !strings.Contains(got, "выключено") {
		t.Errorf("ru say.turned_off = %q", got)
	}
	if got := English().T("no.such.message"); got != "no.such.message" {
		t.Errorf("missing message = %q", got)
	}
}

package statement

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/language"

	"ksn/lang"
)

// titles is the first line of the statement in each language.
var titles = map[string]string{
	"en": "# Kaspersky Security Network Statement",
	"ru": "# Положение о Kaspersky Security Network",
	"de": "# Erklärung zu Kaspersky Security Network",
}

// shape counts the Markdown blocks of md that the TUI renders: headings by
// level, list items, table rows and rules.
func shape(md string) map[string]int {
	n := map[string]int{}
	for line := range strings.SplitSeq(md, "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			level := len(line) - len(strings.TrimLeft(line, "#"))
			n[fmt.Sprintf("h%d", level)]++
		case strings.HasPrefix(line, "- "):
			n["list item"]++
		case strings.HasPrefix(line, "|"):
			n["table row"]++
		case line == "---":
			n["rule"]++
		}
	}
	return n
}

// codeSpan matches inline code: commands, file names, URLs and variables,
// which no translation changes.
var codeSpan = regexp.MustCompile("`[^`]+`")

// codeSpans is the sorted set of inline code spans in md.
func codeSpans(md string) []string {
	s := codeSpan.FindAllString(md, -1)
	slices.Sort(s)
	return slices.Compact(s)
}

func TestStatementLanguages(t *testing.T) {
	en := In(lang.English())
	enMD := string(en.Markdown())
	for _, tag := range []language.Tag{language.Russian, language.German} {
		l := lang.Of(tag)
		t.Run(l.Code(), func(t *testing.T) {
			s := In(l)
			md := string(s.Markdown())
			if s.Lang() != l {
				t.Fatalf("In(%s).Lang() = %s", l.Code(), s.Lang().Code())
			}
			if len(md) == 0 {
				t.Fatal("statement is empty")
			}
			if md == enMD {
				t.Fatal("statement is the English text")
			}
			if want := titles[l.Code()] + "\n"; !strings.HasPrefix(md, want) {
				t.Errorf("statement starts %q, want %q", strings.SplitN(md, "\n", 2)[0], want)
			}
			if !strings.Contains(md, Version) || s.Version() != Version {
				t.Errorf("statement does not mention version %s", Version)
			}
			if !strings.HasSuffix(md, Version+".\n") {
				t.Errorf("statement does not end with its version, as the English does")
			}
			if got, want := shape(md), shape(enMD); !maps.Equal(got, want) {
				t.Errorf("statement has %v, English has %v", got, want)
			}
			if got, want := codeSpans(md), codeSpans(enMD); !slices.Equal(got, want) {
				t.Errorf("code spans differ from the English:\n got %q\nwant %q", got, want)
			}
			for i, r := range md {
				if unicode.IsControl(r) && r != '\n' {
					t.Errorf("control character %U at byte %d", r, i)
				}
				if r == unicode.ReplacementChar {
					t.Errorf("invalid UTF-8 at byte %d", i)
				}
			}
			if strings.Contains(md, "\r") || strings.Contains(md, " \n") {
				t.Error("statement has CR or trailing spaces")
			}
		})
	}
}

func TestStatementSHAPerLanguage(t *testing.T) {
	seen := map[string]string{}
	for _, tag := range lang.Supported() {
		l := lang.Of(tag)
		s := In(l)
		if prev, ok := seen[s.SHA256()]; ok {
			t.Errorf("%s and %s have the same sha256 %s", prev, l.Code(), s.SHA256())
		}
		seen[s.SHA256()] = l.Code()
		for _, sha := range []string{s.SHA256(), strings.ToUpper(s.SHA256())} {
			got, ok := BySHA(sha)
			if !ok {
				t.Errorf("BySHA(%s) found nothing, want %s", sha, l.Code())
				continue
			}
			if got.Lang() != l || !bytes.Equal(got.Markdown(), s.Markdown()) {
				t.Errorf("BySHA(%s) = %s, want %s", sha, got.Lang().Code(), l.Code())
			}
		}
	}
	cur := Current()
	if len(cur) != 3 || len(slices.Compact(slices.Sorted(slices.Values(cur)))) != 3 {
		t.Errorf("Current() = %q, want 3 distinct sha256", cur)
	}
	if _, ok := BySHA(strings.Repeat("0", 64)); ok {
		t.Error("BySHA found a statement for an unknown sha256")
	}
}

// TestRenderLanguages renders every language at every width: long German
// words and Cyrillic text must wrap, never overflow.
func TestRenderLanguages(t *testing.T) {
	c := NewCache()
	for _, text := range All() {
		for _, th := range themes {
			for _, w := range []int{MinWidth, 20, 40, 80, 120} {
				out, err := c.Render(text.Markdown(), w, th)
				if err != nil {
					t.Fatalf("%s/%s/%d: %v", text.Lang().Code(), th, w, err)
				}
				checkLines(t, out, w)
			}
		}
		out, err := c.Render(text.Markdown(), 80, ThemePlain)
		if err != nil {
			t.Fatal(err)
		}
		for _, word := range strings.Fields(strings.TrimPrefix(titles[text.Lang().Code()], "# ")) {
			if !strings.Contains(out, word) {
				t.Errorf("%s: rendering lacks %q", text.Lang().Code(), word)
			}
		}
	}
}

// TestRenderKeepsWords renders every language at the widths the statement
// window has in 40- and 80-column terminals: every word of the rendering is
// a word of the Markdown, or a line breaks inside a word only after a
// hyphen or a dot (as in a URL). So no word is cut, and none is split where
// a table cell is too narrow for it.
func TestRenderKeepsWords(t *testing.T) {
	c := NewCache()
	for _, text := range All() {
		words := map[string]bool{}
		for _, w := range strings.Fields(strings.NewReplacer("*", "", "`", "").Replace(string(text.Markdown()))) {
			words[w] = true
		}
		for _, width := range []int{39, 79} {
			out, err := c.Render(text.Markdown(), width, ThemePlain)
			if err != nil {
				t.Fatal(err)
			}
			if bad := splitWords(words, strings.Fields(out)); len(bad) > 0 {
				t.Errorf("%s at %d: not words of the statement (cut or split?): %q", text.Lang().Code(), width, bad)
			}
		}
	}
}

// splitWords returns the tokens of a rendering that are not words, nor
// parts of a word broken after a hyphen or a dot. Tokens without a letter or
// digit (rules, bullets, table borders) do not count.
func splitWords(words map[string]bool, tokens []string) []string {
	var bad []string
	for i := 0; i < len(tokens); i++ {
		tok := tokens[i]
		if words[tok] {
			continue
		}
		joined, ok := tok, false
		for j := i + 1; j < len(tokens) && j <= i+3 && strings.ContainsAny(joined[len(joined)-1:], "-."); j++ {
			joined += tokens[j]
			if words[joined] {
				i, ok = j, true
				break
			}
		}
		if !ok && strings.ContainsFunc(tok, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			bad = append(bad, tok)
		}
	}
	return bad
}

// TestCommandsAreNeverBrokenAtAHyphen renders every language at every
// width from 30 to 100 columns: each `ksn enable --accept-statement` of the
// Markdown is still whole, so a copied line is the command it shows.
func TestCommandsAreNeverBrokenAtAHyphen(t *testing.T) {
	c := NewCache()
	for _, text := range All() {
		want := strings.Count(string(text.Markdown()), "--accept-statement")
		for w := 30; w <= 100; w++ {
			out, err := c.Render(text.Markdown(), w, ThemePlain)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(out, "--accept-statement"); got != want || strings.Contains(out, nbHyphen) {
				t.Errorf("%s at %d: %d whole --accept-statement of %d:\n%s", text.Lang().Code(), w, got, want, out)
			}
		}
	}
}

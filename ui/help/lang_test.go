package help

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"ksn/flow"
	"ksn/lang"
	"ksn/netcheck"
	"ksn/say"
)

// glossary is what a language's topics must say in its own words: the
// quotation marks around a quoted sentence, the sentence that closes the
// help, and per topic the names of the controls it quotes, as the
// translated screens show them (the glossary of issue 14).
type glossary struct {
	open, close string
	closeHelp   string
	labels      map[Name][]string
}

// glossaryOf returns the glossary of the language code.
func glossaryOf(code string) glossary {
	switch code {
	case "ru":
		return glossary{
			open: "«", close: "»",
			closeHelp: "Нажмите `esc` или `f1`, чтобы закрыть эту справку.",
			labels: map[Name][]string{
				Main:      {"**Настройки**", "Настройки безопасности › Kaspersky Security Network", "Вкл.", "Выкл."},
				Settings:  {"**Настройки безопасности**"},
				Security:  {"«Вкл. · Подключено»"},
				KSN:       {"**Участие в Kaspersky Security Network**", "**Я согласен**", "**Отмена**", "**Принять**", "**Отклонить**", "«Подключено»", "«Нет подключения»", "проверить сейчас"},
				Statement: {"**Я согласен**", "**Принять**", "«Отмена»", "«Закрыть»", "колесо мыши"},
				Setup:     {"**Прочитать Положение**", "**Закрыть**", "**Участвовать**", "**Не участвовать**", "**Я согласен**", "**Отмена**"},
			},
		}
	case "de":
		return glossary{
			open: "„", close: "“",
			closeHelp: "Drücken Sie `esc` oder `f1`, um diese Hilfe zu schließen.",
			labels: map[Name][]string{
				Main:      {"**Einstellungen**", "Sicherheitseinstellungen › Kaspersky Security Network", "eingeschaltet oder ausgeschaltet"},
				Settings:  {"**Sicherheitseinstellungen**"},
				Security:  {"„Eingeschaltet · Verbunden“"},
				KSN:       {"**Teilnahme an Kaspersky Security Network**", "**Ich stimme zu**", "**Abbrechen**", "**Akzeptieren**", "**Ablehnen**", "„Verbunden“", "„Nicht verbunden“", "jetzt prüfen"},
				Statement: {"**Ich stimme zu**", "**Akzeptieren**", "Abbrechen", "„Schließen“", "Mausrad"},
				Setup:     {"**Erklärung lesen**", "**Schließen**", "**Teilnehmen**", "**Nicht teilnehmen**", "**Ich stimme zu**", "**Abbrechen**"},
			},
		}
	}
	return glossary{
		open: `"`, close: `"`,
		closeHelp: "Press `esc` or `f1` to close this help.",
		labels: map[Name][]string{
			Main:      {"**Settings**", "Security settings › Kaspersky Security Network"},
			Settings:  {"**Security settings**"},
			Security:  {`"On · Connected"`},
			KSN:       {"**Participation in Kaspersky Security Network**", "**I agree**", "**Cancel**", "**Accept**", "**Decline**", `"Connected"`, `"Not connected"`, "check now"},
			Statement: {"**I agree**", "**Accept**", "Cancel", "Close", "mouse wheel"},
			Setup:     {"**Read the statement**", "**Close**", "**Participate**", "**Do not participate**", "**I agree**", "**Cancel**"},
		},
	}
}

// voices returns a Voice for every supported language, English first.
func voices() []say.Voice {
	var out []say.Voice
	for _, tag := range lang.Supported() {
		out = append(out, say.In(lang.Of(tag)))
	}
	return out
}

// flat joins the words of b with single spaces, as a reader sees them.
func flat(b []byte) string { return strings.Join(strings.Fields(string(b)), " ") }

// headings counts the Markdown headings of md.
func headings(md []byte) int {
	n := 0
	for line := range strings.Lines(string(md)) {
		if strings.HasPrefix(line, "#") {
			n++
		}
	}
	return n
}

// source is the embedded Markdown of topic name in language code.
func source(t *testing.T, code string, name Name) string {
	t.Helper()
	b, err := topics.ReadFile(code + "/" + string(name) + ".md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	actionRE = regexp.MustCompile(`{{.*?}}`)
	codeRE   = regexp.MustCompile("`[^`]+`")
)

// TestTopicsInEveryLanguage checks each topic in each language: it is
// there, it is not the English text, it has English's headings, every
// template call was carried out, it names the keys and says how to close
// the help in the reader's language, and it is about as short as English.
func TestTopicsInEveryLanguage(t *testing.T) {
	for _, v := range voices() {
		g := glossaryOf(v.Code())
		for _, name := range Names() {
			t.Run(v.Code()+"/"+string(name), func(t *testing.T) {
				en, md := Topic(name, say.Voice{}), Topic(name, v)
				if md == nil {
					t.Fatal("no such topic")
				}
				if v.Code() != "en" && bytes.Equal(md, en) {
					t.Error("the topic is the English text")
				}
				if h, want := headings(md), headings(en); h != want {
					t.Errorf("%d headings, English has %d", h, want)
				}
				if bytes.Contains(md, []byte("{{")) || bytes.Contains(md, []byte("}}")) {
					t.Error("a template action was left in the topic")
				}
				text := flat(md)
				if !strings.HasPrefix(text, "# ") {
					t.Error("topic does not start with a title")
				}
				for _, key := range []string{"`ctrl+c`", "`q`", "`esc`", "`f1`", "`?`", "`tab`", "`shift+tab`", "`enter`", "`space`"} {
					if !strings.Contains(text, key) {
						t.Errorf("topic does not mention %s", key)
					}
				}
				if !strings.Contains(text, g.closeHelp) {
					t.Errorf("topic does not say %q", g.closeHelp)
				}
				for _, label := range g.labels[name] {
					if !strings.Contains(text, label) {
						t.Errorf("topic does not say %q", label)
					}
				}
				if n, most := utf8.RuneCount(md), len(en)*3/2; n > most {
					t.Errorf("topic is %d characters, want at most %d (half again English)", n, most)
				}
			})
		}
	}
}

// TestTopicSourcesKeepTheStructure checks each translated file against the
// English one: the same template calls in the same order, the same code
// spans (keys, commands, flags and files are never translated), and no
// line of English prose left behind.
func TestTopicSourcesKeepTheStructure(t *testing.T) {
	for _, v := range voices()[1:] {
		for _, name := range Names() {
			t.Run(v.Code()+"/"+string(name), func(t *testing.T) {
				en, src := source(t, "en", name), source(t, v.Code(), name)
				if got, want := actionRE.FindAllString(src, -1), actionRE.FindAllString(en, -1); !slices.Equal(got, want) {
					t.Errorf("template calls %q, English has %q", got, want)
				}
				if got, want := codeSpans(src), codeSpans(en); !slices.Equal(got, want) {
					t.Errorf("code spans %q, English has %q", got, want)
				}
				lines := strings.Split(src, "\n")
				for line := range strings.Lines(en) {
					line = strings.TrimSuffix(line, "\n")
					if isProse(line) && slices.Contains(lines, line) {
						t.Errorf("English line left untranslated: %q", line)
					}
				}
			})
		}
	}
}

// codeSpans returns the distinct `code spans` of md, sorted.
func codeSpans(md string) []string {
	spans := codeRE.FindAllString(md, -1)
	slices.Sort(spans)
	return slices.Compact(spans)
}

// isProse reports whether an English line has words to translate: letters
// outside code spans and template calls, other than the product's name.
func isProse(line string) bool {
	if line == "# Kaspersky Security Network" {
		return false
	}
	rest := actionRE.ReplaceAllString(codeRE.ReplaceAllString(line, ""), "")
	return strings.IndexFunc(rest, unicode.IsLetter) >= 0
}

// TestKSNTopicInEveryLanguage checks that the KSN topic names every reason
// in the reader's language with the same sentence and the same what-to-do
// as `ksn check` and the KSN window, gives the restriction notice, and
// keeps the layouts' names and flags as they are.
func TestKSNTopicInEveryLanguage(t *testing.T) {
	for _, v := range voices() {
		t.Run(v.Code(), func(t *testing.T) {
			g := glossaryOf(v.Code())
			text := flat(Topic(KSN, v))
			for _, r := range netcheck.Reasons() {
				want := flat([]byte(g.open + v.Reason(r) + g.close + " " + v.WhatToDoLabel() + v.ReasonHint(r)))
				if !strings.Contains(text, want) {
					t.Errorf("the topic does not say %q", want)
				}
			}
			if want := v.RestrictionNotice(); !strings.Contains(text, want) || strings.Contains(text, g.open+g.open) {
				t.Errorf("the topic does not give the restriction notice %q, once quoted", want)
			}
			for _, want := range []string{"`--window info|statement`", "`\"window\"`", "**info**", "**statement**", "settings.json", "`ksn check`", "`r`"} {
				if !strings.Contains(text, want) {
					t.Errorf("the topic lacks %q", want)
				}
			}
		})
	}
}

// TestTopicsSayTheScreensWords checks that where a catalog already has its
// own words for participation and the connection, the topics that quote
// them use the same words as the screens.
func TestTopicsSayTheScreensWords(t *testing.T) {
	for _, v := range voices()[1:] {
		t.Run(v.Code(), func(t *testing.T) {
			g := glossaryOf(v.Code())
			for _, c := range []struct {
				name   Name
				quoted func(say.Voice) string
			}{
				{KSN, func(v say.Voice) string { return v.Connection(flow.Connected, false) }},
				{KSN, func(v say.Voice) string { return v.Connection(flow.NotConnected, false) }},
				{Security, func(v say.Voice) string { return v.OnOff(true) + " · " + v.Connection(flow.Connected, false) }},
			} {
				word := c.quoted(v)
				if word == c.quoted(say.Voice{}) {
					continue // the catalog is not translated yet
				}
				if want := g.open + word + g.close; !strings.Contains(flat(Topic(c.name, v)), want) {
					t.Errorf("%s topic does not say %q as the screens do", c.name, want)
				}
			}
		})
	}
}

package say

import (
	"regexp"
	"strings"
	"testing"
	"text/template"
	"time"

	"ksn/flow"
	"ksn/lang"
	"ksn/netcheck"
)

// TestDurationsInTheReadersWords: a duration is said as the reader writes
// it, never in Go's notation, each number joined to its unit by NBSP
// (docs/languages.md); the JSON keeps Go's.
func TestDurationsInTheReadersWords(t *testing.T) {
	t.Parallel()
	ds := []time.Duration{2 * time.Millisecond, 10 * time.Second, 15 * time.Minute, 90 * time.Minute, 0}
	want := map[string][]string{
		"en": {"2 ms", "10 s", "15 min", "1 h 30 min", "0 ms"},
		"ru": {"2 мс", "10 с", "15 мин", "1 ч 30 мин", "0 мс"},
		"de": {"2 ms", "10 s", "15 Min.", "1 Std. 30 Min.", "0 ms"},
	}
	for code, wants := range want {
		v := voice(t, code)
		for i, d := range ds {
			w := strings.NewReplacer("2 ", "2"+NBSP, "0 ", "0"+NBSP, "5 ", "5"+NBSP, "1 ", "1"+NBSP).Replace(wants[i])
			if got := v.Duration(d); got != w {
				t.Errorf("%s Duration(%v) = %q, want %q", code, d, got, w)
			}
		}
	}
	if got := JSON().Duration(90 * time.Second); got != "1m30s" {
		t.Errorf("JSON Duration = %q, want Go's 1m30s", got)
	}
	timedOut := netcheck.Step{Name: netcheck.StepConnect, Detail: netcheck.DetailTimedOutConnect, Facts: netcheck.Facts{Limit: 10 * time.Second}}
	if got := voice(t, "ru").StepDetail(timedOut, time.Now()); !strings.Contains(got, "10"+NBSP+"с") {
		t.Errorf("ru timed out = %q, want the limit in words", got)
	}
	if got := StepsJSON([]netcheck.Step{timedOut})[0].Detail; !strings.HasSuffix(got, " 10s") {
		t.Errorf("JSON timed out = %q, want Go's 10s", got)
	}
}

// TestNoBreakInADate: a date's day, month and year never part at a line's
// end in any language; the JSON's English has none of it.
func TestNoBreakInADate(t *testing.T) {
	t.Parallel()
	d := time.Date(2027, 5, 3, 12, 0, 0, 0, time.Local)
	want := map[string]string{"en": "3 May 2027", "ru": "3 мая 2027", "de": "3. Mai 2027"}
	for code, w := range want {
		if got := voice(t, code).Date(d); got != strings.ReplaceAll(w, " ", NBSP) {
			t.Errorf("%s Date = %q, want %q with NBSP", code, got, w)
		}
	}
	if got := JSON().Date(d); got != "3 May 2027" {
		t.Errorf("JSON Date = %q, want plain spaces", got)
	}
}

// TestChangedElsewhereSaysTheStateAsAWord: "теперь участие выключено", not
// the toggle's "Выкл." with a second full stop (docs/languages.md).
func TestChangedElsewhereSaysTheStateAsAWord(t *testing.T) {
	t.Parallel()
	now := time.Now()
	want := map[string][2]string{
		"en": {"participation is now On.", "participation is now Off."},
		"ru": {"теперь участие включено.", "теперь участие выключено."},
		"de": {"ist die Teilnahme jetzt eingeschaltet.", "ist die Teilnahme jetzt ausgeschaltet."},
	}
	for code, w := range want {
		v := voice(t, code)
		for i, on := range []bool{true, false} {
			got := v.ChangedElsewhere(now, now, on)
			if !strings.HasSuffix(got, w[i]) || strings.Contains(got, "..") {
				t.Errorf("%s ChangedElsewhere(%v) = %q, want it to end %q", code, on, got, w[i])
			}
		}
	}
}

// dotted are the fields whose words may end with an abbreviation's full
// stop in some language ("Выкл.", "15 Min.", "дек."): a message that
// ends a sentence after one of them would say "..".
var dotted = map[string]bool{"State": true, "Month": true, "Limit": true, "Latency": true,
	"Timeout": true, "Idle": true, "Min": true}

// TestNoDoubleFullStop renders every message of every catalog with the
// fields of dotted ending in a full stop, and finds no "..".
func TestNoDoubleFullStop(t *testing.T) {
	t.Parallel()
	field := regexp.MustCompile(`\{\{[^}]*?\.([A-Z][A-Za-z]*)`)
	for _, c := range lang.Catalogs() {
		for id, m := range c.Messages {
			for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
				data := map[string]any{}
				for _, f := range field.FindAllStringSubmatch(s, -1) {
					data[f[1]] = "x"
					if dotted[f[1]] {
						data[f[1]] = "Std."
					}
				}
				var b strings.Builder
				if err := template.Must(template.New(id).Parse(s)).Execute(&b, data); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(b.String(), "..") {
					t.Errorf("%s %s says %q", c.Tag, id, b.String())
				}
			}
		}
	}
}

// TestWordsOfRussianAndGerman: the words a native reader asked for (docs/languages.md):
// Russian "настройка" for setup, Kaspersky's "Приложение не
// активировано" and "Ключ заблокирован", е for ё throughout; German
// "eingeschaltet"/"ausgeschaltet", "Abhilfe:", the Statement window by
// its title; the demo's scenario in each language's quotes.
func TestWordsOfRussianAndGerman(t *testing.T) {
	t.Parallel()
	ru, de := voice(t, "ru"), voice(t, "de")
	checks := []struct{ got, want string }{
		{ru.T("ui.title.setup"), "Настройка Kaspersky Free"},
		{ru.License(flow.LicenseInfo{}), "Приложение не активировано · лицензия не установлена"},
		{ru.License(flow.LicenseInfo{Installed: true, State: flow.LicenseDenylisted, KeySuffix: "PQRST"}), "Ключ заблокирован · ключ …PQRST"},
		{de.OnOff(true), "Eingeschaltet"},
		{de.OnOff(false), "Ausgeschaltet"},
		{de.WhatToDoLabel(), "Abhilfe: "},
		{de.StatementChanged(), "Die Erklärung zu Kaspersky Security Network hat sich geändert, seit Sie sie akzeptiert haben: Die Teilnahme bleibt ausgeschaltet, bis Sie die neue Fassung lesen und akzeptieren."},
		{In(lang.English()).T("cli.demo.end", "Scenario", "valid"), "that was the demo (scenario “valid”); its files are removed and your own settings were not touched."},
		{ru.T("cli.consent.column.when") + " " + ru.T("cli.consent.column.via"), "ВРЕМЯ ИСТОЧНИК"},
		{de.T("cli.consent.column.when") + " " + de.T("cli.consent.column.via"), "ZEITPUNKT QUELLE"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	for _, id := range []string{"cli.demo.start", "cli.demo.end"} {
		if got := ru.T(id, "Scenario", "valid"); !strings.Contains(got, "«valid»") {
			t.Errorf("ru %s = %q", id, got)
		}
		if got := de.T(id, "Scenario", "valid"); !strings.Contains(got, "„valid“") {
			t.Errorf("de %s = %q", id, got)
		}
	}
	for _, c := range lang.Catalogs() {
		for id, m := range c.Messages {
			s := m.Zero + m.One + m.Two + m.Few + m.Many + m.Other
			switch c.Tag.String() {
			case "ru":
				if strings.ContainsAny(s, "ёЁ") || strings.Contains(s, "Установка") {
					t.Errorf("ru %s: %q", id, s)
				}
			case "de":
				if strings.Contains(s, "KSN-Erklärung") || s == "Ein" || s == "Aus" || strings.Contains(s, "Was tun") {
					t.Errorf("de %s: %q", id, s)
				}
			}
		}
	}
}

// TestJSONHasNoNoBreakSpace: the English of the JSON is plain ASCII
// spacing, wherever the catalogs join a number to its unit.
func TestJSONHasNoNoBreakSpace(t *testing.T) {
	t.Parallel()
	en := lang.Catalogs()[0]
	for id, m := range en.Messages {
		if m.One != "" {
			continue // a plural says the same through N
		}
		if got := JSON().T(id, "Max", 65536, "Limit", 65536, "KiB", 64); strings.Contains(got, NBSP) {
			t.Errorf("JSON %s = %q", id, got)
		}
	}
	if got := JSON().T("check.detail.read.too_large", "Max", 65536); got != "the answer is longer than 65536 bytes" {
		t.Errorf("JSON too_large = %q", got)
	}
	if got := In(lang.English()).T("check.detail.read.too_large", "Max", 65536); got != "the answer is longer than 65536"+NBSP+"bytes" {
		t.Errorf("too_large for people = %q", got)
	}
}

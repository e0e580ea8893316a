package ui

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/text/language"

	"ksn/lang"
)

// TestBrokenSettingsBannerInTheReadersLanguage: the banner says why
// settings.json is not valid in the session's language, the JSON syntax
// error's place included, with no English of encoding/json left in it
// (docs/languages.md).
func TestBrokenSettingsBannerInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	want := map[language.Tag]string{
		language.Russian: "содержит ошибку JSON (строка 2, столбец 1): неожиданный символ «,»",
		language.German:  "kein gültiges JSON (Zeile 2, Spalte 1): unerwartetes Zeichen „,“",
	}
	for tag, w := range want {
		e := newEnv(t, validLicense, func(o *Options) {
			o.Lang = lang.Of(tag)
			if err := os.MkdirAll(o.Store.Paths().ConfigDir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(o.Store.Paths().SettingsFile(), []byte("{\n, \"schema\": 1}"), 0o600); err != nil {
				t.Fatal(err)
			}
		})
		e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		n := e.app.sh.notice
		if !strings.Contains(n, w) || strings.Contains(n, "invalid character") || strings.Contains(n, "not valid") {
			t.Errorf("%s banner = %q, want %q in it", tag, n, w)
		}
		if !strings.Contains(words(e.screen()), w) {
			t.Errorf("%s screen does not show %q:\n%s", tag, w, e.screen())
		}
	}
}

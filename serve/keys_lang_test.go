package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"ksn/lang"
	"ksn/say"
)

// TestAuthorizedKeysProblemsInTheReadersLanguage: why ksn serve does not
// start is said in the run's language (docs/serve.md), the path and
// the mode as they are, not in English only.
func TestAuthorizedKeysProblemsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	loose := filepath.Join(cfg.Home, "loose", "authorized_keys")
	empty := filepath.Join(cfg.Home, "empty", "authorized_keys")
	for path, mode := range map[string]os.FileMode{loose: 0o666, empty: 0o600} {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("# no key\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
	de, ru := say.In(lang.Of(language.German)), say.In(lang.Of(language.Russian))
	for _, c := range []struct {
		file  string
		voice say.Voice
		want  []string
	}{
		{loose, de, []string{loose, "0666", "kann von der Gruppe oder anderen geändert werden", "StrictModes"}},
		{loose, ru, []string{loose, "0666", "могут изменять группа или другие пользователи"}},
		{empty, de, []string{empty, "kein verwendbarer öffentlicher Schlüssel"}},
		{filepath.Join(cfg.Home, "missing"), ru, []string{"нет такого файла или каталога"}},
	} {
		cfg := cfg
		cfg.AuthorizedKeys = c.file
		_, err := New(cfg, newLogger(&syncBuffer{}))
		if err == nil {
			t.Fatalf("%s: New started", c.file)
		}
		got := c.voice.Err(err)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s in %s: %q lacks %q", c.file, c.voice.Code(), got, w)
			}
		}
	}
}

package help

import (
	"io/fs"
	"strings"
	"testing"
)

// TestHelpWords: the Russian help writes е, never ё, as Kaspersky does;
// the German help names the Statement window by its title and says the
// state as "eingeschaltet"/"ausgeschaltet" (docs/languages.md).
func TestHelpWords(t *testing.T) {
	t.Parallel()
	wrong := map[string][]string{
		"ru": {"ё", "Ё", "Установка Kaspersky Free"},
		"de": {"KSN-Erklärung", "(Ein oder Aus)", "„Ein · "},
	}
	for dir, words := range wrong {
		files, err := fs.Glob(topics, dir+"/*.md")
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v %v", dir, files, err)
		}
		for _, f := range files {
			b, err := fs.ReadFile(topics, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range words {
				if strings.Contains(string(b), w) {
					t.Errorf("%s says %q", f, w)
				}
			}
		}
	}
}

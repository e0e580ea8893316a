package ui

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// captureBlock is a capture in the README: a marker naming a golden file of
// TestGoldenViews, then a fenced block with its text.
var captureBlock = regexp.MustCompile("(?s)<!-- capture: ([a-z0-9x-]+) -->\n```\n(.*?)```\n")

// TestReadmeCapturesAreTheGoldens keeps the README's screen captures equal
// to the goldens they are taken from; go test ./ui -update rewrites them.
func TestReadmeCapturesAreTheGoldens(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	matches := captureBlock.FindAllStringSubmatch(readme, -1)
	if len(matches) < 5 {
		t.Fatalf("%d captures in the README, want every main screen", len(matches))
	}
	update := flag.Lookup("update") != nil && flag.Lookup("update").Value.String() == "true"
	for _, m := range matches {
		golden, err := os.ReadFile(filepath.Join("testdata", "TestGoldenViews", m[1]+".golden"))
		if err != nil {
			t.Fatalf("capture %s: %v", m[1], err)
		}
		want := captureText(string(golden))
		if plain(m[2]) == plain(want) {
			continue
		}
		if !update {
			t.Errorf("the README's capture %s is not its golden; go test ./ui -update rewrites it", m[1])
			continue
		}
		readme = strings.Replace(readme, m[0], "<!-- capture: "+m[1]+" -->\n```\n"+want+"```\n", 1)
	}
	if update {
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// plain is a capture with its no-break spaces as plain ones: they look the
// same, so the README need not carry those that join a number to its unit.
func plain(capture string) string { return strings.ReplaceAll(capture, "\u00a0", " ") }

// captureText is a golden as the README shows it: trailing spaces and
// trailing blank lines cut, a run of blank lines shown as one.
func captureText(golden string) string {
	var out []string
	blank := 0
	for _, l := range strings.Split(golden, "\n") {
		l = strings.TrimRight(l, " ")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n"
}

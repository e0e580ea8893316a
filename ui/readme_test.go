package ui

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// captureBlock is a capture in the README or a page of docs/: a marker
// naming a golden file (of TestGoldenViews, or TEST/NAME under testdata),
// then a fenced block with its text.
var captureBlock = regexp.MustCompile("(?s)<!-- capture: ([A-Za-z0-9x/-]+) -->\n```\n(.*?)```\n")

// TestReadmeCapturesAreTheGoldens keeps the screen captures of the README
// and of docs/ equal to the goldens they are taken from; go test ./ui -run
// TestReadmeCapturesAreTheGoldens -update rewrites them.
func TestReadmeCapturesAreTheGoldens(t *testing.T) {
	t.Parallel()
	docs, err := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	update := flag.Lookup("update") != nil && flag.Lookup("update").Value.String() == "true"
	captured := map[string]bool{}
	for _, path := range append([]string{filepath.Join("..", "README.md")}, docs...) {
		for _, name := range checkCaptures(t, path, update) {
			captured[name] = true
		}
	}
	for _, want := range []string{"main-80x24", "ksn-info-80x24", "ksn-info-40x12", "statement-window-80x24", "ksn-statement-80x24", "setup-80x24"} {
		if !captured[want] {
			t.Errorf("no capture of %s in the README or docs/: every main screen is shown", want)
		}
	}
}

// checkCaptures compares the captures of one Markdown file with their
// goldens, rewriting them when update is set, and returns their names.
func checkCaptures(t *testing.T, path string, update bool) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	var names []string
	for _, m := range captureBlock.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
		name := m[1]
		if !strings.Contains(name, "/") {
			name = "TestGoldenViews/" + name
		}
		golden, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(name)+".golden"))
		if err != nil {
			t.Fatalf("%s: capture %s: %v", path, m[1], err)
		}
		want := captureText(string(golden))
		if plain(m[2]) == plain(want) {
			continue
		}
		if !update {
			t.Errorf("%s: the capture %s is not its golden; go test ./ui -run TestReadmeCapturesAreTheGoldens -update rewrites it", path, m[1])
			continue
		}
		text = strings.Replace(text, m[0], "<!-- capture: "+m[1]+" -->\n```\n"+want+"```\n", 1)
	}
	if update && text != string(data) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return names
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

package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEExitCodesAreTheManPages: the README's exit codes are the
// table the man pages are written from (manref.go), code for code.
func TestREADMEExitCodesAreTheManPages(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Exit codes\n")
	if !ok {
		t.Fatal("README has no Exit codes section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var rows []string
	for l := range strings.Lines(section) {
		if code, _, ok := strings.Cut(strings.TrimPrefix(l, "| "), " |"); ok && strings.HasPrefix(l, "| ") && code != "code" && !strings.HasPrefix(code, "---") {
			rows = append(rows, code)
		}
	}
	var codes []string
	for _, e := range exitDocs() {
		codes = append(codes, e.code)
	}
	if strings.Join(rows, "; ") != strings.Join(codes, "; ") {
		t.Errorf("README's exit codes %q, the man pages' %q", rows, codes)
	}
}

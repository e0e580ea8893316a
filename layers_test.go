package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestOnlyFlowDecides checks that outside model only flow writes the
// settings (flow.Decide) — but the demo's seeding: no face records a
// decision its own way.
func TestOnlyFlowDecides(t *testing.T) {
	t.Parallel()
	update := regexp.MustCompile(`\.Update\(func\(`)
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (path == "model" || path == "flow" || strings.HasPrefix(d.Name(), ".")) && path != ".":
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == "demo.go":
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if update.Match(src) {
			t.Errorf("%s calls Store.Update: decisions go through flow.Decide", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLayers checks the arrows of docs/design.md with go list -deps: model
// imports no ksn package but safe; netcheck neither lang nor say; access
// not ui; and the core no face.
func TestLayers(t *testing.T) {
	t.Parallel()
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		var ksn []string
		for _, p := range strings.Fields(string(out)) {
			if strings.HasPrefix(p, "ksn/") && p != pkg {
				ksn = append(ksn, p)
			}
		}
		return ksn
	}
	if got := deps("ksn/model"); !slices.Equal(got, []string{"ksn/safe"}) {
		t.Errorf("model imports %v, want only ksn/safe", got)
	}
	rules := []struct{ pkg, never string }{
		{"ksn/netcheck", "ksn/lang"},
		{"ksn/netcheck", "ksn/say"},
		{"ksn/access", "ksn/ui"},
		{"ksn/flow", "ksn/ui"},
		{"ksn/flow", "ksn/access"},
		{"ksn/flow", "ksn/say"},
	}
	for _, r := range rules {
		if slices.Contains(deps(r.pkg), r.never) {
			t.Errorf("%s imports %s", r.pkg, r.never)
		}
	}
}

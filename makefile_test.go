package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileTags are git tag names that git accepts and a shell would run:
// command substitution, backquotes and a quote that ends a quoted word.
var hostileTags = []string{
	"v9$(touch${IFS}PWNED)",
	"v8`touch${IFS}PWNED`",
	"v7'$(touch${IFS}PWNED)'",
	`v6"$(touch${IFS}PWNED)"`,
}

// TestMakefileRunsNoTagName makes the attack of a hostile tag on the
// Makefile (docs/development.md "Security"): in a repository whose latest tag is a
// shell command, make build, make run and make package-version must run
// nothing, and the version ksn is built with keeps only the characters a
// version has.
func TestMakefileRunsNoTagName(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"make", "git"} {
		if !pkgHave(tool) {
			t.Skipf("%s is not installed", tool)
		}
	}
	makefile, err := filepath.Abs("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	for i, tag := range hostileTags {
		// Named by number: t.TempDir's names follow the test's.
		t.Run(fmt.Sprint("tag", i), func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
			defer cancel()
			dir := hostileRepo(t, ctx, tag)
			bin := filepath.Join(t.TempDir(), "printversion")
			mk := func(args ...string) string {
				args = append([]string{"-s", "--no-print-directory", "-f", makefile}, args...)
				cmd := exec.CommandContext(ctx, "make", args...)
				cmd.Dir = dir
				cmd.Env = append(pkgEnv(), "GOTOOLCHAIN=local", "GOFLAGS=")
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("make %s: %v\n%s", strings.Join(args, " "), err, out)
				}
				return string(out)
			}
			mk("build", "BIN="+bin)
			run := mk("run")
			pkg := mk("package-version")
			if _, err := os.Stat(filepath.Join(dir, "PWNED")); err == nil {
				t.Fatalf("make ran the tag %q: %s exists", tag, filepath.Join(dir, "PWNED"))
			}
			out, err := exec.CommandContext(ctx, bin).Output()
			if err != nil {
				t.Fatal(err)
			}
			for what, got := range map[string]string{"make build": string(out), "make run": run, "make package-version": pkg} {
				got = strings.TrimSpace(got)
				if got == "" || strings.Trim(got, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.+~:_-") != "" {
					t.Errorf("%s with tag %q: version %q, want only [A-Za-z0-9.+~:_-]", what, tag, got)
				}
			}
		})
	}
}

// hostileRepo makes a git repository holding a program that prints the
// version it was built with (as ksn's main.version), its one commit tagged
// tag, and returns its directory.
func hostileRepo(t *testing.T, ctx context.Context, tag string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":  "module printversion\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"os\"\n\nvar version, commit, commitDate string\n\nfunc main() { os.Stdout.WriteString(version + \"\\n\") }\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "x")
	git("tag", tag)
	return dir
}

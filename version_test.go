package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestReadBuild resolves the version, commit and date from every kind of
// build information.
func TestReadBuild(t *testing.T) {
	t.Parallel()
	vcs := func(rev, at, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{
			{Key: "-buildmode", Value: "exe"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: at},
			{Key: "vcs.modified", Value: modified},
		}
	}
	const rev = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"
	for _, tc := range []struct {
		name string
		ld   string
		info *debug.BuildInfo
		want string
	}{
		{name: "no build information", info: nil,
			want: "0.1.0-dev (commit unknown, built unknown)"},
		{name: "no build information, -X", ld: "1.2.3", info: nil,
			want: "1.2.3 (commit unknown, built unknown)"},
		{name: "go test", info: &debug.BuildInfo{Main: debug.Module{Path: "ksn"}},
			want: "0.1.0-dev (commit unknown, built unknown)"},
		{name: "go build without VCS", info: &debug.BuildInfo{Main: debug.Module{Path: "ksn", Version: "(devel)"}},
			want: "0.1.0-dev (commit unknown, built unknown)"},
		{name: "go build in a checkout",
			info: &debug.BuildInfo{
				Main:     debug.Module{Path: "ksn", Version: "v0.0.0-20261201130700-1a2b3c4d5e6f"},
				Settings: vcs(rev, "2026-12-01T13:07:00Z", "false"),
			},
			want: "v0.0.0-20261201130700-1a2b3c4d5e6f (commit 1a2b3c4d5e6f, built 2026-12-01T13:07:00Z)"},
		{name: "-X wins, modified tree, time in UTC", ld: "1.2.3-rc.1",
			info: &debug.BuildInfo{
				Main:     debug.Module{Path: "ksn", Version: "(devel)"},
				Settings: vcs(rev, "2026-12-01T16:07:00+03:00", "true"),
			},
			want: "1.2.3-rc.1 (commit 1a2b3c4d5e6f-dirty, built 2026-12-01T13:07:00Z)"},
		{name: "go install ksn@v1.2.3",
			info: &debug.BuildInfo{Main: debug.Module{Path: "ksn", Version: "v1.2.3"}},
			want: "v1.2.3 (commit unknown, built unknown)"},
		{name: "short revision, bad time",
			info: &debug.BuildInfo{Main: debug.Module{Path: "ksn"}, Settings: vcs("abc", "yesterday", "")},
			want: "0.1.0-dev (commit abc, built unknown)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := readBuild(tc.ld, tc.info).String(); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestVersionResolved: the version call sites use (User-Agent, the render
// cache) is never empty.
func TestVersionResolved(t *testing.T) {
	t.Parallel()
	if version == "" {
		t.Error("version is empty after init")
	}
	if got := buildString(); !strings.HasPrefix(got, version+" (commit ") {
		t.Errorf("buildString() = %q, want it to start with %q", got, version+" (commit ")
	}
}

// TestVersionOfBuild builds ksn in a git repository and runs --version: it
// names the commit and its time, -ldflags -X sets the version, and a
// changed tree is "-dirty". The repository is a fresh one holding a copy of
// this module's files: go build stamps no VCS information in a git worktree
// (its .git is a file), and a fresh commit has a known time.
func TestVersionOfBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ksn twice")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	t.Parallel()
	repo := t.TempDir()
	copyModule(t, repo)
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(),
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=ksn test", "GIT_AUTHOR_EMAIL=test@ksn.invalid",
			"GIT_COMMITTER_NAME=ksn test", "GIT_COMMITTER_EMAIL=test@ksn.invalid",
			"GIT_AUTHOR_DATE=2026-12-01T16:07:00+03:00", "GIT_COMMITTER_DATE=2026-12-01T16:07:00+03:00")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "ksn")
	head := git("rev-parse", "HEAD")

	run := func(bin string) string {
		t.Helper()
		out, err := exec.Command(bin, "--version").Output()
		if err != nil {
			t.Fatalf("%s --version: %v", bin, err)
		}
		return strings.TrimSuffix(string(out), "\n")
	}

	bin := buildIn(t, repo, "-ldflags", "-X main.version=9.8.7-test")
	want := "ksn 9.8.7-test (commit " + head[:12] + ", built 2026-12-01T13:07:00Z)"
	if got := run(bin); got != want {
		t.Errorf("with -X:\ngot  %q\nwant %q", got, want)
	}

	if err := os.WriteFile(filepath.Join(repo, "README.md"), []byte("changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin = buildIn(t, repo)
	got := run(bin)
	fields := strings.Fields(got)
	if len(fields) < 2 || fields[0] != "ksn" || fields[1] == "" {
		t.Fatalf("without -X: %q is not \"ksn VERSION (…)\"", got)
	}
	// Without -X the version is the one Go stamps from the checkout: a
	// pseudo-version naming the commit.
	if !strings.Contains(fields[1], head[:12]) {
		t.Errorf("without -X: version %q does not name commit %s", fields[1], head[:12])
	}
	if want := " (commit " + head[:12] + "-dirty, built 2026-12-01T13:07:00Z)"; !strings.HasSuffix(got, want) {
		t.Errorf("changed tree:\ngot  %q\nwant it to end with %q", got, want)
	}
}

// buildIn runs go build with flags in the module at dir, stamping VCS
// information (GOFLAGS may say -buildvcs=false; the flag given here wins),
// and returns the binary.
func buildIn(t *testing.T, dir string, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ksn")
	cmd := exec.Command("go", append(append([]string{"build", "-buildvcs=true"}, flags...), "-o", bin, ".")...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", strings.Join(flags, " "), err, out)
	}
	return bin
}

// copyModule copies the files of this module that git knows (tracked, or
// new and not ignored) to dir, as they are in the working tree.
func copyModule(t *testing.T, dir string) {
	t.Helper()
	out, err := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	for name := range strings.SplitSeq(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(name)
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

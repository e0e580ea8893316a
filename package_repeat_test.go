package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPackageRepeats builds the packages twice from the same commit, in
// different directories and under different umasks, and gets the same
// bytes (docs/install.md): nothing of the machine or the run (paths,
// times, modes, the host name) goes into them.
func TestPackageRepeats(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"make", "gzip", "sh"} {
		if !pkgHave(tool) {
			t.Skipf("%s is not installed", tool)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), pkgTestBudget)
	defer cancel()
	sums := make([]map[string]string, 2)
	for i, umask := range []string{"022", "077"} {
		dir := filepath.Join(t.TempDir(), "run"+umask, "deeper")
		cmd := exec.CommandContext(ctx, "sh", "-c", `umask "$1"; shift; exec make --no-print-directory "$@"`, "sh", umask,
			"package", "DIST="+filepath.Join(dir, "dist"), "PKGBUILD="+filepath.Join(dir, "build"))
		cmd.Env = pkgEnv()
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("make package (umask %s): %v\n%s", umask, err, out.Bytes())
		}
		files, _ := filepath.Glob(filepath.Join(dir, "dist", "*"))
		sums[i] = map[string]string{}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			sums[i][filepath.Base(f)] = hex.EncodeToString(sum[:])
		}
	}
	if len(sums[0]) != 2 {
		t.Fatalf("the first build made %v, want a .deb and an .rpm", sums[0])
	}
	for name, sum := range sums[0] {
		if sums[1][name] != sum {
			t.Errorf("%s differs between two builds of the same commit: %s, %s", name, sum, sums[1][name])
		}
	}
}

// TestReleaseConfigRepeats checks that .goreleaser.yaml dates what a
// release holds by the commit, not by the build, so that two snapshot
// releases of one commit give the same checksums (make release-repeat
// builds them, from .ci/run): the binaries (mod_timestamp), every file of
// the archives (info.mtime, and a mode whatever the umask) and the
// packages (nfpms' mtime).
func TestReleaseConfigRepeats(t *testing.T) {
	b, err := os.ReadFile(".goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	gr := string(b)
	section := func(name string) string {
		_, rest, ok := strings.Cut(gr, "\n"+name+":\n")
		if !ok {
			t.Fatalf(".goreleaser.yaml has no %s", name)
		}
		if i := regexp.MustCompile(`\n[a-z_]+:`).FindStringIndex(rest); i != nil {
			rest = rest[:i[0]]
		}
		return rest
	}
	const mtime = `mtime: "{{ .CommitDate }}"`
	if !strings.Contains(section("builds"), `mod_timestamp: "{{ .CommitTimestamp }}"`) {
		t.Errorf(`builds: no mod_timestamp: "{{ .CommitTimestamp }}"`)
	}
	archives := section("archives")
	_, files, _ := strings.Cut(archives, "\n    files:\n")
	srcs := strings.Count(files, "- src: ")
	if srcs == 0 || strings.Count(files, mtime) != srcs || strings.Count(files, "mode: 0644") != srcs {
		t.Errorf("archives: %d files, %d with %s, %d with mode: 0644; want each with both",
			srcs, strings.Count(files, mtime), mtime, strings.Count(files, "mode: 0644"))
	}
	if regexp.MustCompile(`(?m)^      - [^s]`).MatchString(files) {
		t.Errorf("archives: a file given by its name alone, without info (mtime, mode):\n%s", files)
	}
	if !strings.Contains(archives, "builds_info:\n      mode: 0755") {
		t.Errorf("archives: no builds_info mode 0755")
	}
	if !strings.Contains(section("nfpms"), "\n    "+mtime+"\n") {
		t.Errorf("nfpms: no %s", mtime)
	}
	mk, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(filepath.Join(".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mk), "\nrelease-repeat:\n") || !regexp.MustCompile(`(?m)^make release-repeat$`).Match(ci) {
		t.Errorf("make release-repeat is not defined in the Makefile or not run by .ci/run")
	}
}

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
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

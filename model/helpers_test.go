package model

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Statement hashes used by the tests.
const (
	shaV1 = "1111111111111111111111111111111111111111111111111111111111111111"
	shaV2 = "2222222222222222222222222222222222222222222222222222222222222222"
)

// testTime is a fixed decision time.
var testTime = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

// testPaths returns the ksn directories under a fresh temporary directory,
// laid out as DefaultPaths lays them out under the XDG base directories
// (see xdgEnv). It changes no process-wide state, so tests may be parallel.
func testPaths(t *testing.T) Paths {
	t.Helper()
	root := t.TempDir()
	return Paths{
		ConfigDir: filepath.Join(root, "config", "ksn"),
		StateDir:  filepath.Join(root, "state", "ksn"),
		DataDir:   filepath.Join(root, "data", "ksn"),
	}
}

// xdgEnv is the environment under which DefaultPaths, in a helper process,
// returns p (made by testPaths).
func xdgEnv(p Paths) []string {
	return []string{
		"XDG_CONFIG_HOME=" + filepath.Dir(p.ConfigDir),
		"XDG_STATE_HOME=" + filepath.Dir(p.StateDir),
		"XDG_DATA_HOME=" + filepath.Dir(p.DataDir),
	}
}

// sha256Hex is the hex SHA-256 of b: the prev of the consent line after b
// (docs/files.md), worked out here rather than with lineHash, which the tests
// check.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// writeFile writes a test fixture, creating its directory.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// readFile reads a file the test expects to exist.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// countLines counts the lines of a file, 0 if it does not exist.
func countLines(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

// toggle is a read-modify-write step used by the concurrency tests: it adds
// one second to the check interval (a counter that a lost update would
// show) and accepts or withdraws, recording the entry.
func toggle(via string) func(*Settings) (*ConsentEntry, error) {
	return func(s *Settings) (*ConsentEntry, error) {
		s.KSN.CheckInterval += Duration(time.Second)
		var e ConsentEntry
		if s.KSN.Participation {
			*s, e = s.Withdraw(Statement{Version: "2026.1", SHA256: shaV1}, time.Now(), via)
		} else {
			*s, e = s.Accept(Statement{Version: "2026.1", SHA256: shaV1}, time.Now(), via)
		}
		return &e, nil
	}
}

// isProblem reports whether err is a *Problem of code.
func isProblem(err error, code Code) bool {
	var p *Problem
	return errors.As(err, &p) && p.Code == code
}

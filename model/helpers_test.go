package model

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adrg/xdg"
)

// Statement hashes used by the tests.
const (
	shaV1 = "1111111111111111111111111111111111111111111111111111111111111111"
	shaV2 = "2222222222222222222222222222222222222222222222222222222222222222"
)

// testTime is a fixed decision time.
var testTime = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

// testPaths points the XDG variables at a fresh temporary directory and
// returns DefaultPaths under it.
func testPaths(t *testing.T) Paths {
	t.Helper()
	t.Cleanup(xdg.Reload) // runs after the variables are restored
	root := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(root, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(root, "state"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(root, "data"))
	xdg.Reload()
	return DefaultPaths()
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

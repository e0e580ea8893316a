package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/adrg/xdg"

	"ksn/model"
	"ksn/netcheck/ksntest"
	"ksn/statement"
)

// TestScreens prints `ksn check`, with its colours, against a loopback KSN
// service answering valid and denylisted, into $KSN_SCREENS as
// check-SCENARIO.ansi for `make screenshots`. Without $KSN_SCREENS it is
// skipped.
func TestScreens(t *testing.T) {
	dir := os.Getenv("KSN_SCREENS")
	if dir == "" {
		t.Skip("set KSN_SCREENS to a directory to draw the README's pictures (make screenshots)")
	}
	for _, sc := range []ksntest.Scenario{ksntest.Valid, ksntest.Denylisted} {
		t.Run(string(sc), func(t *testing.T) {
			// Not parallel: execute runs as ksn does, with its files
			// under the XDG variables and its colours from
			// CLICOLOR_FORCE and NO_COLOR, so the test sets them for the
			// whole process.
			root := t.TempDir()
			t.Cleanup(xdg.Reload)
			for _, v := range []string{"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_DIRS"} {
				t.Setenv(v, filepath.Join(root, v))
			}
			t.Setenv("CLICOLOR_FORCE", "1")
			t.Setenv("NO_COLOR", "")
			xdg.Reload()
			store := model.NewStore(model.DefaultPaths())
			if _, err := store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
				n, c := s.Accept(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, time.Now(), "cli")
				*s = n
				return &c, nil
			}); err != nil {
				t.Fatal(err)
			}
			lic := `{"key": "ABCDE-FGHIJ-KLMNO-PQRST", "activated": true, "expires_at": "2027-11-29T00:00:00Z"}`
			if _, err := store.InstallLicense([]byte(lic)); err != nil {
				t.Fatal(err)
			}
			_, url := ksntest.NewTestServer(t, sc)
			var out, errb bytes.Buffer
			execute(context.Background(), []string{"check", "--endpoint", url}, &out, &errb)
			shot := append([]byte("$ ksn check\n"), out.Bytes()...)
			if err := os.WriteFile(filepath.Join(dir, "check-"+string(sc)+".ansi"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/adrg/xdg"

	"ksn/model"
	"ksn/safe"
	"ksn/statement"
)

// hostileSeeds are texts an attacker may put in a file, a user name or an
// answer: escape sequences that retitle a window, recolour and clear a
// screen, a C1 CSI, bidi overrides, DEL, invalid UTF-8.
var hostileSeeds = []string{
	"\x1b]0;PWNED\a\x1b[41mRED\x1b[0m\x1b[2J",
	"ssh:\x1b[2J",
	"a\u009b31mb",
	"evil\u202etxt.exe",
	"\u2066isolate\u2069",
	"del\x7f",
	"bad\xff\xfe",
	"plain",
}

// FuzzCLIOutputIsSafe puts hostile text in every field a file lets an
// attacker set (a consent line's via and version, settings.json's
// statement version and endpoint, the license key) and runs the commands
// that show them: no byte of their output, stdout or stderr, is a raw
// control character or bidi control (docs/choices.md "One state, one voice"). Output to a buffer has no
// colour, so any escape there came from the input.
func FuzzCLIOutputIsSafe(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Not parallel: execute runs as ksn does, with its files under
		// the XDG variables and its endpoint from KSN_ENDPOINT, so the
		// test sets them for the whole process.
		root := t.TempDir()
		t.Cleanup(xdg.Reload)
		for _, v := range []string{"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_DIRS"} {
			t.Setenv(v, filepath.Join(root, v))
		}
		t.Setenv("KSN_ENDPOINT", "")
		xdg.Reload()
		store := model.NewStore(model.DefaultPaths())
		// A consent line whose via and version are s (if the model takes them).
		_, _ = store.Update(func(st *model.Settings) (*model.ConsentEntry, error) {
			var e model.ConsentEntry
			*st, e = st.Decline(model.Statement{Version: s, SHA256: statement.SHA256()}, time.Now(), "ssh:"+s)
			return &e, nil
		})
		// settings.json with s where a string goes, and license.json.
		settings, _ := json.Marshal(map[string]any{"schema": 1, "ksn": map[string]any{
			"participation": false, "endpoint": "https://ksn.example.org/" + s,
			"statement": map[string]any{"decision": "declined", "version": s, "sha256": s, "decided_at": "2026-11-29T10:00:00Z"},
		}})
		lic, _ := json.Marshal(map[string]any{"key": "ABCDE-" + s + "-PQRST", "activated": true, "expires_at": "2099-01-01T00:00:00Z"})
		dir := store.Paths().ConfigDir
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		for name, data := range map[string][]byte{"settings.json": settings, "license.json": lic} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		for _, args := range [][]string{{"consent"}, {"status"}, {"license"}, {"check"}, {"status", "--endpoint", "https://x.example/" + s}, {s}} {
			var out, errb bytes.Buffer
			execute(context.Background(), args, &out, &errb)
			for _, stream := range []*bytes.Buffer{&out, &errb} {
				if bad, ok := rawControl(stream.String()); ok {
					t.Fatalf("ksn %q printed a raw %q:\n%q", args, bad, stream.String())
				}
			}
		}
	})
}

// rawControl finds a control character (but a line break), DEL, C1 or bidi
// control, or an invalid UTF-8 byte, in s.
func rawControl(s string) (string, bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\n' {
			i += size
			continue
		}
		if !safe.Clean(s[i : i+size]) {
			return s[i : i+size], true
		}
		i += size
	}
	return "", false
}

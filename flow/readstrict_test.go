package flow

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Attack 10 (docs/development.md "Security"): `ksn enable` read settings.json with
// os.ReadFile, so a FIFO there blocked it for good and a 1 GB sparse file
// was read whole. Each is refused at once, naming the file.
func TestReadStrictRefusesFIFOAndHuge(t *testing.T) {
	t.Parallel()
	for name, mk := range map[string]func(path string) error{
		"fifo": func(path string) error { return syscall.Mkfifo(path, 0o600) },
		"huge": func(path string) error {
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				return err
			}
			return os.Truncate(path, 1<<30)
		},
	} {
		store := testStore(t)
		path := store.Paths().SettingsFile()
		if err := os.MkdirAll(store.Paths().ConfigDir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := mk(path); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			_, err := ReadStrict(store)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("%s: %v; want a refusal naming %s", name, err, path)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: ReadStrict blocked", name)
		}
	}
}

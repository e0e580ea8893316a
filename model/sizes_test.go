package model

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Attack 10 (docs/development.md "Security"): a 1 GB sparse settings.json or
// license.json made `ksn status` take 6 s and 2.1 GB; /dev/zero behind a
// link grew without end. Each is refused at once, naming the file; a link
// to a regular file is still read.
func TestReadsRefuseHugeAndDevices(t *testing.T) {
	t.Parallel()
	for _, which := range []string{"settings", "license"} {
		for name, mk := range map[string]func(path string) error{
			"sparse 1 GB": func(path string) error { return sparse(path, 1<<30) },
			"1 MiB + 1":   func(path string) error { return sparse(path, MaxFileSize+1) },
			"/dev/zero":   func(path string) error { return os.Symlink("/dev/zero", path) },
		} {
			p := testPaths(t)
			s := NewStore(p)
			path := p.SettingsFile()
			if which == "license" {
				path = p.LicenseFile()
			}
			if err := os.MkdirAll(p.ConfigDir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := mk(path); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			var err error
			if which == "license" {
				_, _, err = s.LoadLicense()
			} else {
				_, _, err = s.Load()
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("%s %s: took %v", which, name, took)
			}
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("%s %s: %v; want a refusal naming %s", which, name, err, path)
			}
		}
	}
}

// A settings.json that is a link to a regular file of its own size is
// read: ksn replaces such a link by rename, never writes through it.
func TestReadFollowReadsLinkToRegular(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "real.json")
	writeFile(t, target, `{"schema": 1, "ksn": {"window": "statement"}}`)
	link := filepath.Join(dir, "settings.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	data, err := ReadFollow(link)
	if err != nil || !strings.Contains(string(data), "statement") {
		t.Fatalf("%q %v", data, err)
	}
	var p *Problem
	if _, err := ReadFollow(filepath.Join(dir, "none")); errors.As(err, &p) || err == nil {
		t.Fatalf("a missing file: %v", err)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ksn/lang"
	"ksn/statement"
)

// english is the English statement, the one the cache tests render.
var english = statement.In(lang.English())

// renderFile returns the one render cache file under home.
func renderFile(t *testing.T, home string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(home, "ksn", "render", "statement-*"))
	if len(files) != 1 {
		t.Fatalf("render cache files: %v", files)
	}
	return files[0]
}

// TestRenderCacheUsedOnlyIfItChecksOut is the attack "a poisoned render
// cache is printed raw": a cache file is used only if its header names
// this render and the hash of its text, and its text is what a render can
// be; else the statement is rendered again and the file rewritten.
func TestRenderCacheUsedOnlyIfItChecksOut(t *testing.T) {
	t.Parallel()
	home := t.TempDir() // $XDG_CACHE_HOME
	const width, theme = 60, statement.ThemeDark
	real, err := renderStatement(home, english, width, theme)
	if err != nil {
		t.Fatal(err)
	}
	path := renderFile(t, home)
	if fi, err := os.Lstat(path); err != nil || fi.Mode() != 0o600 {
		t.Fatalf("cache file %v, %v; want a regular file, 0600", fi.Mode(), err)
	}
	for _, d := range []string{filepath.Join(home, "ksn"), filepath.Join(home, "ksn", "render")} {
		if fi, err := os.Lstat(d); err != nil || fi.Mode() != os.ModeDir|0o700 {
			t.Errorf("%s: %v, %v; want a directory, 0700", d, fi.Mode(), err)
		}
	}
	key := renderKey(statement.SHA256(), version, width, theme)

	// A file that checks out is used: the cache works.
	hit := "\x1b[1mcached\x1b[0m\nsecond line"
	if err := os.WriteFile(path, encodeRender(key, hit), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _ := renderStatement(home, english, width, theme); got != hit {
		t.Fatalf("a file that checks out was not used: %q", got)
	}

	for name, data := range map[string]string{
		"wrong hash":         renderMagic + " key=" + key + " sha256=00\n\x1b]0;PWNED\a" + real,
		"no header":          "\x1b]0;PWNED\a" + real,
		"right hash, OSC":    string(encodeRender(key, "\x1b]0;PWNED\a"+real)),
		"right hash, C1 CSI": string(encodeRender(key, "\u009b2J"+real)),
		"right hash, bidi":   string(encodeRender(key, "Trust \u202eme")),
		"right hash, cursor": string(encodeRender(key, "\x1b[2A"+real)),
		"other width":        string(encodeRender(renderKey(statement.SHA256(), version, 61, theme), "PWNED")),
		"cut short":          string(encodeRender(key, real))[:200],
	} {
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := renderStatement(home, english, width, theme)
		if err != nil || got != real {
			t.Errorf("%s: printed %q (%v), want the real render", name, firstLine(got), err)
		}
		if b, _ := os.ReadFile(path); string(b) != string(encodeRender(key, real)) {
			t.Errorf("%s: the cache file was not rewritten", name)
		}
	}
}

// TestRenderCacheNeverThroughALink: a cache file that is a symbolic link
// is neither read nor written through (the link is replaced, its target
// untouched); cache directories that are links are not used at all.
func TestRenderCacheNeverThroughALink(t *testing.T) {
	t.Parallel()
	home := t.TempDir() // $XDG_CACHE_HOME
	real, err := renderStatement(home, english, 60, statement.ThemePlain)
	if err != nil {
		t.Fatal(err)
	}
	path := renderFile(t, home)
	elsewhere := t.TempDir()
	target := filepath.Join(elsewhere, "target")
	key := renderKey(statement.SHA256(), version, 60, statement.ThemePlain)
	poison := encodeRender(key, "PWNED") // checks out, but is not ksn's file
	if err := os.WriteFile(target, poison, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	if got, _ := renderStatement(home, english, 60, statement.ThemePlain); got != real {
		t.Fatalf("read through a link: %q", firstLine(got))
	}
	if b, _ := os.ReadFile(target); string(b) != string(poison) {
		t.Error("the link's target was written")
	}
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("the link was not replaced: %v, %v", fi.Mode(), err)
	}

	// ksn/render a link to elsewhere: nothing is read or written there.
	render := filepath.Dir(path)
	if err := os.RemoveAll(render); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, render); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(elsewhere, filepath.Base(path)), poison, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := renderStatement(home, english, 60, statement.ThemePlain); got != real {
		t.Fatalf("read through a linked directory: %q", firstLine(got))
	}
	if got, _ := renderStatement(home, english, 80, statement.ThemePlain); got == "" {
		t.Fatal("no render")
	}
	if files, _ := filepath.Glob(filepath.Join(elsewhere, "statement-*-w80-*")); len(files) != 0 {
		t.Errorf("written through a linked directory: %v", files)
	}
}

// firstLine is the first line of s, for messages.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

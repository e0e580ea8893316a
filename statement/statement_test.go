package statement

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

var themes = []Theme{ThemeDark, ThemeLight, ThemePlain}

func TestMarkdownSize(t *testing.T) {
	n := len(Markdown())
	if n < 3*1024 || n > 8*1024 {
		t.Errorf("statement is %d bytes, want 3–8 KB", n)
	}
}

func TestMarkdownContent(t *testing.T) {
	md := string(Markdown())
	for _, want := range []string{
		"# Kaspersky Security Network Statement",
		"Version " + Version,
		// What is sent: the seed's two passages together (docs/screens.md).
		"threats detected on the computer",
		"applications being run",
		"signed applications being downloaded",
		"Operating system information",
		"configuration of the operating system",
		"start and completion time of processes",
		"SHA-256 hash of the license key",
		"voluntary",
		"`ksn disable`",
		"Settings › Security settings › Kaspersky Security Network",
		"nothing is sent",
		"up to 30 days",
		"up to 5 years",
		"privacy@ksn.example",
		// A changed text says what changed (docs/screens.md: a new version).
		"## Changes in " + Version,
		"version " + Version + ".",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("statement lacks %q", want)
		}
	}
}

func TestSHA256(t *testing.T) {
	h := sha256.Sum256(Markdown())
	if got, want := SHA256(), hex.EncodeToString(h[:]); got != want {
		t.Errorf("SHA256() = %s, want %s", got, want)
	}
	if len(SHA256()) != 64 || strings.ToLower(SHA256()) != SHA256() {
		t.Errorf("SHA256() = %q, want 64 lowercase hex digits", SHA256())
	}
}

func TestMarkdownIsACopy(t *testing.T) {
	a := Markdown()
	orig := bytes.Clone(a)
	for i := range a {
		a[i] = 'x'
	}
	if b := Markdown(); !bytes.Equal(b, orig) {
		t.Fatal("modifying the slice Markdown returned changed the next result")
	}
	h := sha256.Sum256(Markdown())
	if hex.EncodeToString(h[:]) != SHA256() {
		t.Fatal("SHA256 no longer matches Markdown")
	}
}

func TestThemeString(t *testing.T) {
	for th, want := range map[Theme]string{ThemeDark: "dark", ThemeLight: "light", ThemePlain: "plain", Theme(7): "Theme(7)"} {
		if got := th.String(); got != want {
			t.Errorf("Theme(%d).String() = %q, want %q", int(th), got, want)
		}
	}
}

func TestRender(t *testing.T) {
	c := NewCache()
	for _, th := range themes {
		for _, w := range []int{40, 80, 120} {
			t.Run(fmt.Sprintf("%s/%d", th, w), func(t *testing.T) {
				out, err := c.Render(Markdown(), w, th)
				if err != nil {
					t.Fatal(err)
				}
				if strings.TrimSpace(out) == "" {
					t.Fatal("empty rendering")
				}
				plain := ansi.Strip(out)
				for _, word := range []string{"Kaspersky", "Security", "Network", "Statement", Version} {
					if !strings.Contains(plain, word) {
						t.Errorf("rendering lacks %q", word)
					}
				}
				checkLines(t, out, w)
				if th == ThemePlain && strings.ContainsRune(out, '\x1b') {
					t.Error("plain rendering contains ESC")
				}
				if th != ThemePlain && !strings.ContainsRune(out, '\x1b') {
					t.Error("coloured rendering has no escape sequences")
				}
			})
		}
	}
}

// checkLines fails t if a line of out is wider than width or ends in a space.
func checkLines(t *testing.T, out string, width int) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(line); w > width {
			t.Errorf("line %d is %d columns wide, want ≤ %d: %q", i+1, w, width, ansi.Strip(line))
		}
		if s := ansi.Strip(line); strings.HasSuffix(s, " ") && !isPaddedBlock(line) {
			t.Errorf("line %d has trailing spaces: %q", i+1, line)
		}
	}
}

// isPaddedBlock reports whether line ends in spaces that are visible (drawn
// with a background colour), which tidy must keep.
func isPaddedBlock(line string) bool {
	return strings.Contains(line, "48;")
}

func TestRenderAllWidths(t *testing.T) {
	c := NewCache()
	for _, th := range themes {
		for _, w := range []int{1, 9, 10, 11, 12, 13, 15, 17, 20, 23, 27, 31, 36, 41, 47, 53, 59, 64, 72, 79, 99, 131} {
			out, err := c.Render(Markdown(), w, th)
			if err != nil {
				t.Fatalf("%s/%d: %v", th, w, err)
			}
			checkLines(t, out, max(w, MinWidth))
		}
	}
}

func TestRenderFramesBlankLines(t *testing.T) {
	out, err := NewCache().Render(Markdown(), 80, ThemeDark)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	if isBlank(lines[0]) || isBlank(lines[len(lines)-1]) {
		t.Error("rendering starts or ends with a blank line")
	}
}

// TestRenderKeepsText checks that trimming loses no words: the plain text of
// each rendering, with whitespace collapsed, equals that of Glamour's own
// output.
func TestRenderKeepsText(t *testing.T) {
	for _, th := range themes {
		raw, err := render(Markdown(), 80, th)
		if err != nil {
			t.Fatal(err)
		}
		untidied := rawGlamour(t, Markdown(), 80, th)
		if got, want := strings.Fields(ansi.Strip(raw)), strings.Fields(ansi.Strip(untidied)); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: tidy changed the text", th)
		}
		if th != ThemePlain && len(raw) > len(untidied)/2 {
			t.Errorf("%s: tidy saved little: %d → %d bytes", th, len(untidied), len(raw))
		}
	}
}

func TestRenderUnknownTheme(t *testing.T) {
	c := NewCache()
	if _, err := c.Render(Markdown(), 80, Theme(9)); err == nil {
		t.Fatal("Render with an unknown theme succeeded")
	}
	if c.Renders() != 0 {
		t.Errorf("Renders() = %d after a refused theme, want 0", c.Renders())
	}
}

func TestCache(t *testing.T) {
	c := NewCache()
	doc := Markdown()
	a, err := c.Render(doc, 80, ThemeDark)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Render(doc, 80, ThemeDark)
	if err != nil {
		t.Fatal(err)
	}
	if c.Renders() != 1 {
		t.Fatalf("Renders() = %d after the same render twice, want 1", c.Renders())
	}
	if a != b {
		t.Fatal("cached rendering differs")
	}
	// The key is the content, not the slice.
	if _, err := c.Render(bytes.Clone(doc), 80, ThemeDark); err != nil || c.Renders() != 1 {
		t.Fatalf("same content in another slice: Renders() = %d, err %v", c.Renders(), err)
	}
	if _, err := c.Render(doc, 81, ThemeDark); err != nil || c.Renders() != 2 {
		t.Fatalf("other width: Renders() = %d, err %v; want 2", c.Renders(), err)
	}
	if _, err := c.Render(doc, 80, ThemeLight); err != nil || c.Renders() != 3 {
		t.Fatalf("other theme: Renders() = %d, err %v; want 3", c.Renders(), err)
	}
	if _, err := c.Render([]byte("# Other\n\nText."), 80, ThemeDark); err != nil || c.Renders() != 4 {
		t.Fatalf("other document: Renders() = %d, err %v; want 4", c.Renders(), err)
	}
	// Widths below the minimum share one rendering.
	c.Render(doc, 3, ThemeDark)
	c.Render(doc, MinWidth, ThemeDark)
	if c.Renders() != 5 {
		t.Fatalf("clamped widths: Renders() = %d, want 5", c.Renders())
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := NewCache()
	const n = 16
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		outs  [n]string
	)
	for i := range n {
		wg.Go(func() {
			<-start
			out, err := c.Render(Markdown(), 80, ThemeDark)
			if err != nil {
				t.Error(err)
			}
			outs[i] = out
		})
	}
	close(start)
	wg.Wait()
	if c.Renders() != 1 {
		t.Fatalf("Renders() = %d after %d concurrent calls, want 1", c.Renders(), n)
	}
	for i := range outs {
		if outs[i] != outs[0] || outs[i] == "" {
			t.Fatalf("goroutine %d got a different rendering", i)
		}
	}
}

func TestCacheEvicts(t *testing.T) {
	c := NewCache()
	c.size = 3
	doc := []byte("# T\n\nSome text.")
	for w := 20; w < 25; w++ {
		if _, err := c.Render(doc, w, ThemePlain); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(c.entries); got != 3 {
		t.Fatalf("cache holds %d renderings, want 3", got)
	}
	c.Render(doc, 24, ThemePlain) // still cached
	if c.Renders() != 5 {
		t.Fatalf("Renders() = %d, want 5", c.Renders())
	}
	c.Render(doc, 20, ThemePlain) // evicted, rendered again
	if c.Renders() != 6 {
		t.Fatalf("Renders() = %d, want 6", c.Renders())
	}
}

func BenchmarkRenderCold(b *testing.B) {
	doc := Markdown()
	b.ReportAllocs()
	for b.Loop() {
		c := NewCache()
		if _, err := c.Render(doc, 80, ThemeDark); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderCached(b *testing.B) {
	doc := Markdown()
	c := NewCache()
	if _, err := c.Render(doc, 80, ThemeDark); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Render(doc, 80, ThemeDark); err != nil {
			b.Fatal(err)
		}
	}
}

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/adrg/xdg"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/safe"
	"ksn/say"
	"ksn/statement"
)

// newStatementCmd returns `ksn statement [--raw] [--width N]`.
func newStatementCmd(v say.Voice) *cobra.Command {
	var raw bool
	var width int
	cmd := &cobra.Command{
		Use:   "statement",
		Short: v.T("cli.statement.short"),
		Long:  v.T("cli.statement.long"),
		Args:  noArgs(v),
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			if cmd.Flags().Changed("width") && (width < 20 || width > 1000) {
				return usageError("%s", v.T("cli.statement.bad_width", "Value", width))
			}
			text := statement.In(voiceOf(cmd).Lang)
			if raw {
				_, err := out.Write(text.Markdown())
				return asFailure(err)
			}
			if !cmd.Flags().Changed("width") {
				width = terminalWidth(out)
			}
			// Colours where out takes more than bold (as the printer's),
			// downsampled to what it takes.
			profile := colorProfile(out, os.Environ())
			theme := statement.ThemePlain
			if profile > colorprofile.ASCII {
				theme = statement.ThemeDark
			}
			rendered, err := renderStatement(xdg.CacheHome, text, width, theme)
			if err != nil {
				return failure("%s", v.T("cli.statement.render_failed", "Error", err))
			}
			cw := &colorprofile.Writer{Forward: out, Profile: profile}
			_, err = cw.Write([]byte(rendered + "\n"))
			return asFailure(err)
		},
	}
	cmd.Flags().BoolVar(&raw, "raw", false, v.T("cli.statement.raw"))
	cmd.Flags().IntVar(&width, "width", 0, v.T("cli.statement.width"))
	return cmd
}

// renderStatement renders the statement t (in its language) for width and
// theme, keeping the result under cacheHome/ksn/render (cacheHome is
// $XDG_CACHE_HOME) so that the next run for the same statement, width,
// theme and ksn version only reads a file. The cache is an optimisation
// and outside ksn's control: a cache file is used only if it checks out
// (see checkRender), else ksn renders and rewrites it atomically; when it
// cannot be read or written, ksn renders.
func renderStatement(cacheHome string, t statement.Text, width int, theme statement.Theme) (string, error) {
	key := renderKey(t.SHA256(), version, width, theme)
	path := renderCachePath(cacheHome, fmt.Sprintf("statement-%s-%s-w%d-%s.txt",
		t.SHA256()[:16], fileSafe(version), width, theme))
	if path != "" {
		if data, err := model.ReadRegularFile(path, maxRenderCache); err == nil {
			if text, ok := checkRender(data, key); ok {
				return text, nil
			}
		}
	}
	text, err := statement.NewCache().Render(t.Markdown(), width, theme)
	if err != nil {
		return "", err
	}
	if path != "" {
		// By rename: a link at path is replaced, never written through.
		_ = model.WriteFileAtomic(path, encodeRender(key, text))
	}
	return text, nil
}

// renderMagic begins the first line of a render cache file:
// "ksn-render-v2 key=<hex> sha256=<hex>", then the rendered text (v2:
// commands in code spans are no longer broken at a hyphen).
const renderMagic = "ksn-render-v2"

// maxRenderCache is the largest render cache file read (a render of the
// statement at 1000 columns is about 16 KB).
const maxRenderCache = 1 << 20

// renderKey is the hex SHA-256 of what a render depends on: the statement,
// the ksn version (and so the renderer), the width and the theme.
func renderKey(statementSHA, version string, width int, theme statement.Theme) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "statement=%s\nversion=%s\nwidth=%d\ntheme=%s\n",
		statementSHA, version, width, theme))
	return hex.EncodeToString(sum[:])
}

// encodeRender returns the render cache file of text for key.
func encodeRender(key, text string) []byte {
	sum := sha256.Sum256([]byte(text))
	return fmt.Appendf(nil, "%s key=%s sha256=%s\n%s", renderMagic, key, hex.EncodeToString(sum[:]), text)
}

// checkRender returns the text of a render cache file and true if it checks
// out: its first line names this key and the SHA-256 of the text that
// follows (a file cut short, or left by another version, width or theme,
// does not), and the text is what a render can be: printable text, line
// breaks and SGR sequences (colours, bold) only. The hash catches a file
// gone bad; the second check catches a file made to pass the first, so no
// cache file can move the cursor, retitle the terminal or reorder text.
func checkRender(data []byte, key string) (string, bool) {
	header, text, ok := strings.Cut(string(data), "\n")
	if !ok {
		return "", false
	}
	sum := sha256.Sum256([]byte(text))
	want := renderMagic + " key=" + key + " sha256=" + hex.EncodeToString(sum[:])
	if header != want || !renderSafe(text) {
		return "", false
	}
	return text, true
}

// sgr matches one Select Graphic Rendition sequence, all the styling a
// render of the statement has.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// renderSafe reports whether text holds nothing but printable text (see
// safe.Clean), line breaks and SGR sequences.
func renderSafe(text string) bool {
	for line := range strings.SplitSeq(sgr.ReplaceAllString(text, ""), "\n") {
		if !safe.Clean(line) {
			return false
		}
	}
	return true
}

// renderCachePath returns base/ksn/render/name, creating the two ksn
// directories (mode 0700) if they are missing, or "" if the cache cannot
// be used: base unusable, or either ksn directory a symbolic link or not
// a directory. Only ksn's own directories are checked; base may be a link
// (a cache kept on another disk).
func renderCachePath(base, name string) string {
	if base == "" {
		return ""
	}
	if err := os.MkdirAll(base, 0o700); err != nil {
		return ""
	}
	dir := base
	for _, sub := range []string{"ksn", "render"} {
		dir = filepath.Join(dir, sub)
		if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return ""
		}
		if fi, err := os.Lstat(dir); err != nil || !fi.IsDir() {
			return "" // a link (fi.IsDir is false for one) or a file
		}
	}
	return filepath.Join(dir, name)
}

// fileSafe returns s with every byte but letters, digits, '.', '-' and '_'
// replaced by '_', for a part of a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}

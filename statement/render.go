package statement

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
)

// Theme selects the colours of a rendering.
type Theme int

// The themes. The zero value is ThemeDark, which is also what a UI renders
// with until it knows the terminal's background.
const (
	// ThemeDark is for terminals with a dark background.
	ThemeDark Theme = iota
	// ThemeLight is for terminals with a light background.
	ThemeLight
	// ThemePlain has no colour and no escape sequences at all: for NO_COLOR,
	// the ASCII colour profile, and output that is not a terminal.
	ThemePlain
)

// String returns the theme's name: "dark", "light" or "plain".
func (t Theme) String() string {
	switch t {
	case ThemeDark:
		return "dark"
	case ThemeLight:
		return "light"
	case ThemePlain:
		return "plain"
	default:
		return "Theme(" + strconv.Itoa(int(t)) + ")"
	}
}

// styleConfig returns the Glamour style of the theme.
func (t Theme) styleConfig() (gansi.StyleConfig, error) {
	switch t {
	case ThemeDark:
		return styles.DarkStyleConfig, nil
	case ThemeLight:
		return styles.LightStyleConfig, nil
	case ThemePlain:
		return plainStyle(), nil
	default:
		return gansi.StyleConfig{}, fmt.Errorf("statement: unknown theme %s", t)
	}
}

// plainStyle is Glamour's notty (ASCII) style without the "*" and "**"
// markers around emphasis: Glamour wraps lines inside them, which leaves a
// stray "**" at the start of a line.
func plainStyle() gansi.StyleConfig {
	s := styles.NoTTYStyleConfig
	s.Emph = gansi.StylePrimitive{}
	s.Strong = gansi.StylePrimitive{}
	return s
}

const (
	// MinWidth is the narrowest width Render renders for; smaller widths are
	// treated as MinWidth.
	MinWidth = 10

	// defaultCacheSize bounds the number of renderings a Cache keeps. Each
	// is a few KB; terminals resized often (many SSH sessions) would
	// otherwise grow the cache without end.
	defaultCacheSize = 256
)

// cacheKey identifies one rendering.
type cacheKey struct {
	sum   [sha256.Size]byte
	width int
	theme Theme
}

// entry is one rendering, done or in progress. out and err are written once,
// before done is closed, and only read after.
type entry struct {
	key  cacheKey
	done chan struct{}
	out  string
	err  error
	elem *list.Element // in Cache.lru; nil once evicted
}

// Cache renders Markdown documents with Glamour, at most once per (document
// SHA-256, width, theme). It is safe for concurrent use: callers asking for a
// rendering already in progress wait for it instead of rendering again. It
// keeps the most recently used renderings, up to a fixed number. The zero
// value is not usable; use [NewCache].
type Cache struct {
	mu      sync.Mutex
	entries map[cacheKey]*entry
	lru     *list.List // of *entry, most recently used at the front
	size    int
	renders int
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{
		entries: make(map[cacheKey]*entry),
		lru:     list.New(),
		size:    defaultCacheSize,
	}
}

// Render returns doc rendered for a terminal width columns wide: width is the
// whole width the text may occupy, Glamour's margins included, and no line
// of the result is wider (counted in terminal cells). Widths below
// [MinWidth] are treated as MinWidth.
//
// Lines carry no trailing padding, the result has no leading or trailing
// blank lines and does not end in a newline. With [ThemePlain] it contains no
// escape sequences.
//
// The result is cached: the same document (by SHA-256), width and theme are
// rendered once. Render is safe to call from many goroutines.
func (c *Cache) Render(doc []byte, width int, theme Theme) (string, error) {
	width = max(width, MinWidth)
	if _, err := theme.styleConfig(); err != nil {
		return "", err
	}
	key := cacheKey{sum: sha256.Sum256(doc), width: width, theme: theme}

	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		if e.elem != nil {
			c.lru.MoveToFront(e.elem)
		}
		c.mu.Unlock()
		<-e.done
		return e.out, e.err
	}
	e := &entry{key: key, done: make(chan struct{})}
	c.entries[key] = e
	e.elem = c.lru.PushFront(e)
	c.renders++
	c.evictLocked()
	c.mu.Unlock()

	// The caller's doc may change once Render returns; it is only read here.
	c.fill(e, doc)
	return e.out, e.err
}

// fill renders e and publishes the result. A failed rendering (or a panic in
// Glamour) is reported to everyone waiting for it and then forgotten, so a
// later call tries again.
func (c *Cache) fill(e *entry, doc []byte) {
	defer func() {
		if r := recover(); r != nil {
			e.out, e.err = "", fmt.Errorf("statement: rendering panicked: %v", r)
		}
		close(e.done)
		if e.err != nil {
			c.mu.Lock()
			c.removeLocked(e)
			c.mu.Unlock()
		}
	}()
	e.out, e.err = render(doc, e.key.width, e.key.theme)
}

// evictLocked drops the least recently used renderings beyond the cache's
// size. Callers still waiting for an evicted rendering get it all the same.
func (c *Cache) evictLocked() {
	for c.lru.Len() > c.size {
		c.removeLocked(c.lru.Back().Value.(*entry))
	}
}

// removeLocked forgets e, if it is still the cached entry for its key.
func (c *Cache) removeLocked(e *entry) {
	if e.elem != nil {
		c.lru.Remove(e.elem)
		e.elem = nil
	}
	if c.entries[e.key] == e {
		delete(c.entries, e.key)
	}
}

// Renders returns how many Glamour renderings the cache has performed (for
// tests and benchmarks).
func (c *Cache) Renders() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.renders
}

// render renders doc with Glamour for width columns and tidies the result.
//
// Glamour's document style has a margin of 2 columns on each side: a line is
// 2 columns of margin, then at most WordWrap-4 of text padded with spaces to
// WordWrap-4, and the right margin is left out. Wrapping at width therefore
// keeps every line within width, leaving a 2-column margin on both sides.
func render(doc []byte, width int, theme Theme) (string, error) {
	style, err := theme.styleConfig()
	if err != nil {
		return "", err
	}
	r, err := glamour.NewTermRenderer(
		glamour.WithStyles(style),
		glamour.WithWordWrap(width),
	)
	if err != nil {
		return "", fmt.Errorf("statement: %w", err)
	}
	out, err := r.RenderBytes(unbreakableCode(doc))
	if err != nil {
		return "", fmt.Errorf("statement: rendering Markdown: %w", err)
	}
	return strings.ReplaceAll(tidy(string(out), width, theme == ThemePlain), nbHyphen, "-"), nil
}

// nbHyphen is U+2011 NON-BREAKING HYPHEN, one column wide like "-".
const nbHyphen = "\u2011"

// unbreakableCode is doc with the hyphens of its inline code spans made
// non-breaking for the wrap, which breaks after any "-": a command such as
// `ksn enable --accept-statement` must not be cut into "--accept-" and
// "statement", where a copied line would be a different command. A URL
// keeps its hyphens breakable (it has no spaces to break at). render turns
// them back into "-", so the text shown is doc's. A doc that already holds
// U+2011 is left as it is.
func unbreakableCode(doc []byte) []byte {
	if bytes.Contains(doc, []byte(nbHyphen)) {
		return doc
	}
	var out bytes.Buffer
	var span []byte // the code span being read, from its opening backtick
	for _, line := range bytes.SplitAfter(doc, []byte("\n")) {
		switch {
		case bytes.HasPrefix(bytes.TrimSpace(line), []byte("```")):
			out.Write(line) // a fenced block is not wrapped
			continue
		case len(bytes.TrimSpace(line)) == 0 && span != nil:
			out.Write(span) // a code span ends with its paragraph
			span = nil
		}
		for _, c := range line {
			switch {
			case c == '`' && span == nil:
				span = []byte{c}
			case c == '`':
				if !bytes.Contains(span, []byte("://")) {
					span = bytes.ReplaceAll(span, []byte("-"), []byte(nbHyphen))
				}
				out.Write(span)
				out.WriteByte(c)
				span = nil
			case span != nil:
				span = append(span, c)
			default:
				out.WriteByte(c)
			}
		}
	}
	out.Write(span)
	return out.Bytes()
}

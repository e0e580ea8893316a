package serve

import "io"

// Bounds on what a session's client may make the server hold of its input
// (docs/serve.md). Bubble Tea's input reader keeps a bracketed paste
// whole until its end marker (a 200 MB paste that never ended took the
// server to 886 MB), and so an escape string (DCS, OSC, APC, PM, SOS)
// until its terminator.
const (
	// maxPaste is how much of one bracketed paste is handed on; the rest,
	// up to its end marker, is dropped.
	maxPaste = 64 << 10
	// maxString is how much of one escape string is handed on; the rest,
	// up to its terminator, is dropped.
	maxString = 64 << 10
)

// The markers of a bracketed paste, and an escape string's terminators.
const (
	pasteStart = "\x1b[200~"
	pasteEnd   = "\x1b[201~"
	stringEnd  = "\x1b\\" // ST; BEL ends one too
	bel        = 0x07
)

// pasteCut hands on what it reads with every bracketed paste cut at
// maxPaste bytes: the rest of the paste is dropped, its end marker kept,
// so the program still sees the paste end. It reads only when it is read
// from, at most readSize bytes at a time, so what the client sends beyond
// that waits in the SSH channel, whose flow control holds the client back.
type pasteCut struct {
	r     io.Reader
	buf   []byte // what was read
	space []byte // what cut made of it
	out   []byte // of space, what is not yet handed on
	err   error  // of the last read, handed on after out

	end     string // the end marker of the paste or string being read; "" outside one
	prevEsc bool   // outside one, the byte before was ESC
	n       int    // bytes of the current paste or string handed on
	match   int    // bytes of the marker looked for matched so far
	held    int    // of those, how many were dropped (the paste was full)
}

// readSize is how much pasteCut reads at a time, as Bubble Tea's reader.
const readSize = 4096

// newPasteCut reads from r.
func newPasteCut(r io.Reader) *pasteCut { return &pasteCut{r: r} }

// Read reads into p what is left of the input once cut; it returns at
// least one byte unless the input ends or fails.
func (c *pasteCut) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		if c.buf == nil {
			c.buf = make([]byte, readSize)
		}
		n, err := c.r.Read(c.buf)
		c.space = c.cut(c.buf[:n], c.space[:0])
		c.out, c.err = c.space, err
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// cut appends in to out without what goes beyond maxPaste in a paste or
// maxString in an escape string; a dropped end marker is appended once
// all its bytes are read.
func (c *pasteCut) cut(in, out []byte) []byte {
	for _, b := range in {
		if c.end == "" {
			out = append(out, b)
			c.begin(b)
			continue
		}
		keep := c.n < c.limit()
		if keep {
			out = append(out, b)
			c.n++
		}
		if c.end == stringEnd && b == bel {
			if !keep {
				out = append(out, bel)
			}
			c.end, c.match, c.held = "", 0, 0
			continue
		}
		switch done := c.advance(b, c.end); {
		case done:
			out = append(out, c.end[len(c.end)-c.heldAfter(keep):]...)
			c.end, c.held = "", 0
		case c.match == 0:
			c.held = 0
		case !keep:
			c.held++
		}
	}
	return out
}

// begin notes b, outside a paste or string: a paste or string begins
// with it, or not.
func (c *pasteCut) begin(b byte) {
	switch {
	case c.prevEsc && (b == 'P' || b == ']' || b == '_' || b == '^' || b == 'X'):
		c.end, c.n, c.match = stringEnd, 0, 0
	case c.advance(b, pasteStart):
		c.end, c.n = pasteEnd, 0
	}
	c.prevEsc = b == 0x1b
}

// limit is how much of the current paste or string is handed on.
func (c *pasteCut) limit() int {
	if c.end == pasteEnd {
		return maxPaste
	}
	return maxString
}

// heldAfter is how many bytes of the end marker just matched were dropped,
// the last one, dropped or kept (keep), included.
func (c *pasteCut) heldAfter(keep bool) int {
	if keep {
		return c.held
	}
	return c.held + 1
}

// advance matches b against marker, which only ever starts with ESC and
// holds no other ESC; true once the whole marker is matched.
func (c *pasteCut) advance(b byte, marker string) bool {
	switch {
	case b == marker[c.match]:
		c.match++
	case b == marker[0]:
		c.match, c.held = 1, 0
	default:
		c.match, c.held = 0, 0
	}
	if c.match == len(marker) {
		c.match = 0
		return true
	}
	return false
}

// Read reads the session's input with its pastes cut (pasteCut): Bubble
// Tea reads from here.
func (s *session) Read(p []byte) (int, error) { return s.input.Read(p) }

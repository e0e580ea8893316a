package access

import (
	"io"
	"strings"
	"sync"

	"ksn/safe"
)

// printer writes whole lines and prompts, never an escape sequence: every
// line goes through safe.Text, so neither ksn's words nor text from
// outside can move the cursor or colour anything. The line editor's echo
// goes through it too, so the two never interleave within a write.
type printer struct {
	mu   sync.Mutex
	w    io.Writer
	crlf bool  // a raw terminal: a line ends with \r\n
	err  error // the first write that failed; later writes are dropped
}

// line writes each of ss as a line of its own ("" a blank line).
func (p *printer) line(ss ...string) {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString(safe.Text(s))
		b.WriteByte('\n')
	}
	p.write(b.String())
}

// prompt writes s and a space, with no line end: the answer follows it.
func (p *printer) prompt(s string) { p.write(safe.Text(s) + " ") }

// write writes s whole, unless an earlier write failed.
func (p *printer) write(s string) {
	if p.crlf {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s)
	}
}

// echo is the line editor's writer: what is typed, as it is typed.
type echo struct{ p *printer }

// Write implements io.Writer.
func (e echo) Write(b []byte) (int, error) {
	e.p.write(string(b))
	return len(b), nil
}

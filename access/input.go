package access

import (
	"context"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"ksn/safe"
)

// MaxLine bounds one line of input, in bytes: a choice is a number, and
// what goes past the bound is dropped.
const MaxLine = 256

// backlog is how many typed-ahead lines wait to be read; while it is full
// nothing more is read, so a client that floods the session holds nothing.
const backlog = 64

// Control bytes the line editor acts on.
const (
	ctrlC     = 0x03
	ctrlD     = 0x04
	backspace = 0x08
	ctrlU     = 0x15
	ctrlW     = 0x17
	escape    = 0x1b
	del       = 0x7f
)

// lines is the one reader of a session's input: every line typed, in
// order, typed-ahead ones kept, until the input ends. A goroutine reads
// the input and edits the lines (editor); it ends when the input does.
type lines struct {
	ch <-chan string // closed when the input has ended
}

// readLines starts reading r, line by line. With echo, r is a terminal
// without a line discipline (an SSH client's raw terminal over an
// emulated PTY): the editor echoes what is typed to echo and handles
// backspace, ctrl+w, ctrl+u, ctrl+c and ctrl+d itself. interrupt is called on
// ctrl+c, and then the input ends.
func readLines(ctx context.Context, r io.Reader, echo io.Writer, interrupt func()) lines {
	ch := make(chan string, backlog)
	go func() {
		defer close(ch)
		ed := editor{echo: echo}
		buf := make([]byte, 512)
		for {
			n, err := r.Read(buf)
			for _, b := range buf[:n] {
				line, ev := ed.feed(b)
				switch ev {
				case evLine:
					select {
					case ch <- line:
					case <-ctx.Done():
						return
					}
				case evInterrupt:
					interrupt()
					return
				case evEOF:
					return
				}
			}
			if err != nil {
				if line, ok := ed.rest(); ok { // a last line without its newline
					select {
					case ch <- line:
					case <-ctx.Done():
					}
				}
				return
			}
		}
	}()
	return lines{ch: ch}
}

// next is the next line typed; false when the input has ended or ctx has.
// A line typed ahead is not taken once ctx has ended (ctrl+c, the idle
// timeout, a shutdown): nothing is decided after.
func (l lines) next(ctx context.Context) (string, bool) {
	if ctx.Err() != nil {
		return "", false
	}
	select {
	case line, ok := <-l.ch:
		return line, ok
	case <-ctx.Done():
		return "", false
	}
}

// event is what a byte fed to the editor did.
type event int

const (
	evNone      event = iota
	evLine            // a line ended
	evInterrupt       // ctrl+c
	evEOF             // ctrl+d on an empty line
)

// escState is where the editor is in an escape sequence the client typed
// (an arrow key, a function key), which it drops whole.
type escState int

const (
	escNone   escState = iota
	escStart           // after ESC
	escCSI             // after ESC [: parameters up to a final byte
	escSS3             // after ESC O: one more byte
	escString          // after ESC ], P, _ or ^: up to BEL or ESC \
	escStrEnd          // ESC inside a string: \ ends it
)

// editor turns bytes typed into lines: Enter is \r, \n or \r\n; backspace
// and DEL erase a character, ctrl+w a word, ctrl+u the line; escape sequences and other
// control bytes are dropped; a line keeps at most MaxLine bytes. With an
// echo writer it echoes as a terminal's line discipline would, so the
// person sees what they type.
type editor struct {
	echo io.Writer // nil: the terminal echoes, or there is none
	buf  []byte
	esc  escState
	cr   bool   // the last byte ended a line with \r: a \n after it is the same Enter
	part []byte // the first bytes of a character of more than one byte
}

// feed takes one byte; it returns the line when one ends.
func (e *editor) feed(b byte) (string, event) {
	cr := e.cr
	e.cr = false
	if b < 0x80 {
		e.part = e.part[:0] // a character cut short
	}
	if e.esc != escNone {
		if !ends(b) {
			e.escape(b)
			return "", evNone
		}
		// Enter, ctrl+c and ctrl+d end any sequence, as CAN and SUB do
		// (ECMA-48): a key such as alt+] must not leave the editor deaf.
		e.esc = escNone
		if b == can || b == sub {
			return "", evNone
		}
	}
	switch {
	case b == '\r' || b == '\n':
		if b == '\n' && cr {
			return "", evNone
		}
		e.cr = b == '\r'
		e.say("\n")
		line := clean(e.buf)
		e.buf = e.buf[:0]
		return line, evLine
	case b == ctrlC:
		e.say("^C") // the prompt's reader ends the line
		return "", evInterrupt
	case b == ctrlD:
		if len(e.buf) == 0 {
			return "", evEOF
		}
	case b == backspace || b == del:
		if len(e.buf) > 0 {
			r, size := utf8.DecodeLastRune(e.buf)
			e.buf = e.buf[:len(e.buf)-size]
			e.erase(runeWidth(r))
		}
	case b == ctrlU:
		e.erase(ansi.StringWidth(string(e.buf)))
		e.buf = e.buf[:0]
	case b == ctrlW:
		word := strings.TrimRight(string(e.buf), " ")
		word = word[:strings.LastIndexByte(word, ' ')+1]
		e.erase(ansi.StringWidth(string(e.buf[len(word):])))
		e.buf = e.buf[:len(word)]
	case b == escape:
		e.esc = escStart
	case b < 0x20:
		// Other controls (tab, ctrl+letters) are not part of a choice.
	default:
		e.char(b)
	}
	return "", evNone
}

// CAN and SUB cancel an escape sequence (ECMA-48).
const (
	can = 0x18
	sub = 0x1a
)

// ends reports whether b ends an escape sequence whatever its state:
// Enter, ctrl+c, ctrl+d, CAN or SUB.
func ends(b byte) bool {
	return b == '\r' || b == '\n' || b == ctrlC || b == ctrlD || b == can || b == sub
}

// char takes a byte of a printable character: the character is kept and
// echoed once it is whole, if it is printable and the line has room; an
// invalid byte, a C1 control or a bidi control is dropped.
func (e *editor) char(b byte) {
	e.part = append(e.part, b)
	if !utf8.FullRune(e.part) {
		if len(e.part) >= utf8.UTFMax {
			e.part = e.part[:0]
		}
		return
	}
	r, size := utf8.DecodeRune(e.part)
	c := e.part[:size]
	e.part = e.part[:0]
	if r == utf8.RuneError || !safe.Clean(string(c)) || len(e.buf)+len(c) > MaxLine {
		return
	}
	e.buf = append(e.buf, c...)
	if e.echo != nil {
		_, _ = e.echo.Write(c)
	}
}

// rest is a last line the input ended without Enter, if any.
func (e *editor) rest() (string, bool) {
	if len(e.buf) == 0 {
		return "", false
	}
	line := clean(e.buf)
	e.buf = e.buf[:0]
	return line, true
}

// escape takes byte b of an escape sequence.
func (e *editor) escape(b byte) {
	switch e.esc {
	case escStart:
		switch b {
		case '[':
			e.esc = escCSI
		case 'O':
			e.esc = escSS3
		case ']', 'P', '_', '^':
			e.esc = escString
		case escape:
			// ESC ESC: the second one starts again.
		default:
			e.esc = escNone // alt+key: dropped with its key
		}
	case escCSI:
		if b >= 0x40 && b <= 0x7e {
			e.esc = escNone
		}
	case escSS3:
		e.esc = escNone
	case escString:
		switch b {
		case 0x07:
			e.esc = escNone
		case escape:
			e.esc = escStrEnd
		}
	case escStrEnd:
		e.esc = escNone
		if b != '\\' {
			e.esc = escString
		}
	}
}

// erase takes back n columns of echo.
func (e *editor) erase(n int) {
	if e.echo != nil && n > 0 {
		e.say(strings.Repeat("\b \b", n))
	}
}

// say echoes s, if the editor echoes.
func (e *editor) say(s string) {
	if e.echo != nil {
		_, _ = io.WriteString(e.echo, s)
	}
}

// runeWidth is the columns r takes in a terminal.
func runeWidth(r rune) int { return ansi.StringWidth(string(r)) }

// clean is a line as typed, trimmed.
func clean(b []byte) string { return strings.TrimSpace(string(b)) }

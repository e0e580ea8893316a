package access

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// edit feeds typed to an editor and returns the lines it ended, what it
// echoed and how the input ended.
func edit(typed string) (lines []string, echoed string, end event) {
	var out bytes.Buffer
	e := editor{echo: &out}
	for i := 0; i < len(typed); i++ {
		line, ev := e.feed(typed[i])
		switch ev {
		case evLine:
			lines = append(lines, line)
		case evInterrupt, evEOF:
			return lines, out.String(), ev
		}
	}
	return lines, out.String(), evNone
}

// TestEditorEditsLikeALineDiscipline feeds the editor what a raw terminal
// sends: Enter as \r, \n or \r\n; backspace, DEL, ctrl+w and ctrl+u;
// escape sequences (arrows, function keys, a title), other controls and
// invalid bytes, which are dropped; and a line longer than MaxLine.
func TestEditorEditsLikeALineDiscipline(t *testing.T) {
	tests := []struct {
		name, typed string
		lines       []string
		echo        string
	}{
		{"cr", "12\r", []string{"12"}, "12\n"},
		{"crlf counts once", "1\r\n2\n\n", []string{"1", "2", ""}, "1\n2\n\n"},
		{"backspace and del", "12\x7f3\x08\x084\r", []string{"4"}, "12\b \b3\b \b\b \b4\n"},
		{"ctrl+u", "ab\x152\r", []string{"2"}, "ab\b \b\b \b2\n"},
		{"ctrl+w", "ab cd\x17\r", []string{"ab"}, "ab cd\b \b\b \b\n"},
		{"arrows and function keys", "\x1b[A1\x1bOP\x1b[1;5C\x1b[200~2\r", []string{"12"}, "12\n"},
		{"alt+key", "\x1bx3\r", []string{"3"}, "3\n"},
		{"a title string", "\x1b]0;pwned\x075\x1bP+q\x1b\\6\r", []string{"56"}, "56\n"},
		{"controls", "\t1\x01\x00\r", []string{"1"}, "1\n"},
		{"invalid and C1 bytes", "\xff1\xc2\x9b\xe2\x80\xae2\r", []string{"12"}, "12\n"},
		{"cyrillic", "да\x7f\r", []string{"д"}, "да\b \b\n"},
		{"wide", "日\x7f9\r", []string{"9"}, "日\b \b\b \b9\n"},
		{"spaces trimmed", "  7 \r", []string{"7"}, "  7 \n"},
		{"ctrl+d on a line", "1\x04\r", []string{"1"}, "1\n"},
		{"alt+] and alt+P end at Enter", "\x1b]1\r2\x1bP\r3\r", []string{"", "2", "3"}, "\n2\n3\n"},
		{"an unfinished CSI ends at Enter", "\x1b[12\r4\r", []string{"", "4"}, "\n4\n"},
		{"CAN and SUB cancel", "\x1b]x\x185\x1bP\x1a6\r", []string{"56"}, "56\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines, echo, end := edit(tt.typed)
			if strings.Join(lines, "|") != strings.Join(tt.lines, "|") || echo != tt.echo || end != evNone {
				t.Errorf("lines %q, echo %q, end %d; want %q, %q", lines, echo, end, tt.lines, tt.echo)
			}
		})
	}
}

// TestEditorEnds: ctrl+c interrupts, ctrl+d on an empty line is the end
// of the input.
func TestEditorEnds(t *testing.T) {
	if lines, echo, end := edit("1\r2\x03"); end != evInterrupt || len(lines) != 1 || echo != "1\n2^C" {
		t.Errorf("ctrl+c: %q, %q, %d", lines, echo, end)
	}
	if lines, _, end := edit("1\r\x04"); end != evEOF || len(lines) != 1 {
		t.Errorf("ctrl+d: %q, %d", lines, end)
	}
	// alt+shift+p (ESC P) starts a device control string: ctrl+c and
	// ctrl+d still leave.
	if _, _, end := edit("\x1bP1\x03"); end != evInterrupt {
		t.Errorf("ctrl+c after ESC P: %d", end)
	}
	if _, _, end := edit("\x1b]\x04"); end != evEOF {
		t.Errorf("ctrl+d after ESC ]: %d", end)
	}
}

// TestEditorBoundsALine keeps MaxLine bytes of a line, never half a
// character, and echoes only what it keeps.
func TestEditorBoundsALine(t *testing.T) {
	lines, echo, _ := edit(strings.Repeat("a", MaxLine-1) + "жжж\r")
	if len(lines) != 1 || len(lines[0]) != MaxLine-1 || echo != lines[0]+"\n" {
		t.Errorf("a long line: %d bytes kept, echo %d bytes", len(lines[0]), len(echo))
	}
	lines, _, _ = edit(strings.Repeat("9", 10*MaxLine) + "\r1\r")
	if len(lines) != 2 || len(lines[0]) != MaxLine || lines[1] != "1" {
		t.Errorf("a flood: %d lines", len(lines))
	}
}

// TestLinesKeepWhatIsTypedAhead: lines typed in one write all come, in
// order, and a last line without Enter too; then the input's end.
func TestLinesKeepWhatIsTypedAhead(t *testing.T) {
	ctx := context.Background()
	l := readLines(ctx, strings.NewReader("1\n2\r\n3"), nil, func() {})
	var got []string
	for {
		line, ok := l.next(ctx)
		if !ok {
			break
		}
		got = append(got, line)
	}
	if strings.Join(got, ",") != "1,2,3" {
		t.Errorf("lines %q", got)
	}
}

// TestLinesInterrupt: ctrl+c calls interrupt and ends the input, though
// the writer never closes it.
func TestLinesInterrupt(t *testing.T) {
	ctx := context.Background()
	r, w := io.Pipe()
	defer w.Close()
	interrupted := make(chan struct{})
	l := readLines(ctx, r, io.Discard, func() { close(interrupted) })
	go func() { _, _ = w.Write([]byte("1\r\x03")) }()
	if line, ok := l.next(ctx); !ok || line != "1" {
		t.Fatalf("first line %q, %v", line, ok)
	}
	select {
	case <-interrupted:
	case <-time.After(5 * time.Second):
		t.Fatal("ctrl+c did not interrupt")
	}
	if _, ok := l.next(ctx); ok {
		t.Error("the input went on after ctrl+c")
	}
}

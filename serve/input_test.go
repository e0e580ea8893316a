package serve

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// chunked reads r n bytes at a time.
type chunked struct {
	r io.Reader
	n int
}

func (c chunked) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// TestPasteCut cuts pastes at maxPaste and escape strings at maxString,
// keeps their end markers and leaves all else as it was, however the
// input is split into reads.
func TestPasteCut(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", maxPaste)
	tests := []struct{ name, in, want string }{
		{"no paste", "hello\x1b[Aq", "hello\x1b[Aq"},
		{"short paste", "x" + pasteStart + "abc" + pasteEnd + "y", "x" + pasteStart + "abc" + pasteEnd + "y"},
		{"paste at the limit", pasteStart + long + pasteEnd + "q", pasteStart + long + pasteEnd + "q"},
		{"paste over the limit", pasteStart + long + "bcd\x1b[201" + pasteEnd + "q", pasteStart + long + pasteEnd + "q"},
		{"end marker across the limit", pasteStart + long[4:] + pasteEnd + "q", pasteStart + long[4:] + pasteEnd + "q"},
		{"false end markers dropped", pasteStart + long + "\x1b[20\x1b\x1b[201x" + pasteEnd, pasteStart + long + pasteEnd},
		{"never ends", "k" + pasteStart + long + strings.Repeat("z", 3*maxPaste), "k" + pasteStart + long},
		{"two pastes", pasteStart + long + "zz" + pasteEnd + pasteStart + "ok" + pasteEnd, pasteStart + long + pasteEnd + pasteStart + "ok" + pasteEnd},
		{"end marker outside a paste", pasteEnd + "q", pasteEnd + "q"},
		{"short OSC", "\x1b]0;title\x07q", "\x1b]0;title\x07q"},
		{"long DCS", "\x1bP" + long + "zzz\x1b[A" + stringEnd + "q", "\x1bP" + long + stringEnd + "q"},
		{"long OSC ended by BEL", "\x1b]" + long + "zzz\x07q", "\x1b]" + long + "\x07q"},
		{"endless APC", "\x1b_" + long + strings.Repeat("z", 3*maxString), "\x1b_" + long},
		{"ESC ESC P", "\x1b\x1bP" + long + "z" + stringEnd, "\x1b\x1bP" + long + stringEnd},
	}
	for _, tt := range tests {
		for _, n := range []int{1, 2, 3, 5, 7, 4096, 1 << 20} {
			got, err := io.ReadAll(newPasteCut(chunked{strings.NewReader(tt.in), n}))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, []byte(tt.want)) {
				t.Errorf("%s, read %d at a time: got %d bytes %q…, want %d bytes", tt.name, n, len(got), clipBytes(got), len(tt.want))
			}
		}
		got, err := io.ReadAll(iotest.OneByteReader(newPasteCut(strings.NewReader(tt.in))))
		if err != nil || string(got) != tt.want {
			t.Errorf("%s, read one byte at a time: %d bytes, %v", tt.name, len(got), err)
		}
	}
}

// clipBytes is the end of b, for a message.
func clipBytes(b []byte) []byte { return b[max(0, len(b)-40):] }

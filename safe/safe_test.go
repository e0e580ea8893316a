package safe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text · ünïcode 日本", "plain text · ünïcode 日本"},
		{"\x1b]0;PWNED\a\x1b[41mRED\x1b[0m\x1b[2J", `\x1b]0;PWNED\x07\x1b[41mRED\x1b[0m\x1b[2J`},
		{"a\u009bb", `a\u009bb`},
		{"evil\u202etxt.exe", `evil\u202etxt.exe`},
		{"x\u2066y\u2069", `x\u2066y\u2069`},
		{"del\x7f", `del\x7f`},
		{"line\nbreak\ttab\r", `line\x0abreak\x09tab\x0d`},
		{"bad \xff byte", `bad \xff byte`},
		{"marks \u200e\u200f\u061c", `marks \u200e\u200f\u061c`},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !Clean(Text(tt.in)) {
			t.Errorf("Text(%q) is not clean", tt.in)
		}
	}
}

func TestIsBidiMarks(t *testing.T) {
	for _, r := range []rune{0x200e, 0x200f, 0x061c, 0x202a, 0x202e, 0x2066, 0x2069} {
		if !IsBidi(r) || Clean(string(r)) {
			t.Errorf("U+%04X is not a bidi control", r)
		}
	}
	for _, r := range []rune{0x200d, 0x2029, 0x2065, 0x206a, 0x061b, 'a'} {
		if IsBidi(r) {
			t.Errorf("U+%04X is a bidi control", r)
		}
	}
}

func TestLine(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"", 0, ""},
		{"  one\n\ttwo \r\n three  ", 0, "one two three"},
		{"a\u00a0b\u2028c", 0, "a\u00a0b c"}, // Unicode spaces fold too, but for the no-break space
		{"red \x1b[31mtext\x07", 0, `red \x1b[31mtext\x07`},
		{"evil\u202etxt \u200f\u061c", 0, `evil\u202etxt \u200f\u061c`},
		{"bad \xff", 0, `bad \xff`},
		{"abcdef", 4, "abcd…"},
		{"ab  cd", 5, "ab cd"},
		{"日本語", 4, "日…"},
		{"\x1b", 3, `\x1…`}, // the cut comes after escaping
	}
	for _, tt := range tests {
		if got := Line(tt.in, tt.max); got != tt.want {
			t.Errorf("Line(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"ab日", 3, "ab…"},
		{"ab日", 5, "ab日"},
		{"日本", 4, "日…"},
		{"abc", 0, "…"},
		{"abc", -1, "…"},
	}
	for _, tt := range tests {
		if got := Clip(tt.in, tt.n); got != tt.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// FuzzText checks that nothing Text returns can drive a terminal.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "ok", "\x1b[2J", "\u009b31m", "\u202e", "\xff\xfe", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if !utf8.ValidString(out) || !Clean(out) {
			t.Fatalf("Text(%q) = %q", s, out)
		}
		if Clean(s) && out != s {
			t.Fatalf("clean text changed: %q → %q", s, out)
		}
		if strings.ContainsAny(out, "\x1b\x07\x9b") {
			t.Fatalf("raw control in %q", out)
		}
	})
}

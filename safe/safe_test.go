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

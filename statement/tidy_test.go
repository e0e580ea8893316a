package statement

import (
	"strings"
	"testing"

	"charm.land/glamour/v2"
)

// rawGlamour renders doc with Glamour as render does, without tidying.
func rawGlamour(t *testing.T, doc []byte, width int, theme Theme) string {
	t.Helper()
	style, err := theme.styleConfig()
	if err != nil {
		t.Fatal(err)
	}
	r, err := glamour.NewTermRenderer(glamour.WithStyles(style), glamour.WithWordWrap(width))
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.RenderBytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestTidy(t *testing.T) {
	const (
		fg    = "\x1b[38;5;252m"
		bg    = "\x1b[48;5;63m"
		reset = "\x1b[m"
	)
	tests := []struct {
		name, in, want string
	}{
		{"plain spaces", "  text   ", "  text"},
		{"styled padding", "  " + fg + "text" + reset + fg + " " + reset + fg + " " + reset, "  " + fg + "text" + reset},
		{"background kept", bg + " title " + reset + fg + " " + reset, bg + " title " + reset},
		{"open style stays open", fg + "text   ", fg + "text"},
		{
			"style carried to next line",
			fg + "a" + reset + "  " + bg + "\nb",
			fg + "a" + reset + bg + "\nb",
		},
		{"blank lines dropped", "\n   \n" + fg + "  " + reset + "\nx\n\n  \n", "x"},
		{"reverse space kept", "\x1b[7m x \x1b[m  ", "\x1b[7m x \x1b[m"},
		{"hyperlink kept", "\x1b]8;;http://x\x07x\x1b]8;;\x07   ", "\x1b]8;;http://x\x07x\x1b]8;;\x07"},
		{"too wide", "abcdefghijklmnop", "abcdefghij\nklmnop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tidy(tt.in, 10, false); got != tt.want {
				t.Errorf("tidy(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTidyPlain(t *testing.T) {
	in := "\x1b[1mbold\x1b[m \x1b]8;;mailto:a@b\x07a@b\x1b]8;;\x07  "
	if got, want := tidy(in, 40, true), "bold a@b"; got != want {
		t.Errorf("tidy plain = %q, want %q", got, want)
	}
	if strings.ContainsRune(tidy(in, 40, true), '\x1b') {
		t.Error("plain output has ESC")
	}
}

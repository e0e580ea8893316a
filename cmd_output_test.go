package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"

	"ksn/say"
)

// longText is longer than any terminal the tests use.
const longText = "Your computer is not connected to the Internet. Check the network " +
	"cable or Wi-Fi, then the proxy (HTTPS_PROXY) and any TLS inspection between " +
	"this computer and the endpoint."

// printSample prints one of each kind of line the commands print.
func printSample(p *printer) {
	p.line("%s", p.bold("Kaspersky Security Network"))
	p.field("Connection", p.red("Not connected")+" · "+longText)
	p.hanging("  "+p.green("OK  ")+"  ", p.yellow("⚠")+" "+longText)
}

// TestPrinterProfiles prints to a buffer, which is not a terminal, in
// several environments: the colours follow the environment, and nothing is
// wrapped.
func TestPrinterProfiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		env     []string
		profile colorprofile.Profile
		want    []string // escape sequences that must be there
		notWant []string // and those that must not
	}{
		{name: "plain", env: []string{"TERM=xterm-256color"}, profile: colorprofile.NoTTY,
			notWant: []string{"\x1b"}},
		{name: "dumb", env: []string{"TERM=dumb"}, profile: colorprofile.NoTTY,
			notWant: []string{"\x1b"}},
		{name: "CLICOLOR_FORCE", env: []string{"TERM=xterm", "CLICOLOR_FORCE=1"}, profile: colorprofile.ANSI,
			want: []string{"\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[33m"}},
		{name: "CLICOLOR_FORCE truecolor", env: []string{"TERM=xterm", "CLICOLOR_FORCE=1", "COLORTERM=truecolor"}, profile: colorprofile.TrueColor,
			want: []string{"\x1b[1m", "\x1b[31m", "\x1b[32m", "\x1b[33m"}},
		// NO_COLOR wins over CLICOLOR_FORCE: no colour, bold stays (no-color.org).
		{name: "NO_COLOR", env: []string{"TERM=xterm", "CLICOLOR_FORCE=1", "NO_COLOR=1"}, profile: colorprofile.ASCII,
			want: []string{"\x1b[1m"}, notWant: []string{"\x1b[3"}},
		{name: "NO_COLOR any value", env: []string{"TERM=xterm", "CLICOLOR_FORCE=1", "NO_COLOR=yes"}, profile: colorprofile.ASCII,
			want: []string{"\x1b[1m"}, notWant: []string{"\x1b[3"}},
		{name: "NO_COLOR empty", env: []string{"TERM=xterm", "CLICOLOR_FORCE=1", "NO_COLOR="}, profile: colorprofile.ANSI,
			want: []string{"\x1b[31m"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if got := colorProfile(&buf, tc.env); got != tc.profile {
				t.Fatalf("colorProfile = %v, want %v", got, tc.profile)
			}
			p := newPrinterIn(&buf, tc.env)
			printSample(p)
			if p.err != nil {
				t.Fatal(p.err)
			}
			out := buf.String()
			for _, s := range tc.want {
				if !strings.Contains(out, s) {
					t.Errorf("no %q in %q", s, out)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(out, s) {
					t.Errorf("%q in %q", s, out)
				}
			}
			want := "Kaspersky Security Network\n" +
				"  Connection     Not connected · " + longText + "\n" +
				"  OK    ⚠ " + longText + "\n"
			if got := ansi.Strip(out); got != want {
				t.Errorf("text:\n%s\nwant (not wrapped):\n%s", got, want)
			}
		})
	}
}

// TestPrinterWraps wraps with a hanging indent at a given width.
func TestPrinterWraps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		width  int
		prefix string
		text   string
		want   string
	}{
		{name: "field", width: 30, prefix: "  Connection     ", text: "Not connected · checked 13:07:05",
			want: "" +
				"  Connection     Not connected\n" +
				"                 · checked\n" +
				"                 13:07:05\n"},
		{name: "no prefix", width: 20, text: "Checking the connection to https://ksn.example (timeout 10s)",
			want: "" +
				"Checking the\n" +
				"connection to\n" +
				"https://ksn.example\n" +
				"(timeout 10s)\n"},
		{name: "long word cut", width: 20, prefix: "  File  ", text: "/home/someone/.config/ksn/license.json",
			want: "" +
				"  File  /home/someon\n" +
				"        e/.config/ks\n" +
				"        n/license.js\n" +
				"        on\n"},
		{name: "narrow keeps 10 columns", width: 12, prefix: "  Statement      ", text: "Accepted on 1 Dec",
			want: "" +
				"  Statement      Accepted\n" +
				"                 on 1 Dec\n"},
		{name: "a command stays whole", width: 40, prefix: "  What to do: ", text: "Renew the license or subscription, then install it with ksn license install FILE.",
			want: "" +
				"  What to do: Renew the license or\n" +
				"              subscription, then install\n" +
				"              it with\n" +
				"              ksn license install FILE.\n"},
		{name: "a command and its flag stay whole", width: 40, text: "Turn participation on in Settings, or run ksn enable --accept-statement=SHA256 and see.",
			want: "" +
				"Turn participation on in Settings, or\n" +
				"run ksn enable --accept-statement=SHA256\n" +
				"and see.\n"},
		{name: "a command wider than the column", width: 30, text: "or run ksn enable --accept-statement=SHA256 now",
			want: "" +
				"or run ksn enable\n" +
				"--accept-statement=SHA256 now\n"},
		{name: "short", width: 80, prefix: "  Key            ", text: "…PQRST",
			want: "  Key            …PQRST\n"},
		{name: "newline indented", width: 0, prefix: "  Managed  ", text: "participation\nSet by your administrator",
			want: "" +
				"  Managed  participation\n" +
				"           Set by your administrator\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			p := newPrinterIn(&buf, nil)
			p.width = tc.width
			p.hanging(tc.prefix, tc.text)
			if got := buf.String(); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestPrinterWidthOfBuffer: output that is not a terminal has no width;
// help and the statement then take 80 columns.
func TestPrinterWidthOfBuffer(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if got := termWidth(&buf); got != 0 {
		t.Errorf("termWidth(buffer) = %d, want 0", got)
	}
	if got := terminalWidth(&buf); got != 80 {
		t.Errorf("terminalWidth(buffer) = %d, want 80", got)
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := termWidth(f); got != 0 {
		t.Errorf("termWidth(file) = %d, want 0", got)
	}
}

// inTerminal calls f with a pseudo-terminal cols columns wide and returns
// what f wrote to it, with the terminal's "\r\n" as "\n".
func inTerminal(t *testing.T, cols int, f func(tty *os.File)) string {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(tty, &pty.Winsize{Cols: uint16(cols), Rows: 24}); err != nil {
		tty.Close()
		t.Fatal(err)
	}
	read := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(ptmx) // ends with EIO once tty is closed
		read <- b
	}()
	f(tty)
	tty.Close()
	return strings.ReplaceAll(string(<-read), "\r\n", "\n")
}

// TestPrinterInTerminal prints to a real pseudo-terminal 40 columns wide:
// the printer finds its width and colours, and wraps at 40, not 80.
func TestPrinterInTerminal(t *testing.T) {
	t.Parallel()
	env := []string{"TERM=xterm-256color"}
	var p *printer
	raw := inTerminal(t, 40, func(tty *os.File) {
		if got := termWidth(tty); got != 40 {
			t.Errorf("termWidth = %d, want 40", got)
		}
		if got := terminalWidth(tty); got != 40 {
			t.Errorf("terminalWidth = %d, want 40", got)
		}
		if got := colorProfile(tty, env); got != colorprofile.ANSI256 {
			t.Errorf("colorProfile = %v, want %v", got, colorprofile.ANSI256)
		}
		p = newPrinterIn(tty, env)
		printSample(p)
	})
	if p.err != nil {
		t.Fatal(p.err)
	}
	if !strings.Contains(raw, "\x1b[31m") {
		t.Errorf("no colour in %q", raw)
	}
	text := ansi.Strip(raw)
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 10 {
		t.Errorf("%d lines, want the long ones wrapped at 40:\n%s", len(lines), text)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("%d columns, more than 40: %q", w, l)
		}
	}
	want := "" +
		"Kaspersky Security Network\n" +
		"  Connection     Not connected · Your\n" +
		"                 computer is not\n"
	if !strings.HasPrefix(text, want) {
		t.Errorf("got:\n%s\nwant it to start with:\n%s", text, want)
	}
	// Every continuation line of the field is under its text.
	for _, l := range lines[2:] {
		if strings.HasPrefix(l, "  OK") {
			break
		}
		if !strings.HasPrefix(l, strings.Repeat(" ", 17)) || l[17] == ' ' {
			t.Errorf("not hanging at column 17: %q", l)
		}
	}
}

// TestHelpInTerminal: --help in a terminal 40 columns wide wraps the flags
// at 40 (piped, help.txtar checks 80), with no spaces at the ends of lines.
func TestHelpInTerminal(t *testing.T) {
	t.Parallel()
	text := inTerminal(t, 40, func(tty *os.File) {
		if code := execute(t.Context(), []string{"status", "--help"}, tty, tty); code != exitOK {
			t.Errorf("exit %d", code)
		}
	})
	_, flags, ok := strings.Cut(text, "\nFlags:\n")
	if !ok {
		t.Fatalf("no flags in:\n%s", text)
	}
	for l := range strings.SplitSeq(flags, "\n") {
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("%d columns, more than 40: %q", w, l)
		}
		if strings.HasSuffix(l, " ") {
			t.Errorf("space at the end of %q", l)
		}
	}
	if !strings.Contains(flags, "--endpoint URL\n") {
		t.Errorf("the --endpoint usage is not under the flag:\n%s", flags)
	}
}

// TestWrapWordsKeepsANumberWithItsUnit: the command line's wrapping never
// parts a number from its unit or a day from its month, joined by a
// no-break space (docs/languages.md).
func TestWrapWordsKeepsANumberWithItsUnit(t *testing.T) {
	t.Parallel()
	date := "7" + say.NBSP + "дек." + say.NBSP + "2026"
	text := "Лицензия истекла " + date + "; время ожидания 10" + say.NBSP + "с"
	for width := 20; width <= 40; width++ {
		got := say.Wrap(text, width)
		if !strings.Contains(got, date) || !strings.Contains(got, "10"+say.NBSP+"с") {
			t.Errorf("width %d:\n%s", width, got)
		}
	}
}

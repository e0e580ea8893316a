package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"ksn/safe"
	"ksn/say"
)

// writeJSON prints v as indented JSON followed by a newline, C1 and bidi
// controls escaped (safe.JSON).
func writeJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(safe.JSON(data), '\n'))
	return err
}

// The styles of human output. They are rendered with full colour; the
// printer's colorprofile.Writer downsamples or strips them for its output.
var (
	greenStyle  = lipgloss.NewStyle().Foreground(lipgloss.Green)
	redStyle    = lipgloss.NewStyle().Foreground(lipgloss.Red)
	yellowStyle = lipgloss.NewStyle().Foreground(lipgloss.Yellow)
	boldStyle   = lipgloss.NewStyle().Bold(true)
)

// minWrapWidth is the narrowest column hanging wraps text into, however
// long its prefix and however narrow the terminal.
const minWrapWidth = 10

// printer writes human output: labelled lines in colour where the output
// takes it, wrapped to the output's width where it is a terminal.
type printer struct {
	w     io.Writer // a colorprofile.Writer on the output
	width int       // the terminal's width; 0: no wrapping
	err   error     // the first write error; later writes are skipped
	say   say.Voice // the language of the words it prints
}

// newPrinter returns a printer on w, with w's colour profile in this
// process's environment (see colorProfile) and, when w is a terminal, its
// width.
func newPrinter(w io.Writer, v say.Voice) *printer {
	p := newPrinterIn(w, os.Environ())
	p.say = v
	return p
}

// newPrinterIn is newPrinter in the environment env.
func newPrinterIn(w io.Writer, env []string) *printer {
	return &printer{
		w:     &colorprofile.Writer{Forward: w, Profile: colorProfile(w, env)},
		width: termWidth(w),
	}
}

// line prints one unwrapped line.
func (p *printer) line(format string, a ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format+"\n", a...)
}

// field prints "  label  text", text wrapped under itself.
func (p *printer) field(label, text string) {
	p.hanging(fmt.Sprintf("  %-15s", label), text)
}

// hanging prints prefix then text, wrapped to the terminal's width (when
// the output is one), with every continuation line indented by the width
// of prefix.
func (p *printer) hanging(prefix, text string) {
	indent := lipgloss.Width(prefix)
	if p.width > 0 {
		text = say.Wrap(text, max(p.width-indent, minWrapWidth))
	}
	pad := strings.Repeat(" ", indent)
	for i, l := range strings.Split(text, "\n") {
		if i == 0 {
			p.line("%s%s", prefix, l)
		} else {
			p.line("%s%s", pad, l)
		}
	}
}

// green, red, yellow and bold style s; the output's colour profile decides
// what of it is shown.
func (p *printer) green(s string) string  { return greenStyle.Render(s) }
func (p *printer) red(s string) string    { return redStyle.Render(s) }
func (p *printer) yellow(s string) string { return yellowStyle.Render(s) }
func (p *printer) bold(s string) string   { return boldStyle.Render(s) }

// colorProfile is the colour profile of human output to w in the
// environment env: colorprofile.Detect (w a terminal or not, TERM, NO_COLOR,
// CLICOLOR, CLICOLOR_FORCE…), except that a non-empty NO_COLOR always
// removes colours (https://no-color.org), even together with
// CLICOLOR_FORCE, which Detect lets win on output that is not a terminal.
// Text decoration (bold) stays, as NO_COLOR asks.
func colorProfile(w io.Writer, env []string) colorprofile.Profile {
	p := colorprofile.Detect(w, env)
	if noColor(env) && p > colorprofile.ASCII {
		p = colorprofile.ASCII
	}
	return p
}

// noColor reports whether env sets NO_COLOR to a non-empty value.
func noColor(env []string) bool {
	for _, kv := range slices.Backward(env) {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok {
			return v != ""
		}
	}
	return false
}

// termWidth is the width of w when it is a terminal, else 0.
func termWidth(w io.Writer) int {
	f, ok := w.(term.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0
	}
	cols, _, err := term.GetSize(f.Fd())
	if err != nil || cols <= 0 {
		return 0
	}
	return cols
}

// terminalWidth is the width of w when it is a terminal, else 80: for
// output that needs some width (help, the rendered statement).
func terminalWidth(w io.Writer) int {
	if cols := termWidth(w); cols > 0 {
		return cols
	}
	return 80
}

// shortHash abbreviates a hex digest for a table.
func shortHash(h string) string {
	if len(h) <= 12 {
		return h
	}
	return h[:8] + "…" + h[len(h)-4:]
}

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

// lineWidth is the width human output is wrapped to.
const lineWidth = 80

// writeJSON prints v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// printer writes human output: labelled lines, wrapped to lineWidth.
type printer struct {
	w     io.Writer
	color bool
	err   error
}

// newPrinter returns a printer on w; color adds ANSI colours.
func newPrinter(w io.Writer, color bool) *printer {
	return &printer{w: w, color: color}
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

// hanging prints prefix then text, wrapped to lineWidth, with every
// continuation line indented by the width of prefix.
func (p *printer) hanging(prefix, text string) {
	indent := ansi.StringWidth(prefix)
	lines := wrap(text, lineWidth-indent)
	for i, l := range lines {
		if i == 0 {
			p.line("%s%s", prefix, l)
		} else {
			p.line("%s%s", strings.Repeat(" ", indent), l)
		}
	}
}

// paint wraps s in the SGR code when colours are on.
func (p *printer) paint(code, s string) string {
	if !p.color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// green, red, yellow and dim colour s when colours are on.
func (p *printer) green(s string) string  { return p.paint("32", s) }
func (p *printer) red(s string) string    { return p.paint("31", s) }
func (p *printer) yellow(s string) string { return p.paint("33", s) }
func (p *printer) bold(s string) string   { return p.paint("1", s) }

// wrap splits text into lines of at most width cells, at spaces; a word
// longer than width is cut. An empty text is one empty line.
func wrap(text string, width int) []string {
	if width < 10 {
		width = 10
	}
	var lines []string
	cur := ""
	for _, w := range strings.Fields(text) {
		for ansi.StringWidth(w) > width {
			if cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			lines = append(lines, ansi.Truncate(w, width, ""))
			w = ansi.TruncateLeft(w, width, "")
		}
		switch {
		case cur == "":
			cur = w
		case ansi.StringWidth(cur)+1+ansi.StringWidth(w) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// when formats t for people: the date and time, in the local zone.
func when(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.Local().Format("2006-01-02 15:04 MST")
}

// clock formats t as a time of day, with the date if it is not today.
func clock(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

// day formats t as a date.
func day(t time.Time) string {
	return t.Local().Format("2006-01-02")
}

// shortHash abbreviates a hex digest for a table.
func shortHash(h string) string {
	if len(h) <= 12 {
		return h
	}
	return h[:8] + "…" + h[len(h)-4:]
}

// usage prints the usage of c like cobra's own, with the flags wrapped to
// lineWidth.
func usage(c *cobra.Command) error {
	var b strings.Builder
	b.WriteString("Usage:")
	if c.Runnable() {
		fmt.Fprintf(&b, "\n  %s", c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n  %s [command]", c.CommandPath())
	}
	if c.HasExample() {
		fmt.Fprintf(&b, "\n\nExamples:\n%s", c.Example)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\nAvailable Commands:")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(&b, "\n\nFlags:\n%s", strings.TrimRight(c.LocalFlags().FlagUsagesWrapped(lineWidth), " \n"))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(&b, "\n\nGlobal Flags:\n%s", strings.TrimRight(c.InheritedFlags().FlagUsagesWrapped(lineWidth), " \n"))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n\nUse \"%s [command] --help\" for more information about a command.", c.CommandPath())
	}
	b.WriteString("\n")
	_, err := io.WriteString(c.OutOrStderr(), b.String())
	return err
}

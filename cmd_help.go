package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"ksn/say"
)

// maxHelpWidth is the widest a help page's prose is wrapped to, however
// wide the terminal.
const maxHelpWidth = 80

// setHelp makes root's help and usage pages, and every subcommand's, speak
// v's language, with the flags wrapped to the output's width.
func setHelp(root *cobra.Command, v say.Voice) {
	root.SetUsageFunc(func(c *cobra.Command) error {
		out := c.OutOrStderr()
		_, err := io.WriteString(out, usageText(c, v, terminalWidth(out)))
		return err
	})
	root.SetHelpFunc(func(c *cobra.Command, _ []string) { help(c, v) })
}

// helpCmd adds cobra's `help [command]` now, in v's words.
func helpCmd(root *cobra.Command, v say.Voice) {
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Use, c.Short, c.Long = v.T("cli.help.help_cmd.use"), v.T("cli.help.help_cmd.short"), v.T("cli.help.help_cmd.long")
		}
	}
}

// helpFlags gives every command of root its --help flag, and root its
// --version, in v's words: cobra would add them later, in English.
func helpFlags(root *cobra.Command, v say.Voice) {
	bySelf := []string{"true"} // as cobra marks its own
	root.Flags().BoolP("version", "v", false, v.T("cli.help.version_flag", "Command", root.DisplayName()))
	_ = root.Flags().SetAnnotation("version", cobra.FlagSetByCobraAnnotation, bySelf)
	var add func(c *cobra.Command)
	add = func(c *cobra.Command) {
		c.Flags().BoolP("help", "h", false, v.T("cli.help.help_flag", "Command", c.DisplayName()))
		_ = c.Flags().SetAnnotation("help", cobra.FlagSetByCobraAnnotation, bySelf)
		for _, sub := range c.Commands() {
			add(sub)
		}
	}
	add(root)
}

// help prints the help of c like cobra's own: its long description,
// wrapped to the output's width (at most maxHelpWidth), then its usage
// with the flags wrapped to that width (cobra's own help asks for the
// usage in a buffer, which has no width).
func help(c *cobra.Command, v say.Voice) {
	out := c.OutOrStdout()
	width := terminalWidth(out)
	var b strings.Builder
	if text := strings.TrimRightFunc(cmp.Or(c.Long, c.Short), unicode.IsSpace); text != "" {
		b.WriteString(reflow(text, min(width, maxHelpWidth)) + "\n\n")
	}
	if c.Runnable() || c.HasSubCommands() {
		b.WriteString(usageText(c, v, width))
	}
	if _, err := io.WriteString(out, b.String()); err != nil {
		c.PrintErrln(err)
	}
}

// usageText is the usage of c in v's words, with the flags wrapped to
// width.
func usageText(c *cobra.Command, v say.Voice, width int) string {
	var b strings.Builder
	b.WriteString(v.T("cli.help.usage"))
	if c.Runnable() {
		line := c.UseLine()
		if rest, ok := strings.CutSuffix(line, " [flags]"); ok {
			line = rest + " " + v.T("cli.help.flags_arg")
		}
		if width > 0 {
			line = hang(say.Wrap(line, max(width-2, minFlagColumn)), 6) // continued four columns in
		}
		fmt.Fprintf(&b, "\n  %s", line)
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n  %s %s", c.CommandPath(), v.T("cli.help.command_arg"))
	}
	if c.HasExample() {
		fmt.Fprintf(&b, "\n\n%s\n%s", v.T("cli.help.examples"), columns(examples(c.Example), width))
	}
	if c.HasAvailableSubCommands() {
		var rows []row
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				rows = append(rows, row{"  " + sub.Name(), sub.Short})
			}
		}
		fmt.Fprintf(&b, "\n\n%s\n%s", v.T("cli.help.commands"), columns(rows, width))
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", v.T("cli.help.flags"), flagUsages(c.LocalFlags(), v, width))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", v.T("cli.help.global_flags"), flagUsages(c.InheritedFlags(), v, width))
	}
	if rows := exitRows(c, v); len(rows) > 0 {
		fmt.Fprintf(&b, "\n\n%s\n%s", v.T("cli.help.exit_status"), columns(rows, width))
	}
	if c.HasAvailableSubCommands() {
		more := v.T("cli.help.more", "Path", c.CommandPath())
		if width > 0 {
			more = say.Wrap(more, width)
		}
		b.WriteString("\n\n" + more)
	}
	b.WriteString("\n")
	return b.String()
}

// exitRows are the exit statuses of c, from the table the man pages say
// them from (manref.go), in v's words; none for a command that only groups
// others.
func exitRows(c *cobra.Command, v say.Voice) []row {
	if !c.Runnable() {
		return nil
	}
	path := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	var rows []row
	for _, e := range exitDocs() {
		if appliesTo(e.commands, path) {
			rows = append(rows, row{"  " + e.code, v.T(e.id)})
		}
	}
	return rows
}

// flagUsages lists the flags of fs as pflag does, with their usage in a
// column wrapped to width, but measured in columns rather than bytes (a
// Russian word is twice as many bytes as letters) and with the default
// said in v's words. Where the column would be narrower than
// minFlagColumn, the usage goes under the flag instead.
func flagUsages(fs *pflag.FlagSet, v say.Voice, width int) string {
	var rows []row
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		head := "      --" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			head = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if name != "" {
			head += " " + name
		}
		switch {
		case f.NoOptDefVal == "":
		case f.Value.Type() == "string":
			head += fmt.Sprintf("[=%q]", f.NoOptDefVal)
		case f.Value.Type() == "bool" && f.NoOptDefVal == "true":
		default:
			head += "[=" + f.NoOptDefVal + "]"
		}
		if d, ok := defaultOf(f); ok {
			usage += " " + v.T("cli.help.default", "Value", d)
		}
		rows = append(rows, row{head, usage})
	})
	return columns(rows, width)
}

// row is one line of a help page's two columns: a flag, a command or an
// example, and what it does.
type row struct{ head, text string }

// columns lays rows out as pflag lays out flags: the text in a column
// after the widest head, wrapped to width and measured in columns (a
// Russian word is twice as many bytes as letters). Where that column
// would be narrower than minFlagColumn, each text goes under its head
// instead, and where even that is too narrow, nothing is wrapped. A row
// without text is its head alone.
func columns(rows []row, width int) string {
	const under = 16 // the indent of a text under its head, as pflag's
	widest := 0
	for _, r := range rows {
		if r.text != "" {
			widest = max(widest, lipgloss.Width(r.head))
		}
	}
	col := widest + 3
	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		pad := strings.Repeat(" ", max(col-lipgloss.Width(r.head), 1))
		switch {
		case r.text == "":
			lines = append(lines, r.head)
		case width <= 0 || width-under < minFlagColumn:
			lines = append(lines, r.head+pad+r.text)
		case width-col >= minFlagColumn:
			lines = append(lines, r.head+pad+hang(say.Wrap(r.text, width-col), col))
		default:
			lines = append(lines, r.head+"\n"+strings.Repeat(" ", under)+hang(say.Wrap(r.text, width-under), under))
		}
	}
	return strings.Join(lines, "\n")
}

// examples reads a command's examples, one a line: the command line, then
// two spaces or more, then what it does.
func examples(text string) []row {
	var rows []row
	for l := range strings.SplitSeq(strings.TrimRight(text, "\n"), "\n") {
		cmd, what, _ := strings.Cut(strings.TrimSpace(l), "  ")
		rows = append(rows, row{"  " + cmd, strings.TrimSpace(what)})
	}
	return rows
}

// minFlagColumn is the narrowest column a flag's usage is wrapped into.
const minFlagColumn = 24

// defaultOf is the default of f as help shows it, and false when it is
// its type's zero value (which help leaves out), as pflag decides.
func defaultOf(f *pflag.Flag) (string, bool) {
	d := f.DefValue
	switch f.Value.Type() {
	case "bool":
		return "", false
	case "duration":
		return d, d != "0" && d != "0s"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return d, d != "0"
	case "string":
		return fmt.Sprintf("%q", d), d != ""
	}
	switch d {
	case "", "0", "false", "<nil>", "[]":
		return "", false
	}
	return d, true
}

// hang indents every line of s but the first by n spaces.
func hang(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// reflow wraps the prose of a help text to width: its paragraphs are
// separated by blank lines; a line that starts with a space or a tab (a
// command to type) is kept as it is.
func reflow(text string, width int) string {
	paras := strings.Split(text, "\n\n")
	for i, para := range paras {
		var out, run []string
		flush := func() {
			if len(run) > 0 {
				out = append(out, trimLines(say.Wrap(strings.Join(run, " "), width)))
				run = nil
			}
		}
		for l := range strings.SplitSeq(para, "\n") {
			if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
				flush()
				out = append(out, l)
				continue
			}
			run = append(run, strings.TrimSpace(l))
		}
		flush()
		paras[i] = strings.Join(out, "\n")
	}
	return strings.Join(paras, "\n\n")
}

// trimLines removes the spaces at the ends of the lines of s.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// flagError is an error of pflag's, parsing the command line, in v's words;
// the error of a flag's value (from Go's parsers) stays as it is.
func flagError(v say.Voice, err error) string {
	var (
		unknown *pflag.NotExistError
		needs   *pflag.ValueRequiredError
		invalid *pflag.InvalidValueError
		syntax  *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &unknown) && unknown.GetSpecifiedShortnames() != "":
		return v.T("cli.error.unknown_shorthand", "Char", fmt.Sprintf("%q", []rune(unknown.GetSpecifiedName())[0]),
			"Flags", "-"+unknown.GetSpecifiedShortnames())
	case errors.As(err, &unknown):
		return v.T("cli.error.unknown_flag", "Flag", "--"+unknown.GetSpecifiedName())
	case errors.As(err, &needs) && needs.GetSpecifiedShortnames() == "":
		return v.T("cli.error.needs_value", "Flag", "--"+needs.GetSpecifiedName())
	case errors.As(err, &invalid):
		f := invalid.GetFlag()
		name := "--" + f.Name
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			name = "-" + f.Shorthand + ", " + name
		}
		return v.T("cli.error.bad_value", "Value", fmt.Sprintf("%q", invalid.GetValue()),
			"Flag", fmt.Sprintf("%q", name), "Error", errors.Unwrap(invalid))
	case errors.As(err, &syntax):
		return v.T("cli.error.bad_syntax", "Flag", syntax.GetSpecifiedFlag())
	}
	return err.Error()
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/spf13/pflag"

	"ksn/say"
)

// manHead is what the .TH line of every page says besides its name.
type manHead struct {
	date   time.Time
	source string
}

// writeManTree writes a page for root and for every command under it
// that a user can run into dir, named by its path (ksn-license-install.1).
// PowerShell's completion has no page: the pages are for Linux.
func writeManTree(root *cobra.Command, h manHead, dir string) error {
	for _, c := range manCommands(root) {
		name := strings.ReplaceAll(c.CommandPath(), " ", "-")
		if err := os.WriteFile(filepath.Join(dir, name+".1"), []byte(manPage(c, h)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// manCommands are root and the commands under it that have a page.
func manCommands(root *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{root}
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() && !c.IsAdditionalHelpTopicCommand() && c.Name() != "powershell" {
			out = append(out, manCommands(c)...)
		}
	}
	return out
}

// manPage is the man(7) page of c: NAME, SYNOPSIS, DESCRIPTION, OPTIONS,
// EXIT STATUS, ENVIRONMENT, FILES, EXAMPLES and SEE ALSO, the last five
// from the tables of manref.go where they apply to c. Hyphenation is off
// (.nh), so no flag or file name is broken, and every minus is \-.
func manPage(c *cobra.Command, h manHead) string {
	var b strings.Builder
	name := strings.ReplaceAll(c.CommandPath(), " ", "-")
	fmt.Fprintf(&b, ".TH %q \"1\" %q %q \"User Commands\"\n.nh\n.ad l\n", strings.ToUpper(name), h.date.Format(time.DateOnly), h.source)
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", name, roff(c.Short))
	b.WriteString(".SH SYNOPSIS\n" + synopsis(c) + "\n")
	b.WriteString(".SH DESCRIPTION\n" + prose(c.Long))
	if opts := options(c.NonInheritedFlags()) + options(c.InheritedFlags()); opts != "" {
		b.WriteString(".SH OPTIONS\n" + opts)
	}
	path := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	section := func(title string, rows [][2]string) {
		if len(rows) == 0 {
			return
		}
		b.WriteString(".SH " + title + "\n")
		for _, r := range rows {
			fmt.Fprintf(&b, ".TP\n.B %s\n%s\n", roff(r[0]), filled(r[1]))
		}
	}
	var exits, envs, files [][2]string
	for _, e := range exitDocs() {
		if appliesTo(e.commands, path) {
			exits = append(exits, [2]string{e.code, say.Voice{}.T(e.id)})
		}
	}
	for _, e := range envDocs() {
		if appliesTo(e.commands, path) {
			envs = append(envs, [2]string{e.name, e.what})
		}
	}
	for _, f := range fileDocs() {
		if appliesTo(f.commands, path) {
			files = append(files, [2]string{f.path, f.what})
		}
	}
	section("EXIT STATUS", exits)
	section("ENVIRONMENT", envs)
	section("FILES", files)
	if c.Example != "" {
		b.WriteString(".SH EXAMPLES\n.EX\n" + roffLines(strings.TrimRight(c.Example, "\n")) + "\n.EE\n")
	}
	b.WriteString(".SH SEE ALSO\n" + seeAlso(c))
	return b.String()
}

// synopsis is c's usage line: the command in bold, its arguments in
// italics, [options] where it takes any.
func synopsis(c *cobra.Command) string {
	words := strings.Fields(c.UseLine())
	n := len(strings.Fields(c.CommandPath()))
	out := `\fB` + roff(strings.Join(words[:n], " ")) + `\fR`
	for _, w := range words[n:] {
		if w == "[flags]" {
			w = "[options]"
		}
		out += ` \fI` + roff(w) + `\fR`
	}
	if c.HasAvailableSubCommands() {
		out += "\n.br\n" + `\fB` + roff(c.CommandPath()) + `\fR \fIcommand\fR [\fIoptions\fR]`
	}
	return out
}

// prose is a help text as man(7) paragraphs: a blank line starts a new
// one; an indented line is a command to type, set as an example, as it is.
func prose(text string) string {
	var b strings.Builder
	for i, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		if i > 0 {
			b.WriteString(".PP\n")
		}
		var run []string
		flush := func() {
			if len(run) > 0 {
				b.WriteString(filled(strings.Join(run, " ")) + "\n")
				run = nil
			}
		}
		inExample := false
		for _, l := range strings.Split(para, "\n") {
			indented := strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")
			switch {
			case indented && !inExample:
				flush()
				b.WriteString(".EX\n")
			case !indented && inExample:
				b.WriteString(".EE\n")
			}
			inExample = indented
			if indented {
				b.WriteString(roffLine(strings.TrimSpace(l)) + "\n")
			} else {
				run = append(run, l)
			}
		}
		flush()
		if inExample {
			b.WriteString(".EE\n")
		}
	}
	return b.String()
}

// options lists the flags of fs that are not hidden: each flag in bold,
// its value in italics, optional where the flag has a value of its own
// when given bare, then what it does and its default.
func options(fs *pflag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		head := `\fB\-\-` + roff(f.Name) + `\fR`
		if f.Shorthand != "" {
			head = `\fB\-` + f.Shorthand + `\fR, ` + head
		}
		arg, usage := pflag.UnquoteUsage(f)
		switch {
		case f.Value.Type() == "bool":
			arg = ""
		case arg == "" && f.NoOptDefVal != "":
			// A value named only in the usage: "=SHA256 accepts it…".
			if m := optionalArg.FindStringSubmatch(usage); m != nil {
				arg = m[1]
			}
		}
		switch {
		case arg != "" && f.NoOptDefVal != "":
			head += `[=\fI` + roff(arg) + `\fR]`
		case arg != "":
			head += ` \fI` + roff(arg) + `\fR`
		}
		if d, ok := defaultOf(f); ok {
			usage += " (default: " + d + ")"
		}
		fmt.Fprintf(&b, ".TP\n%s\n%s\n", head, filled(usage))
	})
	return b.String()
}

// optionalArg finds the name of a flag's optional value in its usage.
var optionalArg = regexp.MustCompile(`=([A-Z][A-Z0-9]*)\b`)

// seeAlso names the pages around c: its parent, its commands, and, for
// ksn serve, its systemd unit's.
func seeAlso(c *cobra.Command) string {
	var refs []string
	if c.HasParent() {
		refs = append(refs, strings.ReplaceAll(c.Parent().CommandPath(), " ", "-"))
	}
	for _, sub := range manCommands(c)[1:] {
		if sub.Parent() == c {
			refs = append(refs, strings.ReplaceAll(sub.CommandPath(), " ", "-"))
		}
	}
	pages := make([]string, 0, len(refs)+1)
	for _, r := range refs {
		pages = append(pages, roff(r)+" (1")
	}
	if c.Name() == "serve" {
		pages = append(pages, "systemd.unit (5")
	}
	var b strings.Builder
	for i, p := range pages {
		end := "),"
		if i == len(pages)-1 {
			end = ")"
		}
		b.WriteString(".BR " + p + end + "\n")
	}
	return b.String()
}

// filled is text as escaped lines of at most 72 bytes, broken at spaces,
// which roff fills again.
func filled(text string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		w = roff(w)
		if line != "" && len(line)+1+len(w) > 72 {
			lines = append(lines, line)
			line = ""
		}
		line = strings.TrimPrefix(line+" "+w, " ")
	}
	lines = append(lines, line)
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}

// roffLines is roffLine for each line of text.
func roffLines(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = roffLine(l)
	}
	return strings.Join(lines, "\n")
}

// roffLine is one line of text as roff reads it: escaped, and not taken
// for a request when it starts with a dot or a quote.
func roffLine(l string) string {
	l = roff(l)
	if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
		l = `\&` + l
	}
	return l
}

// roff escapes s for running text: a backslash is \e, a minus \-, a tab
// a space, and a character outside ASCII its \[uXXXX] name, as man(7)
// asks, so that no terminal's encoding can change it.
func roff(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r == '\t':
			b.WriteByte(' ')
		case r > unicode.MaxASCII:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

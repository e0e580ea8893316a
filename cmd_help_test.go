package main

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/language"

	"ksn/lang"
	"ksn/say"
)

// voices are ksn's languages, English first.
func voices() []say.Voice {
	var out []say.Voice
	for _, t := range lang.Supported() {
		out = append(out, say.In(lang.Of(t)))
	}
	return out
}

// walk calls f with c and every command under it.
func walk(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walk(sub, f)
	}
}

// helpPage is the help of c as --help prints it to a pipe.
func helpPage(c *cobra.Command) string {
	var buf bytes.Buffer
	c.Root().SetOut(&buf)
	c.HelpFunc()(c, nil)
	return buf.String()
}

// TestHelpInEveryLanguage prints the help of every command in every
// language, piped: no line wider than 80 columns or ending in a space, and
// in Russian and German none of the English words of a help page.
func TestHelpInEveryLanguage(t *testing.T) {
	t.Parallel()
	english := []string{"Usage:", "Flags:", "Global Flags:", "Available Commands:", "Examples:",
		"help for", "(default ", "[flags]", "[command]", " string ", " duration "}
	usage := map[string]string{"en": "Usage:", "ru": "Использование:", "de": "Verwendung:"}
	for _, v := range voices() {
		if usage[v.Code()] == "" {
			t.Errorf("%s: no usage heading to look for; add the language's to this test", v.Code())
		}
		walk(newRootCmd(v), func(c *cobra.Command) {
			page := helpPage(c)
			if !strings.Contains(page, usage[v.Code()]) {
				t.Errorf("%s %s: no usage in:\n%s", v.Code(), c.CommandPath(), page)
			}
			for l := range strings.SplitSeq(page, "\n") {
				if w := ansi.StringWidth(l); w > 80 {
					t.Errorf("%s %s: %d columns: %q", v.Code(), c.CommandPath(), w, l)
				}
				if strings.HasSuffix(l, " ") {
					t.Errorf("%s %s: a space at the end of %q", v.Code(), c.CommandPath(), l)
				}
			}
			if v.Code() == "en" {
				return
			}
			for _, w := range english {
				if strings.Contains(page, w) {
					t.Errorf("%s %s: %q in:\n%s", v.Code(), c.CommandPath(), w, page)
				}
			}
		})
	}
}

// TestTreeIsTheSameInEveryLanguage: the language changes the words of the
// help, never a command's name, a flag's name or its default.
func TestTreeIsTheSameInEveryLanguage(t *testing.T) {
	t.Parallel()
	shape := func(v say.Voice) []string {
		var out []string
		walk(newRootCmd(v), func(c *cobra.Command) {
			out = append(out, c.CommandPath()+" hidden="+map[bool]string{true: "yes", false: "no"}[c.Hidden])
			c.Flags().VisitAll(func(f *pflag.Flag) {
				out = append(out, c.CommandPath()+" --"+f.Name+" -"+f.Shorthand+" "+f.Value.Type()+" ="+f.DefValue+" "+f.NoOptDefVal)
			})
		})
		slices.Sort(out)
		return out
	}
	en := shape(say.Voice{})
	for _, v := range voices()[1:] {
		if got := shape(v); !slices.Equal(got, en) {
			t.Errorf("%s: the command tree differs from English:\n%v\nwant\n%v", v.Code(), got, en)
		}
	}
}

// TestFlagUsagesCountColumnsNotBytes lines up the usage of flags whose
// names (and so their heads) hold letters of two bytes each.
func TestFlagUsagesCountColumnsNotBytes(t *testing.T) {
	t.Parallel()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.String("lang", "", "`ЯЗЫК` всех сообщений")
	fs.Duration("timeout", 0, "время на проверку")
	fs.Bool("json", false, "вывести JSON")
	out := flagUsages(fs, say.In(lang.Of(language.Russian)), 80)
	col := map[int]bool{}
	for _, usage := range []string{"ЯЗЫК всех сообщений", "время на проверку", "вывести JSON"} {
		for l := range strings.SplitSeq(out, "\n") {
			if i := strings.Index(l, usage); i > 0 {
				col[ansi.StringWidth(l[:i])] = true
			}
		}
	}
	if len(col) != 1 {
		t.Errorf("the usages start at columns %v, want one column:\n%s", col, out)
	}
	if !strings.Contains(out, "--lang ЯЗЫК") || !strings.Contains(out, "--timeout duration") {
		t.Errorf("flags:\n%s", out)
	}
}

// TestHelpAt40Columns lays out the help of every command in every language
// for a terminal 40 columns wide: no line is wider (the terminal would cut
// a word in two) but a shell line to type, which is kept whole, and no
// line ends in "ksn" with its command on the next.
func TestHelpAt40Columns(t *testing.T) {
	t.Parallel()
	for _, v := range voices() {
		root := newRootCmd(v)
		walk(root, func(c *cobra.Command) {
			page := reflow(cmp.Or(c.Long, c.Short), 40) + "\n\n" + usageText(c, v, 40)
			lines := strings.Split(page, "\n")
			for i, l := range lines {
				toType := strings.HasPrefix(l, "  ") && !strings.Contains(strings.TrimSpace(l), "  ")
				if w := ansi.StringWidth(l); w > 40 && !toType {
					t.Errorf("%s %s: %d columns: %q", v.Code(), c.CommandPath(), w, l)
				}
				if i+1 < len(lines) && strings.HasSuffix(l, "ksn") {
					next, _, _ := strings.Cut(strings.TrimSpace(lines[i+1]), " ")
					if sub, _, err := root.Find([]string{next}); err == nil && sub != root {
						t.Errorf("%s %s: a command split after \"ksn\": %q / %q", v.Code(), c.CommandPath(), l, lines[i+1])
					}
				}
			}
		})
	}
}

// TestHelpSaysTheExitStatuses: every runnable command's --help lists its
// exit statuses from the man pages' table, in the reader's language, and
// `ksn check`'s has its 3.
func TestHelpSaysTheExitStatuses(t *testing.T) {
	t.Parallel()
	heading := map[string]string{"en": "Exit status:", "ru": "Код завершения:", "de": "Exit-Status:"}
	for _, v := range voices() {
		walk(newRootCmd(v), func(c *cobra.Command) {
			page := helpPage(c)
			if !c.Runnable() {
				if strings.Contains(page, heading[v.Code()]) {
					t.Errorf("%s %s: exit statuses on a command that runs nothing", v.Code(), c.CommandPath())
				}
				return
			}
			_, exits, ok := strings.Cut(page, "\n"+heading[v.Code()]+"\n")
			if !ok {
				t.Errorf("%s %s: no %q in:\n%s", v.Code(), c.CommandPath(), heading[v.Code()], page)
				return
			}
			for _, e := range exitDocs() {
				if !appliesTo(e.commands, strings.TrimPrefix(c.CommandPath(), "ksn ")) {
					continue
				}
				first, _, _ := strings.Cut(v.T(e.id), " ")
				if !strings.Contains(exits, "  "+e.code+" ") || !strings.Contains(exits, first) {
					t.Errorf("%s %s: exit status %s (%q) missing from:\n%s", v.Code(), c.CommandPath(), e.code, v.T(e.id), exits)
				}
			}
			if has3 := strings.Contains(exits, "\n  3 "); has3 != (c.CommandPath() == "ksn check") {
				t.Errorf("%s %s: exit status 3 listed %v", v.Code(), c.CommandPath(), has3)
			}
		})
	}
}

package main

import (
	"fmt"
	"os"

	"github.com/adrg/xdg"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/statement"
)

// newStatementCmd returns `ksn statement [--raw] [--width N]`.
func newStatementCmd() *cobra.Command {
	var raw bool
	var width int
	cmd := &cobra.Command{
		Use:   "statement",
		Short: "Print the KSN Statement, rendered, or its Markdown with --raw",
		Long: "Print the Kaspersky Security Network Statement. --raw prints the exact Markdown\n" +
			"bytes whose SHA-256 is recorded when you accept it:\n" +
			"ksn statement --raw | sha256sum",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			if cmd.Flags().Changed("width") && (width < 20 || width > 1000) {
				return usageError("--width %d: must be between 20 and 1000", width)
			}
			if raw {
				_, err := out.Write(statement.Markdown())
				return asFailure(err)
			}
			if !cmd.Flags().Changed("width") {
				width = terminalWidth(out)
			}
			// Colours where out takes more than bold (as the printer's),
			// downsampled to what it takes.
			profile := colorProfile(out, os.Environ())
			theme := statement.ThemePlain
			if profile > colorprofile.ASCII {
				theme = statement.ThemeDark
			}
			text, err := renderStatement(width, theme)
			if err != nil {
				return failure("render the statement: %v", err)
			}
			cw := &colorprofile.Writer{Forward: out, Profile: profile}
			_, err = cw.Write([]byte(text + "\n"))
			return asFailure(err)
		},
	}
	cmd.Flags().BoolVar(&raw, "raw", false, "print the Markdown bytes whose sha256 is recorded on consent")
	cmd.Flags().IntVar(&width, "width", 0, "wrap the rendered text to `N` columns (default: the terminal's width, or 80)")
	return cmd
}

// renderStatement renders the statement for width and theme, keeping the
// result under $XDG_CACHE_HOME/ksn/render so that the next run for the same
// statement, width, theme and ksn version only reads a file. The cache is
// an optimisation: when it cannot be read or written, ksn renders.
func renderStatement(width int, theme statement.Theme) (string, error) {
	name := fmt.Sprintf("ksn/render/statement-%s-%s-w%d-%s.txt", statement.SHA256()[:16], version, width, theme)
	path, err := xdg.CacheFile(name)
	if err == nil {
		if data, err := os.ReadFile(path); err == nil {
			return string(data), nil
		}
	}
	text, err := statement.NewCache().Render(statement.Markdown(), width, theme)
	if err != nil {
		return "", err
	}
	if path != "" {
		_ = model.WriteFileAtomic(path, []byte(text))
	}
	return text, nil
}

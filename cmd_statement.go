package main

import (
	"os"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

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
				width = terminalWidth()
			}
			theme := statement.ThemePlain
			if colorful() {
				theme = statement.ThemeDark
			}
			text, err := statement.NewCache().Render(statement.Markdown(), width, theme)
			if err != nil {
				return failure("render the statement: %v", err)
			}
			_, err = out.Write([]byte(text + "\n"))
			return asFailure(err)
		},
	}
	cmd.Flags().BoolVar(&raw, "raw", false, "print the Markdown bytes whose sha256 is recorded on consent")
	cmd.Flags().IntVar(&width, "width", 0, "wrap the rendered text to `N` columns (default: the terminal's width, or 80)")
	return cmd
}

// terminalWidth is stdout's width, or 80 when it is not a terminal.
func terminalWidth() int {
	if w, _, err := term.GetSize(os.Stdout.Fd()); err == nil && w > 0 {
		return w
	}
	return 80
}

// colorful reports whether stdout is a terminal that wants colour.
func colorful() bool {
	return term.IsTerminal(os.Stdout.Fd()) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

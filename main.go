// Command ksn is the Kaspersky Security Network settings application of
// Kaspersky Free, for the terminal: a TUI, an SSH app and a command line.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"ksn/safe"
	"ksn/say"
)

// Exit codes (docs/commands.md).
const (
	exitOK           = 0
	exitFailure      = 1
	exitUsage        = 2
	exitNotConnected = 3
)

func main() {
	os.Exit(runWithSignals(os.Args[1:]))
}

// run executes the command line args and returns the exit code. It reads
// the XDG_* variables afresh, so that it follows the environment it runs in.
func run(ctx context.Context, args []string) int {
	xdg.Reload()
	return execute(ctx, args, os.Stdout, os.Stderr)
}

// execute runs the command line args with the given output streams and
// returns the exit code; every error ends as one line on stderr.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l, err := languageOf(args, os.Getenv)
	v := say.In(l)
	if err != nil {
		return report(v, err, "ksn", stderr)
	}
	ctx = withVoice(ctx, v)
	var root *cobra.Command
	if len(args) == 0 {
		root = newTUICmd(v) // the TUI: only what its first frame needs
	} else {
		root = newRootCmd(v)
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	path := "ksn"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	return report(v, err, path, stderr)
}

// report prints err, from the command at path, as one line on stderr in
// v's words and returns its exit code.
func report(v say.Voice, err error, path string, stderr io.Writer) int {
	var ex exitError
	if errors.As(err, &ex) {
		if ex.msg != "" {
			fmt.Fprintln(stderr, "ksn: "+safe.Line(ex.msg, 0))
		}
		return ex.code
	}
	// Every command's RunE returns an exitError; anything else comes from
	// cobra itself, while it parses the command line: a usage error.
	fmt.Fprintln(stderr, "ksn: "+safe.Line(v.T("cli.error.see_help", "Error", err.Error(), "Path", path), 0))
	return exitUsage
}

// exitError ends the process with code after printing msg (if any) on stderr.
type exitError struct {
	code int
	msg  string
}

// Error implements error.
func (e exitError) Error() string { return e.msg }

// usageError is a usage error: exit 2.
func usageError(format string, a ...any) error {
	return exitError{code: exitUsage, msg: fmt.Sprintf(format, a...)}
}

// failure is any other error: exit 1. The message names the file or input
// that is wrong.
func failure(format string, a ...any) error {
	return exitError{code: exitFailure, msg: fmt.Sprintf(format, a...)}
}

// asFailure turns err into an exit 1 error unless it already carries an
// exit code.
func asFailure(err error) error {
	var ex exitError
	if err == nil || errors.As(err, &ex) {
		return err
	}
	return exitError{code: exitFailure, msg: err.Error()}
}

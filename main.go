// Command ksn is the Kaspersky Security Network settings application of
// Kaspersky Free, for the terminal: a TUI, an SSH app and a command line.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// version is this build's version, sent as User-Agent ksn/<version>.
const version = "0.1.0"

// Exit codes (SPEC §5).
const (
	exitOK           = 0
	exitFailure      = 1
	exitUsage        = 2
	exitNotConnected = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit code.
func run(ctx context.Context, args []string) int {
	cmd := newRootCmd()
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ex exitError
	if errors.As(err, &ex) {
		if ex.msg != "" {
			fmt.Fprintln(os.Stderr, "ksn: "+ex.msg)
		}
		return ex.code
	}
	fmt.Fprintln(os.Stderr, "ksn: "+err.Error())
	return exitFailure
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

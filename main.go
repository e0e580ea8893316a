// Command ksn is the Kaspersky Security Network settings application of
// Kaspersky Free, for the terminal: a TUI, an SSH app and a command line.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
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
	started := time.Now()
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
	wasOn := participatingAtStart(args)
	cmd, err := root.ExecuteContextC(ctx)
	defer spool(cmd, err, started, wasOn, func(problem error) { fmt.Fprintln(stderr, "ksn: "+safe.Line(v.Err(problem), 0)) })
	if err == nil {
		return exitOK
	}
	path := "ksn"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	return report(v, err, path, stderr)
}

// spool spools this process's start and completion while participating
// (docs/sent.md): a command that ran (one refused as a usage error did not,
// and changes no file), but `ksn report` and `ksn sent`, which only show,
// the demo, which is a world of its own, help and --version.
// A spool or a record of what is sent that cannot be written is said, one
// line, through warn: the process has done its work, and its exit status
// stays as it is.
func spool(cmd *cobra.Command, err error, started time.Time, wasOn func() bool, warn func(error)) {
	var ex exitError
	if cmd == nil || (err != nil && (!errors.As(err, &ex) || ex.code == exitUsage)) {
		return
	}
	name := ""
	for c := cmd; c.HasParent(); c = c.Parent() {
		name = c.Name()
	}
	for _, f := range []string{"demo", "help", "version"} {
		if fl := cmd.Flags().Lookup(f); fl != nil && fl.Changed {
			return
		}
	}
	if name == "help" || name == "completion" {
		return
	}
	if command := flow.ProcessCommand(name); command != "" && wasOn() {
		store := openStore()
		if err := flow.SpoolProcess(store, model.DefaultPolicyDirs(), command, true, started, time.Now()); err != nil {
			warn(err)
		} else if err := store.RecordFiles(); err != nil {
			warn(err)
		}
	}
}

// participatingAtStart finds out whether participation is on as the
// process starts, for spool: at once for a command, which may change it;
// meanwhile for the TUI, whose first frame does not wait for it (no key
// can have decided anything before the files are read).
func participatingAtStart(args []string) func() bool {
	if len(args) > 0 {
		on := flow.ParticipatingNow(openStore(), model.DefaultPolicyDirs())
		return func() bool { return on }
	}
	ch := make(chan bool, 1)
	go func() { ch <- flow.ParticipatingNow(openStore(), model.DefaultPolicyDirs()) }()
	return sync.OnceValue(func() bool { return <-ch })
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

package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"ksn/say"
)

// signalGrace is how long a command has, after SIGINT, SIGTERM or SIGHUP,
// to finish what it is writing and restore the terminal before ksn exits
// with 128+signo (docs/commands.md: within a second).
const signalGrace = 600 * time.Millisecond

// runWithSignals runs the command line args and returns its exit code. On
// SIGINT, SIGTERM or SIGHUP it cancels the command's context and exits
// with 128+signo as soon as the command returns, or after signalGrace,
// whatever the command waits on (stdin, a check, a lock). Writes are safe
// to cut: files are replaced by rename, and a consent line is appended in
// one write(2) to a regular file, which an exit does not cut; a torn line
// left by a crash is repaired by the next write (docs/files.md). `ksn
// serve` instead shuts down gracefully and returns its own code.
func runWithSignals(args []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	done := make(chan int, 1)
	go func() { done <- run(ctx, args) }()
	select {
	case code := <-done:
		return code
	case sig := <-sigs:
		cancel()
		if servesGracefully(args) {
			return <-done
		}
		select {
		case <-done:
		case <-time.After(signalGrace):
		}
		return exitCodeOf(sig)
	}
}

// exitCodeOf is the shell's code for a process ended by sig: 128+signo.
func exitCodeOf(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitFailure
}

// servesGracefully reports whether args run `ksn serve`, which shuts down
// on a signal by itself (docs/serve.md) and is waited for.
func servesGracefully(args []string) bool {
	if len(args) == 0 {
		return false
	}
	root := newRootCmd(say.Voice{})
	c, _, err := root.Find(args)
	return err == nil && c.Name() == "serve" && c.Parent() == root
}

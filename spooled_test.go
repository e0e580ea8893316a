package main

import (
	"testing"

	"ksn/flow"
	"ksn/say"
)

// TestSpooledCommandsAreKnown: every command that spools its process
// (docs/sent.md) is one the report takes back from the spool; a line with
// any other command is taken for one ksn did not write.
func TestSpooledCommandsAreKnown(t *testing.T) {
	t.Parallel()
	names := []string{""} // the TUI
	for _, c := range newRootCmd(say.Voice{}).Commands() {
		if c.Name() != "help" && c.Name() != "completion" { // never spooled (spool in main.go)
			names = append(names, c.Name())
		}
	}
	for _, name := range names {
		if cmd := flow.ProcessCommand(name); cmd != "" && !flow.IsProcessCommand(cmd) {
			t.Errorf("ksn %s spools %q, which the report would not take", name, cmd)
		}
	}
	if !flow.IsProcessCommand("session") {
		t.Error(`ksn serve's sessions spool "session"`)
	}
}

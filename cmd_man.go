package main

import (
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"ksn/say"
)

// newManCmd returns the hidden `ksn man DIR`, which writes the man pages
// that the packages install (make package): ksn.1, and one page for each
// command of the live command tree, named by its path (ksn-status.1,
// ksn-license-install.1, …), so that a command added later has its page
// without anyone writing one. Pages are plain roff; the packaging gzips them.
//
// The pages are English whatever the language of the run (they are
// installed in man1, for everyone); what the command itself says follows
// the run's language.
func newManCmd(v say.Voice) *cobra.Command {
	return &cobra.Command{
		Use:    "man DIR",
		Short:  v.T("cli.man.short"),
		Hidden: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("%s", v.T("cli.man.needs_dir", "Path", cmd.CommandPath()))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return failure("%s", v.T("cli.man.failed", "Error", err))
			}
			root := newRootCmd(say.Voice{})
			if err := writeManTree(root, manHeader(), dir); err != nil {
				return failure("%s", v.T("cli.man.failed_in", "Dir", dir, "Error", err))
			}
			return nil
		},
	}
}

// manHeader is what the .TH line of every page says: the date is the
// day of the build's commit, so that the same commit gives the same pages
// (else $SOURCE_DATE_EPOCH, else today); the source names the version, as
// ksn --version does.
func manHeader() manHead {
	h := manHead{date: time.Now().UTC(), source: "ksn " + version}
	if epoch, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		h.date = time.Unix(epoch, 0).UTC()
	}
	info, _ := debug.ReadBuildInfo()
	if t, err := time.Parse(time.RFC3339, readBuild(version, info).time); err == nil {
		h.date = t.UTC()
	}
	return h
}

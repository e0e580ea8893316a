package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
	"ksn/say"
	"ksn/statement"
	"ksn/ui"
)

// viaSetup is how a decision made by `ksn setup` is recorded (docs/install.md).
const viaSetup = "setup"

// hashPlaceholder is the value of a bare --accept-statement in `ksn
// setup`, which, unlike `ksn enable`, wants the hash itself: an installer
// has to show the text it accepts. Typed literally, it is no hash either.
const hashPlaceholder = "SHA256"

// setupFlags are the flags of `ksn setup`.
type setupFlags struct {
	participate   bool
	noParticipate bool
	accept        string // --accept-statement's value
}

// newSetupCmd returns `ksn setup [--participate --accept-statement=SHA256 |
// --no-participate]`.
func newSetupCmd(v say.Voice, g *globalFlags) *cobra.Command {
	f := &setupFlags{}
	cmd := &cobra.Command{
		Use:     "setup [--participate --accept-statement=SHA256 | --no-participate]",
		Short:   v.T("cli.setup.short"),
		Long:    v.T("cli.setup.long"),
		Example: v.T("cli.setup.example"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && hexDigest.MatchString(args[0]) {
				return usageError("%s", v.T("cli.setup.hash_apart", "Hash", args[0]))
			}
			return noArgs(v)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSetup(cmd, g, f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.participate, "participate", false, v.T("cli.setup.flag.participate"))
	fl.BoolVar(&f.noParticipate, "no-participate", false, v.T("cli.setup.flag.no_participate"))
	fl.Var((*acceptValue)(&f.accept), "accept-statement", v.T("cli.setup.flag.accept"))
	fl.Lookup("accept-statement").NoOptDefVal = hashPlaceholder
	return cmd
}

// runSetup checks the flags, then records the decision they give, or asks
// the question in the terminal.
func runSetup(cmd *cobra.Command, g *globalFlags, f *setupFlags) error {
	v := voiceOf(cmd)
	accept := cmd.Flags().Changed("accept-statement")
	switch {
	case f.participate && f.noParticipate:
		return usageError("%s", v.T("cli.setup.both"))
	case accept && !f.participate:
		return usageError("%s", v.T("cli.setup.accept_alone"))
	case f.participate && (!accept || f.accept == hashPlaceholder):
		return usageError("%s", v.T("cli.setup.needs_hash"))
	case f.participate:
		return runEnable(cmd, f.accept, viaSetup)
	case f.noParticipate:
		return runSetupDecline(cmd)
	}
	if !hasTerminal() {
		return usageError("%s", v.T("cli.setup.needs_terminal"))
	}
	return askSetup(cmd, g)
}

// runSetupDecline records that the current statement is declined, unless
// it is already.
func runSetupDecline(cmd *cobra.Command) error {
	v := voiceOf(cmd)
	notePolicy(cmd)
	return recordChange(cmd, flow.Decline, flow.DecidedOn(statement.In(v.Lang)), viaSetup, v.Declined)
}

// askSetup asks the question on the setup screen and says what it
// recorded. A settings.json that a decision could not be saved to is
// refused before the question is asked, as `ksn enable` refuses it.
func askSetup(cmd *cobra.Command, g *globalFlags) error {
	v := voiceOf(cmd)
	store := openStore()
	cur, err := refuseInvalidSettings(v, store)
	if err != nil {
		return err
	}
	if cur.Schema > model.SchemaVersion {
		return updateError(v, store, model.ErrNewerSchema)
	}
	app, err := runApp(cmd, ui.Options{
		Store:   store,
		Timeout: g.timeout,
		Via:     viaSetup,
		Start:   ui.StartSetup,
	})
	if err != nil {
		return err
	}
	o := app.Outcome()
	now := time.Now()
	var lines []string
	switch {
	case o.Recorded == model.ConsentAccepted:
		lines = []string{v.TurnedOn(o.At, now), v.RecordedIn(store.Paths().ConsentFile())}
	case o.Recorded == model.ConsentDeclined:
		lines = []string{v.Declined(o.At, now), v.RecordedIn(store.Paths().ConsentFile())}
		if o.Dropped {
			lines = append(lines, v.ReportDeleted())
		}
	case o.Already == model.ConsentAccepted:
		lines = []string{v.Already(flow.Accept, o.At, now)}
	case o.Already == model.ConsentDeclined:
		lines = []string{v.Already(flow.Decline, o.At, now)}
	case cmd.Context().Err() != nil:
		// A signal ended it, perhaps while a decision was being written
		// (which is finished, but not reported back): do not guess.
		return failure("%s", v.T("cli.setup.interrupted"))
	default:
		if pol, _ := loadPolicy(); pol.LocksConsent() {
			return failure("%s", v.LockedRefusal(pol.Path))
		}
		lines = []string{v.T("cli.setup.nothing")}
	}
	for _, l := range lines {
		if _, err := fmt.Fprintln(cmd.OutOrStdout(), l); err != nil {
			return asFailure(err)
		}
	}
	return nil
}

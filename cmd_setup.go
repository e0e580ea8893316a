package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/say"
	"ksn/statement"
	"ksn/ui"
)

// viaSetup is how a decision made by `ksn setup` is recorded (SPEC §8).
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
func newSetupCmd(g *globalFlags) *cobra.Command {
	f := &setupFlags{}
	cmd := &cobra.Command{
		Use:   "setup [--participate --accept-statement=SHA256 | --no-participate]",
		Short: "Ask the install-time question: participate in KSN or not",
		Long: "Ask whether this computer participates in Kaspersky Security Network, as when\n" +
			"Kaspersky Free is installed: one screen with the short details of KSN and three\n" +
			"choices, \"Read the statement\", \"Participate\" (the statement, then \"I agree\")\n" +
			"and \"Do not participate\". The decision is recorded in consent.jsonl with\n" +
			"\"via\": \"setup\", and setup ends. Quitting (esc, q) records nothing.\n\n" +
			"Unattended, for an installer: --participate --accept-statement=SHA256 accepts\n" +
			"the statement whose SHA-256 that is ('ksn statement --raw | sha256sum'), only\n" +
			"if it is the current one; the hash is required, so that a script cannot accept\n" +
			"a text it has not shown. --no-participate records that it is declined. Neither\n" +
			"writes anything when it is the decision in force already.\n\n" +
			"Exit status: 0 recorded, already so, or quit without a decision; 1 when the\n" +
			"hash is not the current statement's, a file is not valid, or an administrator's\n" +
			"policy decides participation; 2 on a usage error, or without a terminal and\n" +
			"without a flag.",
		Example: "  ksn setup\n" +
			"  ksn statement --raw > statement.md     # the text shown to the person\n" +
			"  SHA=$(sha256sum < statement.md | cut -c1-64)\n" +
			"  ksn setup --participate --accept-statement=$SHA\n" +
			"  ksn setup --no-participate",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && hexDigest.MatchString(args[0]) {
				return usageError("give the hash with '=': ksn setup --participate --accept-statement=%s", args[0])
			}
			return noArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSetup(cmd, g, f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.participate, "participate", false,
		"participate, accepting the statement --accept-statement names (unattended)")
	fl.BoolVar(&f.noParticipate, "no-participate", false,
		"do not participate: record that the statement is declined (unattended)")
	fl.Var((*acceptValue)(&f.accept), "accept-statement",
		"with --participate: the SHA-256 of the current KSN Statement, which it accepts")
	fl.Lookup("accept-statement").NoOptDefVal = hashPlaceholder
	return cmd
}

// runSetup checks the flags, then records the decision they give, or asks
// the question in the terminal.
func runSetup(cmd *cobra.Command, g *globalFlags, f *setupFlags) error {
	accept := cmd.Flags().Changed("accept-statement")
	switch {
	case f.participate && f.noParticipate:
		return usageError("setup: --participate and --no-participate cannot be used together")
	case accept && !f.participate:
		return usageError("setup: --accept-statement goes with --participate: " +
			"ksn setup --participate --accept-statement=SHA256")
	case f.participate && (!accept || f.accept == hashPlaceholder):
		return usageError("setup --participate needs --accept-statement=SHA256, the SHA-256 of the " +
			"statement shown ('ksn statement --raw | sha256sum')")
	case f.participate:
		return runEnable(cmd, f.accept, viaSetup)
	case f.noParticipate:
		return runSetupDecline(cmd)
	}
	if !hasTerminal() {
		return usageError("setup needs a terminal, or --participate --accept-statement=SHA256 " +
			"or --no-participate for an unattended install")
	}
	return askSetup(cmd, g)
}

// alreadyDeclined says that the current statement was declined already, at
// since.
func alreadyDeclined(v say.Voice, since, now time.Time) string {
	return fmt.Sprintf("The KSN Statement (version %s) was already declined on %s; nothing changed.",
		statement.Version, v.When(since, now))
}

// runSetupDecline records that the current statement is declined, unless
// it is already.
func runSetupDecline(cmd *cobra.Command) error {
	v := voiceOf(cmd)
	if err := refuseManaged(cmd); err != nil {
		return err
	}
	return recordChange(cmd, change{
		done: func(s model.Settings) bool { return s.Declines(statement.Current()...) },
		make: func(s model.Settings, now time.Time) (model.Settings, model.ConsentEntry) {
			return s.Decline(decidedOn(statement.In(v.Lang)), now, viaSetup)
		},
		already: func(since, now time.Time) string { return alreadyDeclined(v, since, now) },
		answer:  v.Declined,
	})
}

// askSetup asks the question on the setup screen and says what it
// recorded. A settings.json that a decision could not be saved to is
// refused before the question is asked, as `ksn enable` refuses it.
func askSetup(cmd *cobra.Command, g *globalFlags) error {
	v := voiceOf(cmd)
	store := openStore()
	cur, err := refuseInvalidSettings(store)
	if err != nil {
		return err
	}
	if cur.Schema > model.SchemaVersion {
		return updateError(store, model.ErrNewerSchema)
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
	case o.Already == model.ConsentAccepted:
		lines = []string{alreadyOn(v, o.At, now)}
	case o.Already == model.ConsentDeclined:
		lines = []string{alreadyDeclined(v, o.At, now)}
	case cmd.Context().Err() != nil:
		// A signal ended it, perhaps while a decision was being written
		// (which is finished, but not reported back): do not guess.
		return failure("setup was interrupted; 'ksn consent' shows what is recorded")
	default:
		if pol, _ := loadPolicy(); pol.LocksConsent() {
			return failure("%s", v.LockedRefusal(pol.Path))
		}
		lines = []string{nothingRecorded}
	}
	for _, l := range lines {
		if _, err := fmt.Fprintln(cmd.OutOrStdout(), l); err != nil {
			return asFailure(err)
		}
	}
	return nil
}

// nothingRecorded is what setup says when it is left without a decision.
const nothingRecorded = "Nothing was recorded; run ksn setup again, or decide in the settings window (ksn)."

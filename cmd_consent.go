package main

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/safe"
	"ksn/say"
	"ksn/statement"
)

// via is how consent given on the command line is recorded.
const via = "cli"

// acceptCurrent is the value of a bare --accept-statement: the statement
// of this ksn, whatever its hash.
const acceptCurrent = "current"

// hexDigest matches something that looks like a SHA-256 given by mistake
// as a separate argument.
var hexDigest = regexp.MustCompile(`^[0-9a-fA-F]{16,}$`)

// newEnableCmd returns `ksn enable --accept-statement[=SHA256]`.
func newEnableCmd() *cobra.Command {
	var accept string
	cmd := &cobra.Command{
		Use:   "enable --accept-statement[=SHA256]",
		Short: "Accept the KSN Statement and participate in KSN",
		Long: "Turn participation in Kaspersky Security Network on, accepting the KSN\n" +
			"Statement. Read it first with 'ksn statement'. --accept-statement is required;\n" +
			"with =SHA256 the consent is given only if that is the SHA-256 of the current\n" +
			"statement ('ksn statement --raw | sha256sum'), so a script cannot accept a text\n" +
			"its author has not read. The decision is recorded in consent.jsonl with\n" +
			"\"via\": \"cli\".\n\n" +
			"Exit status: 0 on (or already on); 1 when the hash is not the current\n" +
			"statement's or a file is not valid; 2 without --accept-statement.",
		Example: "  ksn statement\n" +
			"  ksn enable --accept-statement\n" +
			"  ksn enable --accept-statement=$(ksn statement --raw | sha256sum | cut -c1-64)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && hexDigest.MatchString(args[0]) {
				return usageError("give the hash with '=': ksn enable --accept-statement=%s", args[0])
			}
			return noArgs(cmd, args)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("accept-statement") {
				return usageError("enable needs --accept-statement: read the statement with 'ksn statement', " +
					"then run 'ksn enable --accept-statement' (or --accept-statement=<sha256> " +
					"of the text you read, 'ksn statement --raw | sha256sum')")
			}
			return runEnable(cmd, accept, via)
		},
	}
	cmd.Flags().Var((*acceptValue)(&accept), "accept-statement",
		"accept the current KSN Statement; =SHA256 accepts it only if SHA256 is its hash")
	cmd.Flags().Lookup("accept-statement").NoOptDefVal = acceptCurrent
	return cmd
}

// runEnable records the acceptance, as given via ("cli", or "setup" for
// `ksn setup --participate`).
func runEnable(cmd *cobra.Command, accept, via string) error {
	v := voiceOf(cmd)
	if err := refuseManaged(cmd); err != nil {
		return err
	}
	text := statement.In(v.Lang)
	if accept != acceptCurrent {
		t, ok := statement.BySHA(strings.TrimSpace(accept))
		if !ok {
			return failure("--accept-statement=%s: not the SHA-256 of the current KSN Statement "+
				"(version %s) in any language; read it with 'ksn statement', its hash is 'ksn statement --raw | sha256sum'",
				accept, statement.Version)
		}
		text = t
	}
	return recordChange(cmd, change{
		done: func(s model.Settings) bool { return s.Participating(statement.Current()...) },
		make: func(s model.Settings, now time.Time) (model.Settings, model.ConsentEntry) {
			return s.Accept(decidedOn(text), now, via)
		},
		already: func(since, now time.Time) string { return alreadyOn(v, since, now) },
		answer:  v.TurnedOn,
	})
}

// change is one decision made on the command line: enable, disable or
// setup's --no-participate.
type change struct {
	// done reports whether s already says what the decision would.
	done func(s model.Settings) bool
	// make returns s with the decision made at now, and its consent line.
	make func(s model.Settings, now time.Time) (model.Settings, model.ConsentEntry)
	// already says nothing changed, the decision in force since since.
	already func(since, now time.Time) string
	// answer confirms the decision recorded at at.
	answer func(at, now time.Time) string
}

// errAlreadyDone ends a change that would change nothing.
var errAlreadyDone = errors.New("already so")

// recordChange makes c under the lock, unless the settings already say
// so (then not even the lock file is touched), and prints its answer and
// where it is recorded. A settings.json that is not valid is refused.
func recordChange(cmd *cobra.Command, c change) error {
	v := voiceOf(cmd)
	store := openStore()
	cur, err := refuseInvalidSettings(store)
	if err != nil {
		return err
	}
	now := time.Now()
	since := cur.KSN.Statement.DecidedAt
	if c.done(cur) {
		err = errAlreadyDone
	}
	if err == nil {
		_, err = store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
			if c.done(*s) {
				since = s.KSN.Statement.DecidedAt
				return nil, errAlreadyDone
			}
			var e model.ConsentEntry
			*s, e = c.make(*s, now)
			return &e, nil
		})
	}
	out := cmd.OutOrStdout()
	switch {
	case errors.Is(err, errAlreadyDone):
		_, err = fmt.Fprintln(out, c.already(since, time.Now()))
		return asFailure(err)
	case err != nil:
		return updateError(store, err)
	}
	_, err = fmt.Fprintf(out, "%s\n%s\n", c.answer(now, time.Now()), v.RecordedIn(store.Paths().ConsentFile()))
	return asFailure(err)
}

// alreadyOn says that participation was on already, since the statement
// was accepted at since.
func alreadyOn(v say.Voice, since, now time.Time) string {
	return fmt.Sprintf("Already participating in Kaspersky Security Network "+
		"(statement %s accepted on %s); nothing changed.", statement.Version, v.When(since, now))
}

// acceptValue is the value of --accept-statement. Its Type is empty, so
// that help shows --accept-statement[=current].
type acceptValue string

// String implements pflag.Value.
func (v *acceptValue) String() string { return string(*v) }

// Set implements pflag.Value.
func (v *acceptValue) Set(s string) error { *v = acceptValue(s); return nil }

// Type implements pflag.Value.
func (v *acceptValue) Type() string { return "" }

// newDisableCmd returns `ksn disable`.
func newDisableCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "disable",
		Short: "Withdraw from KSN (turn participation off)",
		Long: "Turn participation in Kaspersky Security Network off at once. The withdrawal is\n" +
			"recorded in consent.jsonl with \"via\": \"cli\". From then on nothing is sent.\n\n" +
			"Exit status: 0 off (or already off); 1 when a file is not valid; 2 on a usage\n" +
			"error.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := refuseManaged(cmd); err != nil {
				return err
			}
			v := voiceOf(cmd)
			return recordChange(cmd, change{
				done: func(s model.Settings) bool { return !s.KSN.Participation },
				make: func(s model.Settings, now time.Time) (model.Settings, model.ConsentEntry) {
					return s.Withdraw(decidedOn(statement.In(v.Lang)), now, via)
				},
				already: func(time.Time, time.Time) string {
					return "Participation in Kaspersky Security Network is already off; nothing changed."
				},
				answer: func(at, now time.Time) string { return v.TurnedOff(at, now) + " Nothing is sent from now on." },
			})
		},
	}
}

// refuseManaged refuses to change participation when the administrator's
// policy decides it (SPEC §7). A policy that cannot be honoured is
// reported on stderr and ignored.
func refuseManaged(cmd *cobra.Command) error {
	v := voiceOf(cmd)
	pol, err := loadPolicy()
	if note := v.PolicyNote(pol, err); note != "" {
		fmt.Fprintln(cmd.ErrOrStderr(), "ksn: "+oneLine(note))
	}
	if pol.LocksConsent() {
		return failure("%s", v.LockedRefusal(pol.Path))
	}
	return nil
}

// refuseInvalidSettings refuses to change a settings.json that is not
// valid: enable and disable leave it as it is, so that a typo does not
// cost the user the rest of the file. (status and the TUI use the
// defaults and say so; a decision made in the TUI keeps it aside.)
//
// It returns the settings as they are, the defaults if there is no file.
func refuseInvalidSettings(store *model.Store) (model.Settings, error) {
	path := store.Paths().SettingsFile()
	data, err := os.ReadFile(path)
	switch {
	case isNotExist(err):
		return model.Defaults(), nil
	case err != nil:
		return model.Settings{}, failure("%v", err)
	}
	st, err := model.Parse(data)
	if err != nil {
		return model.Settings{}, failure("%s is not valid (%v); nothing was changed: fix the file, or remove "+
			"it to start from the defaults", path, err)
	}
	return st, nil
}

// updateError turns an error of Store.Update into one line naming the file.
func updateError(store *model.Store, err error) error {
	if errors.Is(err, model.ErrNewerSchema) {
		return failure("%s was written by a newer ksn; not changing it (%v)", store.Paths().SettingsFile(), err)
	}
	return failure("%v", err)
}

// newConsentCmd returns `ksn consent [--json]`.
func newConsentCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "consent",
		Short: "List the consent history and verify that its chain is intact",
		Long: "List every accept, decline and withdrawal recorded in consent.jsonl, and check\n" +
			"the chain of hashes that makes the history tamper-evident.\n\n" +
			"Exit status: 0 intact; 1 broken (the first bad line is named) or unreadable;\n" +
			"2 on a usage error.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConsent(cmd, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print {file, intact, first_bad_line, entries} as JSON")
	return cmd
}

// consentJSON is what `ksn consent --json` prints.
type consentJSON struct {
	File         string               `json:"file"`
	Intact       bool                 `json:"intact"`
	FirstBadLine *int                 `json:"first_bad_line"`
	Entries      []model.ConsentEntry `json:"entries"`
}

// runConsent prints the history and checks its chain.
func runConsent(cmd *cobra.Command, asJSON bool) error {
	v := voiceOf(cmd)
	store := openStore()
	path := store.Paths().ConsentFile()
	entries, firstBad, err := store.VerifyConsent()
	if err != nil {
		return failure("%v", err)
	}
	if entries == nil {
		entries = []model.ConsentEntry{}
	}
	var broken error
	if firstBad > 0 {
		broken = failure("%s: the chain is broken at line %d: a line was changed, removed or inserted "+
			"before it, or it is not a consent entry", path, firstBad)
	}
	out := cmd.OutOrStdout()
	if asJSON {
		v := consentJSON{File: path, Intact: firstBad == 0, Entries: entries}
		if firstBad > 0 {
			v.FirstBadLine = &firstBad
		}
		if err := writeJSON(out, v); err != nil {
			return asFailure(err)
		}
		return broken
	}
	if len(entries) == 0 && firstBad == 0 {
		_, err := fmt.Fprintf(out, "No consent decisions recorded yet (%s).\n", safe.Text(path))
		return asFailure(err)
	}
	now := time.Now()
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tDECISION\tSTATEMENT\tVIA")
	for _, e := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\n", v.When(e.At, now),
			safe.Text(string(e.Decision)), safe.Text(e.Version), safe.Text(shortHash(e.SHA256)), safe.Text(e.Via))
	}
	if err := tw.Flush(); err != nil {
		return asFailure(err)
	}
	if broken != nil {
		return broken
	}
	_, err = fmt.Fprintf(out, "The chain is intact: %d %s in %s.\n", len(entries), plural(len(entries), "entry", "entries"), safe.Text(path))
	return asFailure(err)
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

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

// Sentinels that end a change without writing anything.
var (
	errAlreadyOn  = errors.New("already participating")
	errAlreadyOff = errors.New("already off")
)

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
	if err := refuseManaged(cmd); err != nil {
		return err
	}
	sha := statement.SHA256()
	if accept != acceptCurrent && !strings.EqualFold(strings.TrimSpace(accept), sha) {
		return failure("--accept-statement=%s: not the SHA-256 of the current KSN Statement "+
			"(version %s); read it with 'ksn statement', its hash is 'ksn statement --raw | sha256sum'",
			accept, statement.Version)
	}
	store := openStore()
	cur, err := refuseInvalidSettings(store)
	if err != nil {
		return err
	}
	now := time.Now()
	since := cur.KSN.Statement.DecidedAt
	if cur.Participating(sha) {
		// Already on: not even the lock file is touched.
		err = errAlreadyOn
	}
	var st model.Settings
	if err == nil {
		st, err = store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
			if s.Participating(sha) {
				since = s.KSN.Statement.DecidedAt
				return nil, errAlreadyOn
			}
			var e model.ConsentEntry
			*s, e = s.Accept(statement.Version, sha, now, via)
			return &e, nil
		})
	}
	out := cmd.OutOrStdout()
	switch {
	case errors.Is(err, errAlreadyOn):
		_, err = fmt.Fprintln(out, alreadyOn(since, now))
		return asFailure(err)
	case err != nil:
		return updateError(store, err)
	}
	_, err = fmt.Fprintf(out, "%s\n%s\n", say.TurnedOn(st.KSN.Statement.DecidedAt, time.Now()),
		say.RecordedIn(store.Paths().ConsentFile()))
	return asFailure(err)
}

// alreadyOn says that participation was on already, since the statement
// was accepted at since.
func alreadyOn(since, now time.Time) string {
	return fmt.Sprintf("Already participating in Kaspersky Security Network "+
		"(statement %s accepted on %s); nothing changed.", statement.Version, say.When(since, now))
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
			store := openStore()
			cur, err := refuseInvalidSettings(store)
			if err != nil {
				return err
			}
			now := time.Now()
			err = errAlreadyOff
			if cur.KSN.Participation {
				_, err = store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
					if !s.KSN.Participation {
						return nil, errAlreadyOff
					}
					var e model.ConsentEntry
					*s, e = s.Withdraw(statement.Version, statement.SHA256(), now, via)
					return &e, nil
				})
			}
			out := cmd.OutOrStdout()
			switch {
			case errors.Is(err, errAlreadyOff):
				_, err = fmt.Fprintln(out, "Participation in Kaspersky Security Network is already off; nothing changed.")
				return asFailure(err)
			case err != nil:
				return updateError(store, err)
			}
			_, err = fmt.Fprintf(out, "%s Nothing is sent from now on.\n%s\n", say.TurnedOff(now, time.Now()),
				say.RecordedIn(store.Paths().ConsentFile()))
			return asFailure(err)
		},
	}
}

// refuseManaged refuses to change participation when the administrator's
// policy decides it (SPEC §7). A policy that cannot be honoured is
// reported on stderr and ignored.
func refuseManaged(cmd *cobra.Command) error {
	pol, err := loadPolicy()
	if note := say.PolicyNote(pol, err); note != "" {
		fmt.Fprintln(cmd.ErrOrStderr(), "ksn: "+oneLine(note))
	}
	if pol.LocksConsent() {
		return failure("%s", say.LockedRefusal(pol.Path))
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
		fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\n", say.When(e.At, now),
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

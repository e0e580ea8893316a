package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"ksn/flow"
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
func newEnableCmd(v say.Voice) *cobra.Command {
	var accept string
	cmd := &cobra.Command{
		Use:     "enable --accept-statement[=SHA256]",
		Short:   v.T("cli.enable.short"),
		Long:    v.T("cli.enable.long"),
		Example: v.T("cli.enable.example"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && hexDigest.MatchString(args[0]) {
				return usageError("%s", v.T("cli.enable.hash_apart", "Hash", args[0]))
			}
			return noArgs(v)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("accept-statement") {
				return usageError("%s", v.T("cli.enable.needs_accept"))
			}
			return runEnable(cmd, accept, via)
		},
	}
	cmd.Flags().Var((*acceptValue)(&accept), "accept-statement", v.T("cli.enable.flag"))
	cmd.Flags().Lookup("accept-statement").NoOptDefVal = acceptCurrent
	return cmd
}

// runEnable records the acceptance, as given via ("cli", or "setup" for
// `ksn setup --participate`).
func runEnable(cmd *cobra.Command, accept, via string) error {
	v := voiceOf(cmd)
	notePolicy(cmd)
	text := statement.In(v.Lang)
	if accept != acceptCurrent {
		t, ok := statement.BySHA(strings.TrimSpace(accept))
		if !ok {
			return failure("%s", v.T("cli.enable.not_current", "Hash", accept, "Version", statement.Version))
		}
		text = t
	}
	return recordChange(cmd, flow.Accept, flow.DecidedOn(text), via, v.TurnedOn)
}

// recordChange records choice about st (the statement shown; a withdrawal
// names the one accepted) with flow.Decide, strictly: a settings.json that
// is not valid is refused and left as it is, and a decision the settings
// already make writes nothing, not even the lock file. It prints the
// answer (answer says a recorded decision) and where it is recorded.
func recordChange(cmd *cobra.Command, choice flow.Choice, st model.Statement, via string, answer func(at, now time.Time) string) error {
	v := voiceOf(cmd)
	store := openStore()
	o, err := flow.Decide(store, flow.Request{
		Choice: choice, Statement: st, Via: via, At: time.Now(),
		PolicyDirs: model.DefaultPolicyDirs(), Strict: true, OnlyIfChanged: true,
	})
	var locked *flow.LockedError
	var invalid *flow.InvalidSettingsError
	switch {
	case errors.As(err, &locked), errors.As(err, &invalid):
		return failure("%s", v.DecideErr(err))
	case err != nil:
		return updateError(v, store, err)
	}
	out := cmd.OutOrStdout()
	if !o.Recorded {
		_, err = fmt.Fprintln(out, v.Already(choice, o.At, time.Now()))
		return asFailure(err)
	}
	said := answer(o.At, time.Now())
	if o.Dropped {
		said += " " + v.ReportDeleted()
	}
	_, err = fmt.Fprintf(out, "%s\n%s\n", said, v.RecordedIn(store.Paths().ConsentFile()))
	return asFailure(err)
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
func newDisableCmd(v say.Voice) *cobra.Command {
	return &cobra.Command{
		Use:   "disable",
		Short: v.T("cli.disable.short"),
		Long:  v.T("cli.disable.long"),
		Args:  noArgs(v),
		RunE: func(cmd *cobra.Command, _ []string) error {
			notePolicy(cmd)
			return recordChange(cmd, flow.Withdraw, flow.DecidedOn(statement.In(v.Lang)), via, func(at, now time.Time) string {
				return v.TurnedOff(at, now) + " " + v.T("cli.disable.nothing_sent")
			})
		},
	}
}

// notePolicy says on stderr why a policy is not honoured, if it is not
// (docs/policy.md); flow.Decide refuses what an honoured one locks.
func notePolicy(cmd *cobra.Command) {
	pol, err := loadPolicy()
	if note := voiceOf(cmd).PolicyNote(pol, err); note != "" {
		fmt.Fprintln(cmd.ErrOrStderr(), "ksn: "+safe.Line(note, 0))
	}
}

// refuseInvalidSettings refuses to change a settings.json that is not
// valid (flow.ReadStrict, as flow.Decide reads it for the CLI): the file
// is left as it is, so that a typo does not cost the user the rest of it.
// It returns the settings as they are, the defaults if there is no file.
func refuseInvalidSettings(v say.Voice, store *model.Store) (model.Settings, error) {
	st, err := flow.ReadStrict(store)
	if err != nil {
		return model.Settings{}, failure("%s", v.DecideErr(err))
	}
	return st, nil
}

// updateError turns an error of Store.Update into one line naming the file.
func updateError(v say.Voice, store *model.Store, err error) error {
	if errors.Is(err, model.ErrNewerSchema) {
		return failure("%s", v.T("cli.settings.newer", "Path", store.Paths().SettingsFile(), "Error", v.Text(err)))
	}
	return failure("%s", v.Text(err)) // what the store says of a failed write
}

// newConsentCmd returns `ksn consent [--json]`.
func newConsentCmd(v say.Voice) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "consent",
		Short: v.T("cli.consent.short"),
		Long:  v.T("cli.consent.long"),
		Args:  noArgs(v),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConsent(cmd, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, v.T("cli.consent.json"))
	return cmd
}

// consentJSON is what `ksn consent --json` prints before its entries,
// which writeConsentJSON streams after it, and its problem.
type consentJSON struct {
	File         string `json:"file"`
	Intact       bool   `json:"intact"`
	FirstBadLine *int   `json:"first_bad_line"`
	// Problem is, in English, why the history is not intact or does not
	// hold the acceptance settings.json records: the line where its
	// chain breaks, why consent.jsonl cannot be read (then entries is
	// empty), or the acceptance without its record; absent when none.
	// It is written last, after the entries.
	Problem string `json:"-"`
}

// consentRows is how many rows of the history are aligned together: the
// table is written as it is read, so that memory stays bounded however
// long the history (docs/files.md).
const consentRows = 4096

// runConsent prints the history and checks its chain, and that it holds
// the acceptance settings.json records, if it records one. It reads
// consent.jsonl twice as a stream: once to check it, once to print the
// entries it checked.
func runConsent(cmd *cobra.Command, asJSON bool) error {
	v := voiceOf(cmd)
	store := openStore()
	path := store.Paths().ConsentFile()
	count := 0
	firstBad, err := store.EachConsent(func(model.ConsentEntry) bool { count++; return true })
	if err != nil {
		if asJSON {
			obj := consentJSON{File: path, Problem: say.JSON().Text(err)}
			if err := writeConsentJSON(cmd.OutOrStdout(), obj, nil); err != nil {
				return asFailure(err)
			}
		}
		return failure("%s", v.Text(err))
	}
	each := func(fn func(model.ConsentEntry) error) error {
		n := 0
		var werr error
		_, err := store.EachConsent(func(e model.ConsentEntry) bool {
			n++
			werr = fn(e)
			return werr == nil && n < count
		})
		return cmp.Or(werr, err)
	}
	if count == 0 {
		each = nil
	}
	problem := consentProblem(store, path, firstBad)
	if asJSON {
		obj := consentJSON{File: path, Intact: firstBad == 0, Problem: problem(say.JSON())}
		if firstBad > 0 {
			obj.FirstBadLine = &firstBad
		}
		if err := writeConsentJSON(cmd.OutOrStdout(), obj, each); err != nil {
			return asFailure(err)
		}
		return failIf(problem(v))
	}
	out := cmd.OutOrStdout()
	if count == 0 && firstBad == 0 {
		if _, err := fmt.Fprintln(out, v.T("cli.consent.empty", "Path", safe.Text(path))); err != nil {
			return asFailure(err)
		}
		return failIf(problem(v))
	}
	if err := printConsent(out, v, each); err != nil {
		return asFailure(err)
	}
	if p := problem(v); p != "" {
		return failure("%s", p)
	}
	_, err = fmt.Fprintln(out, v.N("cli.consent.intact", count, "Path", safe.Text(path)))
	return asFailure(err)
}

// failIf is a failure saying p, nil if p is "".
func failIf(p string) error {
	if p == "" {
		return nil
	}
	return failure("%s", p)
}

// consentProblem is what makes `ksn consent` fail, in a voice's words
// ("" if nothing does): the chain broken at firstBad (0: intact), else an
// acceptance that settings.json records and the history does not (docs/files.md;
// flow.Derive counts it as none).
func consentProblem(store *model.Store, path string, firstBad int) func(say.Voice) string {
	if firstBad > 0 {
		return func(v say.Voice) string { return v.T("cli.consent.broken", "Path", path, "Line", firstBad) }
	}
	f := model.ReadFiles(store, model.DefaultPolicyDirs(), statement.Current()...)
	in := flow.Derive(f, flow.Overrides{}, nil, time.Now(), statement.Current()...)
	for _, n := range flow.Warnings(f, in) {
		if n.Kind == flow.Unrecorded {
			return func(v say.Voice) string { return v.Tell(n) }
		}
	}
	return func(say.Voice) string { return "" }
}

// printConsent prints the entries each gives (nil: none) as a table,
// aligned consentRows rows at a time; every cell is at least as wide as
// its column's heading, so that the blocks line up as far as they can.
func printConsent(out io.Writer, v say.Voice, each func(func(model.ConsentEntry) error) error) error {
	now := time.Now()
	heads := []string{v.T("cli.consent.column.when"), v.T("cli.consent.column.decision"),
		v.T("cli.consent.column.statement"), v.T("cli.consent.column.lang"), v.T("cli.consent.column.via")}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(heads, "\t"))
	if each == nil {
		return tw.Flush()
	}
	rows := 0
	err := each(func(e model.ConsentEntry) error {
		cells := []string{v.When(e.At, now), decisionWord(v, e.Decision), safe.Text(e.Version) + " " + safe.Text(shortHash(e.SHA256)),
			cmp.Or(safe.Text(e.Lang), "-"), viaAndKey(e)}
		for i, c := range cells[:len(cells)-1] {
			cells[i] = c + strings.Repeat(" ", max(0, utf8.RuneCountInString(heads[i])-utf8.RuneCountInString(c)))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
		if rows++; rows%consentRows == 0 {
			return tw.Flush()
		}
		return nil
	})
	return cmp.Or(err, tw.Flush())
}

// writeConsentJSON writes obj as `ksn consent --json` does, with the
// entries each gives (nil: none) streamed in as "entries", one at a time.
func writeConsentJSON(w io.Writer, obj consentJSON, each func(func(model.ConsentEntry) error) error) error {
	head, err := json.MarshalIndent(obj, "", "  ")
	if err != nil {
		return err
	}
	head = bytes.TrimSuffix(head, []byte("\n}"))
	bw := bufio.NewWriter(w)
	bw.Write(head)
	bw.WriteString(",\n  \"entries\": [")
	sep := "\n    "
	if each != nil {
		err = each(func(e model.ConsentEntry) error {
			line, err := json.MarshalIndent(e, "    ", "  ")
			if err != nil {
				return err
			}
			bw.WriteString(sep)
			sep = ",\n    "
			_, err = bw.Write(line)
			return err
		})
		if err != nil {
			return err
		}
	}
	if sep != "\n    " {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]")
	if obj.Problem != "" {
		p, err := json.Marshal(obj.Problem)
		if err != nil {
			return err
		}
		bw.WriteString(",\n  \"problem\": ")
		bw.Write(p)
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// decisionWord is a recorded decision as the consent table names it: in
// v's words, or as recorded when it is none ksn knows.
func decisionWord(v say.Voice, d model.ConsentDecision) string {
	switch d {
	case model.ConsentAccepted:
		return v.T("cli.consent.decision.accepted")
	case model.ConsentDeclined:
		return v.T("cli.consent.decision.declined")
	case model.ConsentWithdrawn:
		return v.T("cli.consent.decision.withdrawn")
	}
	return safe.Text(string(d))
}

// viaAndKey is where a decision was made, with the key that logged in
// beside it when it was made over `ksn serve` (docs/serve.md).
func viaAndKey(e model.ConsentEntry) string {
	if e.Key == "" {
		return safe.Text(e.Via)
	}
	return safe.Text(e.Via) + " " + safe.Text(e.Key)
}

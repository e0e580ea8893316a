package model

import (
	"errors"
	"slices"
	"strconv"
	"time"
)

// SchemaVersion is the settings.json schema this ksn reads and writes.
const SchemaVersion = 1

// DefaultEndpoint is the KSN service a new installation talks to.
const DefaultEndpoint = "https://dc1.ksn.kaspersky-labs.com"

// DefaultCheckInterval is how often the connection is checked by default.
const DefaultCheckInterval = 5 * time.Minute

// MinCheckInterval is the shortest time between periodic connection
// checks (docs/files.md): a shorter check_interval, a typo such as
// "1ms" for "1m", would send a request every few milliseconds.
const MinCheckInterval = 30 * time.Second

// Interval is check_interval as it is taken: DefaultCheckInterval if it
// is not positive, and at least MinCheckInterval; raised reports that d
// was shorter and MinCheckInterval is taken instead.
func (d Duration) Interval() (taken time.Duration, raised bool) {
	switch v := time.Duration(d); {
	case v <= 0:
		return DefaultCheckInterval, false
	case v < MinCheckInterval:
		return MinCheckInterval, true
	default:
		return v, false
	}
}

// StatementDecision records what the user decided about which statement.
type StatementDecision struct {
	// Decision is none, accepted or declined.
	Decision Decision `json:"decision"`
	// Version is the version string of the statement decided on.
	Version string `json:"version,omitempty"`
	// SHA256 is the hex SHA-256 of the statement Markdown decided on.
	SHA256 string `json:"sha256,omitempty"`
	// Lang is the language of the statement decided on ("en", "ru", "de").
	Lang string `json:"lang,omitempty"`
	// DecidedAt is when the decision was made (UTC, whole seconds).
	DecidedAt time.Time `json:"decided_at,omitzero"`
}

// KSN is the "ksn" object of settings.json.
type KSN struct {
	// Participation is the user's switch. It counts only together with an
	// accepted current statement; see Settings.Participating.
	Participation bool `json:"participation"`
	// Window is the layout of the KSN window.
	Window Window `json:"window"`
	// Endpoint is the base URL of the KSN service.
	Endpoint string `json:"endpoint"`
	// CheckInterval is how often the connection is checked.
	CheckInterval Duration `json:"check_interval"`
	// Statement is the decision about the KSN Statement.
	Statement StatementDecision `json:"statement"`

	// extra holds members this version does not know, as a compact JSON
	// object ("" if none), so that saving keeps them. A string keeps KSN
	// comparable with ==.
	extra string
}

// Settings is the content of settings.json. Settings values are comparable
// with ==.
type Settings struct {
	// Schema is the schema version of the file.
	Schema int `json:"schema"`
	// KSN holds the Kaspersky Security Network settings.
	KSN KSN `json:"ksn"`

	// extra holds unknown top-level members; see KSN.extra.
	extra string
}

// ErrNewerSchema is matched (with errors.Is) by the error a Store returns when
// it refuses to overwrite a settings file written by a newer ksn.
var ErrNewerSchema = errors.New("settings schema is newer than this ksn understands")

// newerSchema is the detailed form of ErrNewerSchema, which it wraps: a
// settings file's (path, "" if none) schema, newer than SchemaVersion.
// ErrNewerSchema's own text is for logs; the problem's code says it.
func newerSchema(path string, schema int) error {
	if path == "" {
		return &Problem{Code: CodeSettingsNewer, Schema: schema, Err: ErrNewerSchema}
	}
	return &Problem{Code: CodeSettingsNewerFile, Path: path, Schema: schema, Err: ErrNewerSchema}
}

// Defaults returns the settings of a new installation: schema 1,
// participation off, the info window, DefaultEndpoint, DefaultCheckInterval
// and no decision about the statement. Defaults never send anything anywhere.
func Defaults() Settings {
	return Settings{
		Schema: SchemaVersion,
		KSN: KSN{
			Participation: false,
			Window:        WindowInfo,
			Endpoint:      DefaultEndpoint,
			CheckInterval: Duration(DefaultCheckInterval),
			Statement:     StatementDecision{Decision: DecisionNone},
		},
	}
}

// Participating reports whether this computer participates in KSN: the
// invariant of the specification. It is true only if participation is on, the
// statement was accepted and the accepted statement is the current one
// (current, the hex SHA-256 of the current statement in each language:
// any of them will do, docs/languages.md). When the statement changes, participation
// counts as off until the user accepts again.
func (s Settings) Participating(current ...string) bool {
	st := s.KSN.Statement
	return s.KSN.Participation &&
		st.Decision == DecisionAccepted &&
		isCurrent(st.SHA256, current)
}

// isCurrent reports whether sha is one of current.
func isCurrent(sha string, current []string) bool {
	return sha != "" && slices.Contains(current, sha)
}

// Declines reports whether s declines a current statement (current, one
// sha256 per language): a decision that recording "declined" again would
// not change.
func (s Settings) Declines(current ...string) bool {
	st := s.KSN.Statement
	return !s.Participating(current...) && st.Decision == DecisionDeclined && isCurrent(st.SHA256, current)
}

// Validate reports the first problem that keeps s from being saved: a schema
// that is not positive or is newer than SchemaVersion (matching
// ErrNewerSchema), an unknown window or decision, an endpoint that is not an
// http(s) URL, a check interval that is not positive, or participation
// switched on without an accepted statement.
func (s Settings) Validate() error {
	if s.Schema < 1 {
		return fieldProblem("schema", gotProblem(CodeJSONPositive, strconv.Itoa(s.Schema)))
	}
	if s.Schema > SchemaVersion {
		return newerSchema("", s.Schema)
	}
	return s.KSN.validate()
}

// validate checks every field of k and the participation invariant.
func (k KSN) validate() error {
	if _, err := ParseWindow(string(k.Window)); err != nil {
		return fieldProblem("ksn.window", err)
	}
	if err := checkEndpoint(k.Endpoint); err != nil {
		return fieldProblem("ksn.endpoint", err)
	}
	if err := checkInterval(k.CheckInterval); err != nil {
		return fieldProblem("ksn.check_interval", err)
	}
	if _, err := parseDecision(string(k.Statement.Decision)); err != nil {
		return fieldProblem("ksn.statement.decision", err)
	}
	if !isCode(k.Statement.Lang, 8) {
		return fieldProblem("ksn.statement.lang", gotProblem(CodeStatementCode, strconv.Quote(k.Statement.Lang)))
	}
	if !isCode(k.Statement.Version, 32) {
		return fieldProblem("ksn.statement.version", gotProblem(CodeStatementCode, strconv.Quote(k.Statement.Version)))
	}
	return k.checkInvariant()
}

// isCode reports whether s is empty or a short code of ASCII letters,
// digits, "." and "-" (a language such as "en", a version such as
// "2026.3"), at most max bytes: what ksn writes there, and what the report
// sends and the metrics show.
func isCode(s string, max int) bool {
	if len(s) > max {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// checkInvariant refuses participation without an accepted statement.
func (k KSN) checkInvariant() error {
	if k.Participation && k.Statement.Decision != DecisionAccepted {
		return gotProblem(CodeSettingsParticipation, strconv.Quote(string(k.Statement.Decision)))
	}
	return nil
}

// checkEndpoint accepts what the connection check can use (see
// ValidateEndpoint). The error never shows a password.
func checkEndpoint(s string) error { return ValidateEndpoint(s) }

// checkInterval accepts a positive duration.
func checkInterval(d Duration) error {
	if d <= 0 {
		return gotProblem(CodeDurationPositive, strconv.Quote(d.String()))
	}
	return nil
}

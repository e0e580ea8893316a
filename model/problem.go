package model

import (
	"strconv"
	"strings"
)

// Code names a problem with a file or a value ksn reads. Its value is the
// ID of the catalog message that says it (lang/catalog/model.*.yaml; the
// endpoint's are the check's, check.*.yaml), so that say can find the
// words; model itself has none.
type Code string

// The codes of the problems model reports.
const (
	// CodeField: Field (a member, e.g. "ksn.window") is wrong; Err says how.
	CodeField Code = "model.field"

	CodeJSONEmpty    Code = "model.json.empty"     // the file is empty
	CodeJSONSyntax   Code = "model.json.syntax"    // Line, Column, Got: the character not expected there
	CodeJSONEnd      Code = "model.json.end"       // Line, Column: the text ends before the JSON does
	CodeJSONSyntaxAt Code = "model.json.syntax_at" // Line, Column (Detail: encoding/json's words, not said)
	CodeJSONInvalid  Code = "model.json.invalid"   // Err, from encoding/json
	CodeJSONObject   Code = "model.json.object"    // Got
	CodeJSONBool     Code = "model.json.bool"      // Got
	CodeJSONString   Code = "model.json.string"    // Got
	CodeJSONInteger  Code = "model.json.integer"   // Got
	CodeJSONPositive Code = "model.json.positive"  // Got
	CodeJSONTime     Code = "model.json.time"      // Got
	CodeJSONDuration Code = "model.json.duration"  // Got
	CodeJSONMissing  Code = "model.json.missing"   // a member that must be there is not

	CodeKeyString   Code = "model.license.key_string"
	CodeKeyEmpty    Code = "model.license.key_empty"
	CodeKeySpaces   Code = "model.license.key_spaces"
	CodeKeyControls Code = "model.license.key_controls"

	CodePolicyUnknownKey    Code = "model.policy.unknown_key"   // Key (quoted), Keys
	CodePolicyEmpty         Code = "model.policy.empty"         // the policy sets nothing
	CodePolicyUnreadable    Code = "model.policy.unreadable"    // Path, Err
	CodePolicyIgnored       Code = "model.policy.ignored"       // Path, Err
	CodePolicyParticipation Code = "model.policy.participation" // SHAs: participation on without the current statement
	CodePolicyLockedOff     Code = "model.policy.locked_off"    // Path, Err: the system policy cannot be trusted

	// The notices of Load (LoadNotice.Code).
	CodeNoticeInvalid Code = "model.notice.invalid" // Path, Err
	CodeNoticeKept    Code = "model.notice.kept"    // Path: the copy
	CodeNoticeNewer   Code = "model.notice.newer"   // Schema

	// The settings (Settings.Validate, Store.Update).
	CodeSettingsParticipation Code = "model.settings.participation" // Got: the decision, quoted
	CodeSettingsNewer         Code = "model.settings.newer"         // Schema; Err is ErrNewerSchema
	CodeSettingsNewerFile     Code = "model.settings.newer_file"    // Path, Schema; Err is ErrNewerSchema
	CodeSettingsRead          Code = "model.settings.read"          // Err
	CodeSettingsNotSaving     Code = "model.settings.not_saving"    // Err: why not valid
	CodeSettingsSave          Code = "model.settings.save"          // Err
	CodeSettingsSaveUndo      Code = "model.settings.save_undo"     // Err; Undo: the entry could not be taken back

	// Values (Got: the value, quoted).
	CodeWindowUnknown    Code = "model.window.unknown"
	CodeDecisionUnknown  Code = "model.decision.unknown"
	CodeDurationInvalid  Code = "model.duration.invalid"
	CodeDurationPositive Code = "model.duration.positive"
	CodeStatementCode    Code = "model.statement.code"
	CodeReportInvalid    Code = "model.report.invalid" // Path, Err
	CodeReportFuture     Code = "model.report.future"

	// consent.jsonl.
	CodeConsentDecision     Code = "model.consent.decision"      // Got
	CodeConsentNoTime       Code = "model.consent.no_time"       // the entry has no time
	CodeConsentVia          Code = "model.consent.via"           // Got
	CodeConsentNotObject    Code = "model.consent.not_object"    // a line is not a JSON object
	CodeConsentNotEntry     Code = "model.consent.not_entry"     // Err, from encoding/json
	CodeConsentLine         Code = "model.consent.line"          // Path, Line, Err
	CodeConsentNotRecording Code = "model.consent.not_recording" // Err: why the entry is not valid
	CodeConsentRecord       Code = "model.consent.record"        // Err
	CodeConsentRead         Code = "model.consent.read"          // Err
	CodeConsentCutFailed    Code = "model.consent.cut_failed"    // Err; Undo: why the partial line stayed
	CodeConsentTornKeep     Code = "model.consent.torn_keep"     // Path, Err
	CodeConsentTornRemove   Code = "model.consent.torn_remove"   // Path, Err
	CodeConsentLongLine     Code = "model.consent.long_line"     // Path, Limit: its last line is longer

	// Files.
	CodeFileWrite      Code = "model.file.write"       // Path, Err
	CodeFileSync       Code = "model.file.sync"        // Path, Err
	CodeFileLock       Code = "model.file.lock"        // Path, Err
	CodeFileNotDir     Code = "model.file.not_dir"     // Path
	CodeFileReplaced   Code = "model.file.replaced"    // Path
	CodeFileCopies     Code = "model.file.copies"      // Path: the file; Copy: the name of its copies
	CodeFileTooLarge   Code = "model.file.too_large"   // Path, Limit
	CodeFileLink       Code = "model.file.link"        // Path; Err is a *LinkError
	CodeFileNotRegular Code = "model.file.not_regular" // Path, Got: its type and permissions, "drwxr-xr-x"; Err is a *NotRegularError

	// StrictModes (CheckStrictModes): Path is the file or directory that
	// is wrong.
	CodeStrictOwnerFile Code = "model.strict.owner_file" // Got: its owner's uid
	CodeStrictOwnerDir  Code = "model.strict.owner_dir"  // Got: its owner's uid
	CodeStrictFileMode  Code = "model.strict.file_mode"  // Got: its mode, e.g. "0666"
	CodeStrictDirMode   Code = "model.strict.dir_mode"   // Got: its mode; ksn's own directory
	CodeStrictSharedDir Code = "model.strict.shared_dir" // Got: its mode; a directory that may be shared
	CodeStrictReplaced  Code = "model.strict.replaced"   // the file changed between its open and the check

	// CodeKeepFailed: settings.json or license.json (Path) is not valid (Invalid) and
	// could not be kept aside (Err).
	CodeKeepFailed Code = "model.keep_failed"

	// The endpoint (ValidateEndpoint): Endpoint, as it may be shown.
	CodeEndpointEmpty     Code = "check.detail.endpoint.empty"
	CodeEndpointControls  Code = "check.detail.endpoint.controls"
	CodeEndpointNotURL    Code = "check.detail.endpoint.not_url"
	CodeEndpointNotHTTPS  Code = "check.detail.endpoint.not_https"
	CodeEndpointNoHost    Code = "check.detail.endpoint.no_host"
	CodeEndpointUser      Code = "check.detail.endpoint.user"
	CodeEndpointQuery     Code = "check.detail.endpoint.query"
	CodeEndpointPlainHTTP Code = "check.detail.endpoint.plain_http"
)

// Problem is an error about a file or a value ksn reads: a code and the
// facts it names, and no words (say.Voice.Problem says it in the reader's
// language). Only the facts its code names are set. Its Error is a compact
// form for logs and tests, the code and the facts, e.g.
//
//	model.field field="activated": model.json.bool got="\"yes\""
//
// What was wrong inside (another Problem, an OS error) is Err, and what
// Unwrap returns, so errors.Is and errors.As see through a Problem.
type Problem struct {
	Code Code
	// Path is the file (a policy, settings.json, a kept copy).
	Path string
	// Field is the member that is wrong, e.g. "ksn.endpoint".
	Field string
	// Key is a key a policy may not set, quoted; Keys are those it may.
	Key  string
	Keys []string
	// Line and Column are where JSON's syntax breaks, 1-based; Detail is
	// encoding/json's own account of it.
	Line, Column int
	Detail       string
	// Got is the value found, as it may be shown (one line, shortened,
	// never a license key).
	Got string
	// Endpoint is the endpoint refused, its password hidden and its
	// controls escaped.
	Endpoint string
	// Schema is a settings file's schema, newer than SchemaVersion.
	Schema int
	// SHAs are the current statement's sha256s (one per language).
	SHAs []string
	// Copy is the name of a file's copies, before their "-N".
	Copy string
	// Limit is the size a file may have, in bytes.
	Limit int64
	// Undo is why a change that failed could not be taken back.
	Undo error
	// Invalid is why settings.json or license.json is not valid (CodeKeepFailed).
	Invalid error
	// Err is what was wrong inside.
	Err error
}

// Error implements error: the code and the facts, for logs and tests.
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(string(p.Code))
	str := func(k, v string) {
		if v != "" {
			b.WriteString(" " + k + "=" + strconv.Quote(v))
		}
	}
	num := func(k string, n int) {
		if n != 0 {
			b.WriteString(" " + k + "=" + strconv.Itoa(n))
		}
	}
	str("path", p.Path)
	str("field", p.Field)
	str("key", p.Key)
	if len(p.Keys) > 0 {
		str("keys", strings.Join(p.Keys, ","))
	}
	num("line", p.Line)
	num("column", p.Column)
	str("detail", p.Detail)
	str("got", p.Got)
	str("endpoint", p.Endpoint)
	num("schema", p.Schema)
	str("copy", p.Copy)
	if p.Limit != 0 {
		b.WriteString(" limit=" + strconv.FormatInt(p.Limit, 10))
	}
	if len(p.SHAs) > 0 {
		str("shas", strings.Join(p.SHAs, ","))
	}
	if p.Invalid != nil {
		b.WriteString(" invalid=(" + p.Invalid.Error() + ")")
	}
	if p.Undo != nil {
		b.WriteString(" undo=(" + p.Undo.Error() + ")")
	}
	if p.Err != nil {
		b.WriteString(": " + p.Err.Error())
	}
	return b.String()
}

// Unwrap is what was wrong inside, if anything.
func (p *Problem) Unwrap() error { return p.Err }

// fieldProblem is the problem of the member field, what was wrong with it
// err.
func fieldProblem(field string, err error) error {
	return &Problem{Code: CodeField, Field: field, Err: err}
}

// gotProblem is the problem code about the value got.
func gotProblem(code Code, got string) error {
	return &Problem{Code: code, Got: got}
}

// pathProblem is the problem code about the file path, what was wrong
// inside err (nil if nothing).
func pathProblem(code Code, path string, err error) error {
	return &Problem{Code: code, Path: path, Err: err}
}

// wrapProblem is the problem code around err, what was wrong inside.
func wrapProblem(code Code, err error) error {
	return &Problem{Code: code, Err: err}
}

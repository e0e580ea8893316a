package say

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"ksn/model"
)

// TestSettingsProblemsInEnglish: what people read about a settings.json
// that is not valid, member by member (model gives codes and facts).
func TestSettingsProblemsInEnglish(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "empty, not a JSON object"},
		{"syntax", "{\n  \"schema\": 1,\n}", "not valid JSON (line 3, column 1): unexpected character “}”"},
		{"not object", `[1]`, "must be a JSON object, got [1]"},
		{"null", `null`, "must be a JSON object, got null"},
		{"schema string", `{"schema":"1"}`, `schema: must be an integer, got "1"`},
		{"schema zero", `{"schema":0}`, "schema: must be a positive integer, got 0"},
		{"ksn not object", `{"ksn":true}`, "ksn: must be a JSON object, got true"},
		{"participation string", `{"ksn":{"participation":"yes"}}`, `ksn.participation: must be true or false, got "yes"`},
		{"participation null", `{"ksn":{"participation":null}}`, `ksn.participation: must be true or false, got null`},
		{"window unknown", `{"ksn":{"window":"big"}}`, `ksn.window: unknown window "big" (want "info" or "statement")`},
		{"window number", `{"ksn":{"window":1}}`, `ksn.window: must be a string, got 1`},
		{"endpoint", `{"ksn":{"endpoint":"ftp://x"}}`, `ksn.endpoint: endpoint "ftp://x" is not an https URL`},
		{"endpoint query", `{"ksn":{"endpoint":"https://h/?a=1"}}`, `ksn.endpoint: endpoint "https://h/?a=1" must not contain a query or fragment`},
		{"endpoint empty", `{"ksn":{"endpoint":""}}`, `ksn.endpoint: endpoint is empty`},
		{"endpoint password", `{"ksn":{"endpoint":"https://u:secret@h"}}`, `ksn.endpoint: endpoint "https://u:xxxxx@h" must not contain a user name or password`},
		{"endpoint http", `{"ksn":{"endpoint":"http://example.com"}}`, `ksn.endpoint: endpoint "http://example.com" is plain http: use https (http is accepted only for 127.0.0.0/8, ::1 and localhost)`},
		{"interval number", `{"ksn":{"check_interval":300}}`, `ksn.check_interval: must be a duration string like "5m", got 300`},
		{"interval bad", `{"ksn":{"check_interval":"soon"}}`, `ksn.check_interval: invalid duration "soon" (want e.g. "5m" or "90s")`},
		{"interval zero", `{"ksn":{"check_interval":"0s"}}`, `ksn.check_interval: must be positive, got "0s"`},
		{"interval negative", `{"ksn":{"check_interval":"-5m"}}`, `ksn.check_interval: must be positive, got "-5m"`},
		{"statement not object", `{"ksn":{"statement":"accepted"}}`, `ksn.statement: must be a JSON object, got "accepted"`},
		{"decision unknown", `{"ksn":{"statement":{"decision":"maybe"}}}`, `ksn.statement.decision: unknown decision "maybe" (want "none", "accepted" or "declined")`},
		{"decided_at", `{"ksn":{"statement":{"decided_at":"yesterday"}}}`, `ksn.statement.decided_at: must be an RFC 3339 time like "2026-11-29T10:00:00Z", got "yesterday"`},
		{"sha number", `{"ksn":{"statement":{"sha256":5}}}`, `ksn.statement.sha256: must be a string, got 5`},
		{"participation without decision", `{"ksn":{"participation":true}}`, `ksn.participation is true but ksn.statement.decision is "none"; participation needs an accepted statement`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse(%s): no error", tt.in)
			}
			if got := (Voice{}).Err(err); got != tt.want {
				t.Errorf("Parse(%s):\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestLicenseProblemsInEnglish: what people read about a license file
// that is not valid; never its key.
func TestLicenseProblemsInEnglish(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not json", `{key}`, "not valid JSON (line 1, column 2): unexpected character “k”"},
		{"empty key", `{"key":"","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key: must not be empty"},
		{"blank key", `{"key":"  ","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key: must not be empty"},
		{"padded key", `{"key":"ABCDE-FGHIJ ","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key: must not begin or end with spaces"},
		{"control key", `{"key":"ABCDE\u0007FGHIJ","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key: must not contain control characters"},
		{"key number", `{"key":12345,"activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key: must be a string"},
		{"missing key", `{"activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key: missing"},
		{"missing expiry", `{"key":"ABCDE-FGHIJ","activated":true}`, "expires_at: missing"},
		{"activated string", `{"key":"ABCDE-FGHIJ","activated":"yes","expires_at":"2027-11-29T00:00:00Z"}`, `activated: must be true or false, got "yes"`},
		{"bad date", `{"key":"ABCDE-FGHIJ","activated":true,"expires_at":"2027-11-29"}`, `expires_at: must be an RFC 3339 time like "2026-11-29T10:00:00Z", got "2027-11-29"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := model.ParseLicense([]byte(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			if got := (Voice{}).Err(err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPolicyProblemsInEnglish: a policy ignored whole, or in part.
func TestPolicyProblemsInEnglish(t *testing.T) {
	dir := writePolicy(t, `{"colour": 1}`)
	_, _, err := model.LoadPolicy([]string{dir})
	path := dir + "/ksn/policy.json"
	want := "policy " + path + ` is ignored: unknown key "colour" (a policy may set participation, window, endpoint, check_interval, statement)`
	if got := (Voice{}).Err(err); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := (Voice{}).PolicyNote(model.Policy{}, err); got != want {
		t.Errorf("PolicyNote = %q", got)
	}
	dir = writePolicy(t, `{}`)
	_, _, err = model.LoadPolicy([]string{dir})
	want = "policy " + dir + `/ksn/policy.json is ignored: sets nothing; remove the file or set one of the keys of settings.json's "ksn" object`
	if got := (Voice{}).Err(err); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	pol := model.Policy{Path: "/etc/xdg/ksn/policy.json", Problem: &model.Problem{Code: model.CodePolicyParticipation, SHAs: []string{"aaa", "bbb"}}}
	want = `policy /etc/xdg/ksn/policy.json: it turns participation on without accepting the current statement ("statement": {"decision": "accepted", "sha256": "aaa" or "bbb"}), so its participation key is ignored`
	if got := (Voice{}).PolicyNote(pol, nil); !strings.HasSuffix(got, want[len("policy /etc/xdg/ksn/policy.json: "):]) {
		t.Errorf("PolicyNote = %q", got)
	}
}

// TestNoticesInEnglish: what Load has to tell, as people read it.
func TestNoticesInEnglish(t *testing.T) {
	invalid := &model.Problem{Code: model.CodeField, Field: "ksn.window", Err: &model.Problem{Code: model.CodeJSONString, Got: "1"}}
	tests := []struct {
		n    model.LoadNotice
		want string
	}{
		{model.LoadNotice{}, ""},
		{model.LoadNotice{Invalid: true, Err: invalid, Code: model.CodeNoticeInvalid, Path: "/c/ksn/settings.json"},
			"/c/ksn/settings.json is not valid (ksn.window: must be a string, got 1); using the defaults and leaving the file as it is (fix or remove it; a decision made in the settings window keeps a copy, settings.json.corrupt-DATE, and starts from the defaults)"},
		{model.LoadNotice{Newer: true, Code: model.CodeNoticeNewer, Schema: 2, Path: "/c/ksn/settings.json"},
			"settings.json has schema 2, newer than this ksn understands (1); it will not be overwritten"},
		{model.LoadNotice{CorruptCopy: "/c/ksn/settings.json.corrupt-X", Code: model.CodeNoticeKept, Path: "/c/ksn/settings.json"},
			"settings.json was not valid; the last change kept it as /c/ksn/settings.json.corrupt-X"},
	}
	for _, tt := range tests {
		if got := (Voice{}).Notice(tt.n); got != tt.want {
			t.Errorf("Notice(%+v)\n got %q\nwant %q", tt.n, got, tt.want)
		}
	}
	// Why the file is not valid is said in the reader's language too
	// (docs/languages.md).
	ru := voice(t, "ru").Notice(tests[1].n)
	if !strings.HasPrefix(ru, "Файл /c/ksn/settings.json содержит ошибки (ksn.window: должно быть строкой, а указано 1); ") {
		t.Errorf("ru: %q", ru)
	}
}

// TestTextSaysProblemsInsideOtherErrors: an error that wraps a problem
// reads as it did when a problem's Error was its English.
func TestTextSaysProblemsInsideOtherErrors(t *testing.T) {
	keep := &model.Problem{Code: model.CodeKeepFailed, Path: "/c/settings.json",
		Invalid: &model.Problem{Code: model.CodeJSONEmpty}, Err: fs.ErrPermission}
	if got, want := (Voice{}).Text(keep), "/c/settings.json is not valid (empty, not a JSON object) and could not be kept aside: permission denied"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	wrapped := &model.Problem{Code: model.CodeSettingsNotSaving,
		Err: &model.Problem{Code: model.CodeField, Field: "ksn.endpoint", Err: &model.Problem{Code: model.CodeEndpointEmpty}}}
	if got, want := (Voice{}).Text(wrapped), "not saving settings: ksn.endpoint: endpoint is empty"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	// Each problem of a chain is said by its own code, in the reader's
	// language; an OS error inside stays as it is.
	save := &model.Problem{Code: model.CodeSettingsSave,
		Err: &model.Problem{Code: model.CodeFileWrite, Path: "/c/settings.json", Err: fs.ErrPermission}}
	if got, want := voice(t, "de").Text(save), "Einstellungen können nicht gespeichert werden: /c/settings.json kann nicht geschrieben werden: permission denied"; got != want {
		t.Errorf("de: got %q\nwant %q", got, want)
	}
	if got, want := voice(t, "ru").Text(&model.Problem{Code: model.CodeField, Field: "ksn.window",
		Err: &model.Problem{Code: model.CodeWindowUnknown, Got: `"zz"`}}), `ksn.window: неизвестное окно "zz" (допустимо "info" или "statement")`; got != want {
		t.Errorf("ru: got %q\nwant %q", got, want)
	}
	if got := (Voice{}).Text(errors.New("plain")); got != "plain" {
		t.Errorf("plain = %q", got)
	}
	if !errors.Is(keep, fs.ErrPermission) {
		t.Error("errors.Is does not see through a problem")
	}
}

// TestStoreProblemsInEnglish: the store's problems read in English as its
// sentences did before they were codes.
func TestStoreProblemsInEnglish(t *testing.T) {
	p := func(c model.Code) *model.Problem { return &model.Problem{Code: c} }
	write := &model.Problem{Code: model.CodeFileWrite, Path: "/s/consent.jsonl", Err: fs.ErrPermission}
	tests := []struct {
		p    *model.Problem
		want string
	}{
		{&model.Problem{Code: model.CodeDecisionUnknown, Got: `"maybe"`}, `unknown decision "maybe" (want "none", "accepted" or "declined")`},
		{&model.Problem{Code: model.CodeDurationInvalid, Got: `"soon"`}, `invalid duration "soon" (want e.g. "5m" or "90s")`},
		{&model.Problem{Code: model.CodeDurationPositive, Got: `"0s"`}, `must be positive, got "0s"`},
		{&model.Problem{Code: model.CodeConsentVia, Got: `"x"`}, `unknown consent source "x" (want "tui", "cli", "setup" or "ssh:<user>")`},
		{&model.Problem{Code: model.CodeConsentDecision, Got: `"x"`}, `unknown consent decision "x" (want "accepted", "declined" or "withdrawn")`},
		{&model.Problem{Code: model.CodeConsentNotRecording, Err: p(model.CodeConsentNoTime)}, "not recording consent: consent entry has no time"},
		{&model.Problem{Code: model.CodeConsentLine, Path: "/s/c", Line: 2, Err: p(model.CodeConsentNotObject)}, "/s/c: line 2: not a JSON object"},
		{&model.Problem{Code: model.CodeConsentCutFailed, Undo: fs.ErrClosed, Err: &model.Problem{Code: model.CodeConsentRecord, Err: write}},
			"record consent: write /s/consent.jsonl: permission denied (and the partial line could not be removed: file already closed)"},
		{&model.Problem{Code: model.CodeSettingsSaveUndo, Undo: fs.ErrClosed, Err: write},
			"save settings: write /s/consent.jsonl: permission denied (and the consent entry just recorded could not be taken back: file already closed)"},
		{&model.Problem{Code: model.CodeSettingsParticipation, Got: `"none"`}, `ksn.participation is true but ksn.statement.decision is "none"; participation needs an accepted statement`},
		{&model.Problem{Code: model.CodeSettingsNewerFile, Path: "/c/s.json", Schema: 9}, "/c/s.json: schema 9 is newer than this ksn understands (1); not overwriting it"},
		{&model.Problem{Code: model.CodeFileCopies, Path: "/c/s.json", Copy: "/c/s.json.corrupt-X"}, "keep a copy of /c/s.json: too many copies named /c/s.json.corrupt-X-N"},
		{&model.Problem{Code: model.CodeFileTooLarge, Path: "/d/cache", Limit: 1 << 20}, "/d/cache is larger than 1048576\u00a0bytes"},
		{&model.Problem{Code: model.CodeFileNotRegular, Path: "/c/s.json", Got: "prw-r--r--"}, "/c/s.json is not a regular file (prw-r--r--); ksn reads and writes only regular files there"},
		// a message that names its file says it once, not again with the
		// system's error on the same file
		{&model.Problem{Code: "serve.keys.unreadable", Path: "/c/keys", Err: &fs.PathError{Op: "open", Path: "/c/keys", Err: fs.ErrNotExist}},
			"authorized keys /c/keys: no such file or directory (add the public keys allowed to log in, one per line, as in ~/.ssh/authorized_keys)"},
		{&model.Problem{Code: "serve.keys.unreadable", Path: "/c/keys", Err: &fs.PathError{Op: "open", Path: "/c/other", Err: fs.ErrNotExist}},
			"authorized keys /c/keys: /c/other: no such file or directory (add the public keys allowed to log in, one per line, as in ~/.ssh/authorized_keys)"},
	}
	for _, tt := range tests {
		if got := (Voice{}).Text(tt.p); got != tt.want {
			t.Errorf("%s\n got %q\nwant %q", tt.p.Code, got, tt.want)
		}
	}
}

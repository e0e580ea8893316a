package model

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	t.Parallel()
	d := Defaults()
	if d.Schema != 1 || d.KSN.Participation || d.KSN.Window != WindowInfo ||
		d.KSN.Endpoint != DefaultEndpoint || d.KSN.CheckInterval != Duration(5*time.Minute) ||
		d.KSN.Statement.Decision != DecisionNone {
		t.Fatalf("Defaults() = %+v", d)
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("Defaults().Validate() = %v", err)
	}
	if d.Participating(shaV1) {
		t.Fatal("defaults participate")
	}
}

func TestParseMissingFieldsTakeDefaults(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`{}`, `{"schema":1}`, `{"ksn":{}}`, `{"ksn":{"statement":{}}}`} {
		got, err := Parse([]byte(in))
		if err != nil {
			t.Fatalf("Parse(%s): %v", in, err)
		}
		if got != Defaults() {
			t.Errorf("Parse(%s) = %+v, want defaults", in, got)
		}
	}
}

func TestParseSpecExample(t *testing.T) {
	t.Parallel()
	in := `{
  "schema": 1,
  "ksn": {
    "participation": true,
    "window": "statement",
    "endpoint": "https://dc1.ksn.kaspersky-labs.com",
    "check_interval": "90s",
    "statement": {
      "decision": "accepted",
      "version": "2026.1",
      "sha256": "` + shaV1 + `",
      "decided_at": "2026-11-29T10:00:00Z"
    }
  }
}`
	s, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := StatementDecision{Decision: DecisionAccepted, Version: "2026.1", SHA256: shaV1, DecidedAt: testTime}
	if !s.KSN.Participation || s.KSN.Window != WindowStatement || s.KSN.CheckInterval != Duration(90*time.Second) ||
		s.KSN.Statement != want {
		t.Fatalf("Parse = %+v", s)
	}
	if !s.Participating(shaV1) {
		t.Fatal("not participating with the accepted current statement")
	}
}

// TestParseErrors: what is wrong is a code and facts, the member named
// (say's tests check the words people read).
func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		field    string // the member named, "" for none
		code     Code   // the problem with it, "" for an error of its own
		got      string // the value quoted, "" for none
	}{
		{"empty", ``, "", CodeJSONEmpty, ""},
		{"syntax", "{\n  \"schema\": 1,\n}", "", CodeJSONSyntax, "}"},
		{"cut short", "{\"schema\": 1", "", CodeJSONEnd, ""},
		{"not object", `[1]`, "", CodeJSONObject, "[1]"},
		{"null", `null`, "", CodeJSONObject, "null"},
		{"schema string", `{"schema":"1"}`, "schema", CodeJSONInteger, `"1"`},
		{"schema zero", `{"schema":0}`, "schema", CodeJSONPositive, "0"},
		{"ksn not object", `{"ksn":true}`, "ksn", CodeJSONObject, "true"},
		{"participation string", `{"ksn":{"participation":"yes"}}`, "ksn.participation", CodeJSONBool, `"yes"`},
		{"participation null", `{"ksn":{"participation":null}}`, "ksn.participation", CodeJSONBool, "null"},
		{"window unknown", `{"ksn":{"window":"big"}}`, "ksn.window", CodeWindowUnknown, `"big"`},
		{"window number", `{"ksn":{"window":1}}`, "ksn.window", CodeJSONString, "1"},
		{"endpoint", `{"ksn":{"endpoint":"ftp://x"}}`, "ksn.endpoint", CodeEndpointNotHTTPS, ""},
		{"endpoint query", `{"ksn":{"endpoint":"https://h/?a=1"}}`, "ksn.endpoint", CodeEndpointQuery, ""},
		{"endpoint empty", `{"ksn":{"endpoint":""}}`, "ksn.endpoint", CodeEndpointEmpty, ""},
		{"interval number", `{"ksn":{"check_interval":300}}`, "ksn.check_interval", CodeJSONDuration, "300"},
		{"interval bad", `{"ksn":{"check_interval":"soon"}}`, "ksn.check_interval", CodeDurationInvalid, `"soon"`},
		{"interval zero", `{"ksn":{"check_interval":"0s"}}`, "ksn.check_interval", CodeDurationPositive, `"0s"`},
		{"statement lang with controls", `{"ksn":{"statement":{"decision":"accepted","lang":"e\"n\u001b[2J"}}}`, "ksn.statement.lang", CodeStatementCode, `"e\"n\x1b[2J"`},
		{"statement version too long", `{"ksn":{"statement":{"version":"` + strings.Repeat("9", 33) + `"}}}`, "ksn.statement.version", CodeStatementCode, strconv.Quote(strings.Repeat("9", 33))},
		{"interval negative", `{"ksn":{"check_interval":"-5m"}}`, "ksn.check_interval", CodeDurationPositive, `"-5m"`},
		{"statement not object", `{"ksn":{"statement":"accepted"}}`, "ksn.statement", CodeJSONObject, `"accepted"`},
		{"decision unknown", `{"ksn":{"statement":{"decision":"maybe"}}}`, "ksn.statement.decision", CodeDecisionUnknown, `"maybe"`},
		{"decided_at", `{"ksn":{"statement":{"decided_at":"yesterday"}}}`, "ksn.statement.decided_at", CodeJSONTime, `"yesterday"`},
		{"sha number", `{"ksn":{"statement":{"sha256":5}}}`, "ksn.statement.sha256", CodeJSONString, "5"},
		{"participation without decision", `{"ksn":{"participation":true}}`, "", CodeSettingsParticipation, `"none"`},
		{"participation declined", `{"ksn":{"participation":true,"statement":{"decision":"declined"}}}`, "", CodeSettingsParticipation, `"declined"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse(%s): no error", tt.in)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
			var p *Problem
			isProblem := errors.As(err, &p)
			if tt.field != "" {
				if !isProblem || p.Code != CodeField || p.Field != tt.field || p.Err == nil {
					t.Fatalf("Parse(%s) = %v, want a problem with %s", tt.in, err, tt.field)
				}
				inner := p.Err
				p = nil
				isProblem = errors.As(inner, &p)
			}
			switch {
			case tt.code == "" && isProblem:
				t.Fatalf("Parse(%s) = %v, want an error of its own inside", tt.in, err)
			case tt.code != "" && (!isProblem || p.Code != tt.code || p.Got != tt.got):
				t.Fatalf("Parse(%s) = %v, want %s got=%s", tt.in, err, tt.code, tt.got)
			}
		})
	}
	var p *Problem
	_, err := Parse([]byte("{\n  \"schema\": 1,\n}"))
	if !errors.As(err, &p) || p.Code != CodeJSONSyntax || p.Line != 3 || p.Column != 1 || p.Got != "}" {
		t.Errorf("syntax error = %#v", p)
	}
}

func TestParseNewerSchemaIsLenient(t *testing.T) {
	t.Parallel()
	in := `{"schema":2,"ksn":{"participation":true,"window":"statement","check_interval":42,
		"statement":{"decision":"maybe"},"future":{"x":1}},"policy":"new"}`
	s, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if s.Schema != 2 || s.KSN.Window != WindowStatement || s.KSN.CheckInterval != Duration(DefaultCheckInterval) {
		t.Fatalf("Parse = %+v", s)
	}
	if s.KSN.Participation {
		t.Fatal("participation on without an understood accepted statement")
	}
	if err := s.Validate(); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("Validate = %v, want ErrNewerSchema", err)
	}
}

func TestUnknownKeysRoundTrip(t *testing.T) {
	t.Parallel()
	in := `{"schema":1,"zeta":[1,2],"alpha":{"b":"<&>"},"ksn":{"window":"info","managed_by":"x","endpoint":"https://h/a&b"}}`
	s, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := encodeFile(s)
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{`"alpha": {`, `"b": "<&>"`, `"zeta": [`, `"managed_by": "x"`, `"https://h/a&b"`} {
		if !strings.Contains(text, want) {
			t.Errorf("encoded file lacks %s:\n%s", want, text)
		}
	}
	if strings.Index(text, `"schema"`) > strings.Index(text, `"ksn"`) || strings.Index(text, `"ksn"`) > strings.Index(text, `"alpha"`) {
		t.Errorf("member order: known members first, then unknown ones sorted:\n%s", text)
	}
	again, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if again != s {
		t.Fatalf("round trip changed settings:\n%+v\n%+v", s, again)
	}
	// encoding/json goes through the same rules.
	var viaJSON Settings
	if err := json.Unmarshal(out, &viaJSON); err != nil || viaJSON != s {
		t.Fatalf("json.Unmarshal = %+v, %v", viaJSON, err)
	}
}

func TestDefaultsFileShape(t *testing.T) {
	t.Parallel()
	out, err := encodeFile(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "schema": 1,
  "ksn": {
    "participation": false,
    "window": "info",
    "endpoint": "https://dc1.ksn.kaspersky-labs.com",
    "check_interval": "5m",
    "statement": {
      "decision": "none"
    }
  }
}
`
	if string(out) != want {
		t.Fatalf("defaults encode as\n%s\nwant\n%s", out, want)
	}
}

func TestParticipatingInvariant(t *testing.T) {
	t.Parallel()
	accepted, _ := Defaults().Accept(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "tui")
	declined, _ := accepted.Decline(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "tui")
	withdrawn, _ := accepted.Withdraw(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "tui")
	forced := Defaults()
	forced.KSN.Participation = true // breaks the invariant shape
	tests := []struct {
		name string
		s    Settings
		sha  string
		want bool
	}{
		{"accepted current", accepted, shaV1, true},
		{"accepted, statement changed", accepted, shaV2, false},
		{"accepted, no current sha", accepted, "", false},
		{"declined", declined, shaV1, false},
		{"withdrawn", withdrawn, shaV1, false},
		{"none", Defaults(), shaV1, false},
		{"participation without decision", forced, shaV1, false},
	}
	for _, tt := range tests {
		if got := tt.s.Participating(tt.sha); got != tt.want {
			t.Errorf("%s: Participating = %v, want %v", tt.name, got, tt.want)
		}
	}
	if err := forced.Validate(); err == nil {
		t.Error("Validate accepts participation without an accepted statement")
	}
}

func TestDecisions(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 29, 11, 0, 0, 123, time.FixedZone("CET", 3600))
	s, e := Defaults().Accept(Statement{Version: "2026.1", SHA256: shaV1}, at, "ssh:alice")
	wantAt := testTime
	if !s.KSN.Participation || s.KSN.Statement != (StatementDecision{Decision: DecisionAccepted, Version: "2026.1", SHA256: shaV1, DecidedAt: wantAt}) {
		t.Fatalf("Accept settings = %+v", s.KSN)
	}
	if e != (ConsentEntry{At: wantAt, Decision: ConsentAccepted, Version: "2026.1", SHA256: shaV1, Via: "ssh:alice"}) {
		t.Fatalf("Accept entry = %+v", e)
	}
	w, e := s.Withdraw(Statement{Version: "2026.1", SHA256: shaV1}, at, "cli")
	if w.KSN.Participation || w.KSN.Statement != s.KSN.Statement || e.Decision != ConsentWithdrawn {
		t.Fatalf("Withdraw = %+v, %+v", w.KSN, e)
	}
	d, e := s.Decline(Statement{Version: "2026.1", SHA256: shaV1}, at, "tui")
	if d.KSN.Participation || d.KSN.Statement.Decision != DecisionDeclined || e.Decision != ConsentDeclined {
		t.Fatalf("Decline = %+v, %+v", d.KSN, e)
	}
	if !s.KSN.Participation {
		t.Fatal("decisions changed their receiver")
	}
}

func TestParseWindow(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{"info", "statement"} {
		if w, err := ParseWindow(ok); err != nil || string(w) != ok {
			t.Errorf("ParseWindow(%q) = %q, %v", ok, w, err)
		}
	}
	_, err := ParseWindow("Info")
	if p, ok := err.(*Problem); !ok || p.Code != CodeWindowUnknown || p.Got != `"Info"` {
		t.Errorf("ParseWindow(Info) error = %v", err)
	}
}

func TestDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		5 * time.Minute:                  "5m",
		time.Hour:                        "1h",
		90 * time.Minute:                 "1h30m",
		90 * time.Second:                 "1m30s",
		500 * time.Millisecond:           "500ms",
		0:                                "0s",
		time.Hour + 30*time.Second:       "1h0m30s",
		2*time.Hour + 3*time.Millisecond: "2h0m0.003s",
	} {
		if got := Duration(d).String(); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
		var back Duration
		if err := back.UnmarshalText([]byte(Duration(d).String())); err != nil || back != Duration(d) {
			t.Errorf("round trip of %v = %v, %v", d, back, err)
		}
	}
	var d Duration
	if err := json.Unmarshal([]byte(`"abc"`), &d); !isGotProblem(err, CodeDurationInvalid, `"abc"`) {
		t.Errorf("bad duration error = %v", err)
	}
	b, _ := json.Marshal(Duration(5 * time.Minute))
	if string(b) != `"5m"` {
		t.Errorf("json = %s", b)
	}
}

// TestWithdrawNamesTheStatementAccepted withdraws a consent given to one
// language's statement from a reader of another: the line names the text
// that was accepted, not the one the withdrawing reader sees.
func TestWithdrawNamesTheStatementAccepted(t *testing.T) {
	t.Parallel()
	ru := Statement{Version: "2026.2", SHA256: strings.Repeat("a", 64), Lang: "ru"}
	de := Statement{Version: "2026.2", SHA256: strings.Repeat("b", 64), Lang: "de"}
	s, _ := Defaults().Accept(ru, testTime, "ssh:alice")
	s, e := s.Withdraw(de, testTime, "ssh:bob")
	if e.SHA256 != ru.SHA256 || e.Lang != "ru" || e.Via != "ssh:bob" || s.KSN.Participation {
		t.Errorf("withdrawal %+v, participation %v; want the Russian text, by bob, off", e, s.KSN.Participation)
	}
	if _, e := Defaults().Withdraw(de, testTime, "cli"); e.SHA256 != de.SHA256 || e.Lang != "de" {
		t.Errorf("withdrawal without an acceptance %+v; want the reader's statement", e)
	}
}

// TestStatementLangRoundTrips keeps the statement's language through a
// save and a load of settings.json.
func TestStatementLangRoundTrips(t *testing.T) {
	t.Parallel()
	st := NewStore(testPaths(t))
	if _, err := st.Update(func(s *Settings) (*ConsentEntry, error) {
		var e ConsentEntry
		*s, e = s.Accept(Statement{Version: "2026.2", SHA256: shaV1, Lang: "de"}, testTime, "tui")
		return &e, nil
	}); err != nil {
		t.Fatal(err)
	}
	s, _, err := st.Load()
	if err != nil || s.KSN.Statement.Lang != "de" {
		t.Fatalf("loaded statement %+v, %v; want lang de", s.KSN.Statement, err)
	}
}

// isGotProblem reports whether err is a problem with code about got.
func isGotProblem(err error, code Code, got string) bool {
	p, ok := err.(*Problem)
	return ok && p.Code == code && p.Got == got
}

// TestSyntaxCutShort: a text cut short ends too early wherever it is cut
// (in a literal, before a line break, after white space), said at its last
// character; a character that is wrong is still named (docs/files.md).
func TestSyntaxCutShort(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in        string
		code      Code
		line, col int
		got       string
	}{
		{`{"participation": tru`, CodeJSONEnd, 1, 21, ""},
		{"{\"participation\": tru\n", CodeJSONEnd, 1, 21, ""},
		{"{\"participation\": tru \r\n\n", CodeJSONEnd, 1, 21, ""},
		{"{\n  \"ksn\": {\"participation\": true\n\n", CodeJSONEnd, 2, 31, ""},
		{"{\"a\": 1,}", CodeJSONSyntax, 1, 9, "}"},
		{`{"a": tru }`, CodeJSONSyntax, 1, 10, " "},
		{"{\"a\": x\n", CodeJSONSyntax, 1, 7, "x"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		var p *Problem
		if !errors.As(err, &p) || p.Code != tt.code || p.Line != tt.line || p.Column != tt.col || p.Got != tt.got {
			t.Errorf("Parse(%q) = %#v, want %s at %d:%d got %q", tt.in, err, tt.code, tt.line, tt.col, tt.got)
		}
	}
}

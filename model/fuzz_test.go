package model

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Run a target for a while with, for example:
//
//	go test -run='^$' -fuzz='^FuzzParse$' -fuzztime=10s ./model
//
// Without -fuzz each target runs once over its seeds, as a unit test.

// settingsSeeds are settings files worth starting from.
var settingsSeeds = []string{
	``,
	`{}`,
	`null`,
	`[]`,
	`"x"`,
	`{"schema":1}`,
	`{"schema":1,"ksn":{"participation":true,"window":"statement","endpoint":"https://dc1.ksn.kaspersky-labs.com","check_interval":"5m","statement":{"decision":"accepted","version":"2026.1","sha256":"` + shaV1 + `","decided_at":"2026-11-29T10:00:00Z"}}}`,
	`{"schema":1,"ksn":{"participation":true,"statement":{"decision":"accepted","sha256":"` + shaV2 + `"}}}`, // a stale statement
	`{"schema":1,"ksn":{"participation":true,"statement":{"decision":"declined","sha256":"` + shaV1 + `"}}}`, // invariant broken
	`{"schema":1,"ksn":{"participation":true}}`,                                                                // on without a decision
	`{"schema":2,"ksn":{"participation":true,"window":"huge","statement":{"decision":"maybe"}},"new":[1,2,3]}`, // newer schema
	`{"schema":99999999999999999999}`,
	`{"schema":-1}`,
	`{"schema":1.0}`,
	`{"schema":1,"schema":2}`,
	`{"ksn":{"participation":"true"}}`,
	`{"ksn":{"participation":[` + "\n" + `true]}}`,
	`{"ksn":{"check_interval":"-5m"}}`,
	`{"ksn":{"check_interval":"9999999999999h"}}`,
	`{"ksn":{"endpoint":"ftp://x"}}`,
	`{"ksn":{"endpoint":"https://user:secret@x"}}`,
	`{"ksn":{"endpoint":"https://user:secret@x/%zz"}}`,
	`{"ksn":{"statement":{"decided_at":"2026-11-29T10:00:00+14:00"}}}`,
	`{"ksn":{"statement":{"decided_at":"yesterday"}}}`,
	`{"ksn":{"extra":{"deep":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]},"window":"info"},"theme":"dark"}`,
	"\ufeff{}",
	`{"ksn":{"window":"\u0000"}}`,
	"{\"ksn\":{\"version\":\"\xff\xfe\"}}",
	`{"schema": 1, "ksn": {`,
}

// FuzzParse checks model.Parse on any input: no panic; a refusal is one
// clear line; what is accepted is valid, keeps the invariant (docs/files.md)
// (participation on only with the accepted statement it names) and saves
// to a file that reads back the same.
func FuzzParse(f *testing.F) {
	for _, s := range settingsSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			checkMessage(t, err)
			if bytes.Contains(data, []byte(":secret@")) && strings.Contains(err.Error(), "secret") {
				t.Errorf("the error shows a password: %v", err)
			}
			if s != (Settings{}) {
				t.Errorf("Parse returned %+v with an error", s)
			}
			return
		}
		checkInvariant(t, s)
		if s.Schema > SchemaVersion {
			if err := s.Validate(); !errors.Is(err, ErrNewerSchema) {
				t.Errorf("newer schema %d validates: %v", s.Schema, err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("Parse accepted what Validate refuses: %v", err)
		}
		enc, err := encodeFile(s)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		back, err := Parse(enc)
		if err != nil {
			t.Fatalf("a saved file does not parse: %v\n%s", err, enc)
		}
		if again, _ := encodeFile(back); !bytes.Equal(again, enc) {
			t.Fatalf("saving is not stable:\n%s\n%s", enc, again)
		}
	})
}

// checkInvariant fails unless participation in s counts only with an
// accepted statement, and only for that statement's hash.
func checkInvariant(t *testing.T, s Settings) {
	t.Helper()
	st := s.KSN.Statement
	if s.KSN.Participation && st.Decision != DecisionAccepted {
		t.Errorf("participation on with decision %q", st.Decision)
	}
	for _, sha := range []string{shaV1, shaV2, st.SHA256, ""} {
		want := s.KSN.Participation && st.Decision == DecisionAccepted && sha != "" && sha == st.SHA256
		if got := s.Participating(sha); got != want {
			t.Errorf("Participating(%q) = %v with %+v", sha, got, s.KSN)
		}
	}
}

// checkMessage fails unless err is a message fit for the user: one line,
// not empty, valid UTF-8.
func checkMessage(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if strings.TrimSpace(msg) == "" || strings.ContainsAny(msg, "\r\n") || !utf8.ValidString(msg) {
		t.Errorf("message not one clear line: %q", msg)
	}
}

// FuzzParseLicense checks ParseLicense on any input: no panic, a refusal is
// one clear line, and what is accepted never shows more of the key than
// its suffix, whichever way it is printed or logged.
func FuzzParseLicense(f *testing.F) {
	for _, s := range []string{
		specLicense,
		`{}`,
		``,
		`{"key":"","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`,
		`{"key":" ABCDE ","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`,
		`{"key":"AB\u0007CD","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`,
		`{"key":"ABCDE-FGHIJ-KLMNO-PQRST","activated":"yes","expires_at":"2027-11-29T00:00:00Z"}`,
		`{"key":"ABCDE-FGHIJ-KLMNO-PQRST","activated":true,"expires_at":"2027-11-29"}`,
		`{"key":"ABCDE-FGHIJ-KLMNO-PQRST","activated":true}`,
		`{"key":12345,"activated":true,"expires_at":"2027-11-29T00:00:00Z"}`,
		`{"key":"é","activated":false,"expires_at":"0001-01-01T00:00:00Z","more":{}}`,
		`{"key":"ABCDE-FGHIJ-KLMNO-PQRST","activated":true,"expires_at":"2027-11-29T00:00:00Z"} trailing`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseLicense(data)
		if err != nil {
			checkMessage(t, err)
			return
		}
		if err := checkKey(l.Key); err != nil {
			t.Fatalf("accepted a key that checkKey refuses: %v", err)
		}
		// Every printed form depends on the suffix only: the same with
		// the rest of the key replaced.
		r := []rune(l.Key)
		other := l
		other.Key = strings.Repeat("#", len(r)-len([]rune(l.KeySuffix()))) + l.KeySuffix()
		if other.KeySuffix() != l.KeySuffix() {
			t.Fatalf("suffix %q of %q changed", other.KeySuffix(), l.KeySuffix())
		}
		if len(r) >= 2 && l.KeySuffix() == l.Key {
			t.Errorf("the whole key %q is its suffix", l.Key)
		}
		for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%10.3v"} {
			if a, b := fmt.Sprintf(format, l), fmt.Sprintf(format, other); a != b {
				t.Errorf("%s shows more than the suffix: %q vs %q", format, a, b)
			}
		}
		var a, b bytes.Buffer
		slog.New(slog.NewJSONHandler(&a, nil)).Info("x", "license", l)
		slog.New(slog.NewJSONHandler(&b, nil)).Info("x", "license", other)
		if strip := func(s string) string { return s[strings.Index(s, `"msg"`):] }; strip(a.String()) != strip(b.String()) {
			t.Errorf("the log shows more than the suffix:\n%s\n%s", a.String(), b.String())
		}
	})
}

// consentSeeds adds to f consent histories worth starting from: whole
// ones written by a Store, and torn, tampered and foreign ones.
func consentSeeds(f *testing.F) {
	st := NewStore(Paths{StateDir: f.TempDir(), ConfigDir: f.TempDir()})
	var whole []byte
	for _, d := range []ConsentDecision{ConsentAccepted, ConsentWithdrawn, ConsentAccepted} {
		if _, err := st.appendConsent(ConsentEntry{At: testTime, Decision: d, Version: "2026.1", SHA256: shaV1, Via: "tui"}); err != nil {
			f.Fatal(err)
		}
		whole, _ = os.ReadFile(st.paths.ConsentFile())
		f.Add(bytes.Clone(whole))
	}
	lines := bytes.SplitAfter(whole, []byte("\n"))
	f.Add(append(bytes.Clone(whole), lines[0][:20]...))                     // torn last line
	f.Add(bytes.TrimSuffix(whole, []byte("\n")))                            // last newline missing
	f.Add(bytes.Join([][]byte{lines[0], lines[2], lines[1]}, nil))          // reordered
	f.Add(bytes.Replace(whole, []byte("withdrawn"), []byte("accepted"), 1)) // tampered
	f.Add(bytes.Repeat(lines[1], 40))                                       // longer than one read
	for _, s := range []string{"", "\n", "\n\n", "{", "{}\n", "null\n", `{"decision":"maybe"}`, "x\ny", "\xff\n{\"prev\":\"\"}\n"} {
		f.Add([]byte(s))
	}
}

// FuzzConsentHistory checks the reading and verifying of consent.jsonl on
// any content, in memory: no panic; the first bad line is a line of the
// file; an intact chain means every line is an entry; a torn last line is
// told apart from whole lines; and the end of the file as an append reads
// it (backwards, in chunks) agrees with the whole file.
func FuzzConsentHistory(f *testing.F) {
	consentSeeds(f)
	path := filepath.Join(f.TempDir(), consentName) // one per worker process
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, bad := verifyChain(data)
		lines := splitConsent(data)
		if bad < 0 || bad > len(lines) || len(entries) > len(lines) {
			t.Fatalf("bad line %d, %d entries of %d lines", bad, len(entries), len(lines))
		}
		if bad == 0 && len(entries) != len(lines) {
			t.Fatalf("intact chain with %d entries in %d lines", len(entries), len(lines))
		}
		kept, torn := cutTorn(data)
		if !bytes.Equal(append(bytes.Clone(kept), torn...), data) || bytes.ContainsRune(torn, '\n') || (torn != nil && !isTorn(torn)) {
			t.Fatalf("cutTorn(%q) = %q, %q", data, kept, torn)
		}

		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		tail, err := readTail(fh)
		if err != nil {
			t.Fatal(err)
		}
		nl := bytes.LastIndexByte(data, '\n')
		wantFrag := data[nl+1:]
		if tail.size != int64(len(data)) || !bytes.Equal(tail.frag, wantFrag) || (len(wantFrag) == 0) != (tail.frag == nil) {
			t.Fatalf("tail %+v of %q", tail, data)
		}
		if nl >= 0 {
			wantLast := data[bytes.LastIndexByte(data[:nl], '\n')+1 : nl]
			if !bytes.Equal(tail.last, wantLast) || tail.last == nil {
				t.Fatalf("last line %q, want %q", tail.last, wantLast)
			}
		} else if tail.last != nil {
			t.Fatalf("last line %q in a file without a newline", tail.last)
		}
		// The prev of the next line is the hash of the last line the
		// readers see.
		if torn == nil {
			prev, _ := tail.prev()
			want := ""
			if len(lines) > 0 {
				want = sha256Hex(lines[len(lines)-1].raw)
			}
			if prev != want {
				t.Fatalf("prev %q, want %q", prev, want)
			}
		}
	})
}

// FuzzConsentAppend writes any consent.jsonl, starts ksn on it (Load) with
// participation on in settings.json, and records a withdrawal: no panic; a
// refusal recorded last keeps participation off; the append keeps every
// whole line byte for byte, cuts only a torn last line (kept aside), chains
// to the last line and changes nothing about the verdict on the lines
// before it. It does real file I/O with fsync, so it is slow.
func FuzzConsentAppend(f *testing.F) {
	consentSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, bad := verifyChain(data)
		lines := splitConsent(data)
		kept, torn := cutTorn(data)

		p := Paths{ConfigDir: t.TempDir(), StateDir: t.TempDir()}
		s := NewStore(p)
		s.now = func() time.Time { return testTime }
		if err := os.WriteFile(p.ConsentFile(), data, 0o600); err != nil {
			t.Fatal(err)
		}
		on, _ := Defaults().Accept(Statement{Version: "2026.1", SHA256: shaV1}, testTime, "tui")
		enc, _ := encodeFile(on)
		if err := os.WriteFile(p.SettingsFile(), enc, 0o600); err != nil {
			t.Fatal(err)
		}
		loaded, _, err := s.Load()
		if err != nil {
			t.Fatal(err)
		}
		if n := len(lines); n > 0 && loaded.KSN.Participation {
			if last := lines[n-1]; last.err == nil && !last.entry.At.Before(testTime) &&
				(last.entry.Decision == ConsentWithdrawn || last.entry.Decision == ConsentDeclined) {
				t.Errorf("participating after a recorded %s", last.entry.Decision)
			}
		}
		if after, _ := os.ReadFile(p.ConsentFile()); !bytes.Equal(after, data) {
			t.Fatalf("Load changed consent.jsonl:\n%q\n%q", data, after)
		}
		if _, err := s.appendConsent(ConsentEntry{At: testTime, Decision: ConsentWithdrawn, Version: "v", SHA256: shaV1, Via: "cli"}); err != nil {
			t.Fatal(err)
		}
		if torn != nil { // the append moved it aside first
			copies, _ := filepath.Glob(p.ConsentFile() + tornSuffix + "*")
			if len(copies) != 1 {
				t.Fatalf("copies of the torn line: %v", copies)
			}
			if b, _ := os.ReadFile(copies[0]); !bytes.Equal(b, torn) {
				t.Fatalf("copy holds %q, want %q", b, torn)
			}
		}
		after, _ := os.ReadFile(p.ConsentFile())
		if !bytes.HasPrefix(after, kept) {
			t.Fatalf("the append changed earlier bytes:\n%q\n%q", data, after)
		}
		newLines := splitConsent(after)
		if len(newLines) != len(lines)+1 {
			t.Fatalf("%d lines after an append to %d", len(newLines), len(lines))
		}
		last := newLines[len(newLines)-1]
		want := ""
		if len(lines) > 0 {
			want = sha256Hex(lines[len(lines)-1].raw)
		}
		if last.err != nil || last.entry.Prev != want || after[len(after)-1] != '\n' {
			t.Fatalf("appended line %q: prev %q, want %q (%v)", last.raw, last.entry.Prev, want, last.err)
		}
		if _, badAfter := verifyChain(after); badAfter != bad {
			t.Fatalf("first bad line %d after an append, %d before", badAfter, bad)
		}
		if s, _, _ := NewStore(p).Load(); s.KSN.Participation {
			t.Error("participating after an appended withdrawal")
		}
	})
}

// FuzzStoreLoad writes any settings.json and starts ksn on it (Load), then
// saves (Update): no panic; Load changes nothing; a file that is not valid
// gives the defaults and is kept aside whole by the save; participation
// counts only if the file itself accepted the current statement; a newer
// schema is never overwritten.
func FuzzStoreLoad(f *testing.F) {
	for _, s := range settingsSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Paths{ConfigDir: t.TempDir(), StateDir: t.TempDir()}
		st := NewStore(p)
		if err := os.WriteFile(p.SettingsFile(), data, 0o600); err != nil {
			t.Fatal(err)
		}
		parsed, perr := Parse(data)
		s, notice, err := st.Load()
		if err != nil {
			t.Fatal(err)
		}
		if notice.Err != nil && strings.ContainsAny(notice.Err.Error(), "\r\n") {
			t.Errorf("notice of more than one line: %q", notice.Err)
		}
		checkInvariant(t, s)
		if b, _ := os.ReadFile(p.SettingsFile()); !bytes.Equal(b, data) {
			t.Fatal("Load changed settings.json")
		}
		if perr != nil {
			if s != Defaults() || !notice.Invalid || notice.CorruptCopy != "" || notice.Code != CodeNoticeInvalid {
				t.Fatalf("a bad file gave %+v, %+v", s, notice)
			}
			if _, err := st.Update(func(*Settings) (*ConsentEntry, error) { return nil, nil }); err != nil {
				t.Fatalf("Update over a bad file: %v", err)
			}
			_, notice, _ = st.Load()
			if b, _ := os.ReadFile(notice.CorruptCopy); notice.CorruptCopy == "" || !bytes.Equal(b, data) {
				t.Fatalf("the copy of the bad file is not whole (%+v)", notice)
			}
			if saved, _ := os.ReadFile(p.SettingsFile()); !bytes.Equal(saved, mustEncode(t, Defaults())) {
				t.Fatalf("the save over a bad file wrote %s", saved)
			}
			return
		}
		if s != parsed {
			t.Fatalf("Load = %+v, Parse = %+v", s, parsed)
		}
		if s.Participating(shaV1) && !(parsed.KSN.Participation && parsed.KSN.Statement.Decision == DecisionAccepted && parsed.KSN.Statement.SHA256 == shaV1) {
			t.Fatal("participating without the file accepting the statement")
		}
		_, err = st.Update(func(*Settings) (*ConsentEntry, error) { return nil, nil })
		if parsed.Schema > SchemaVersion {
			if !errors.Is(err, ErrNewerSchema) {
				t.Fatalf("Update over schema %d: %v", parsed.Schema, err)
			}
			if b, _ := os.ReadFile(p.SettingsFile()); !bytes.Equal(b, data) {
				t.Fatal("a newer schema was overwritten")
			}
			return
		}
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		saved, _ := os.ReadFile(p.SettingsFile())
		if back, err := Parse(saved); err != nil || back.Participating(shaV1) != s.Participating(shaV1) {
			t.Fatalf("saved %s: %v", saved, err)
		}
	})
}

// mustEncode returns settings.json for st.
func mustEncode(t *testing.T, st Settings) []byte {
	t.Helper()
	b, err := encodeFile(st)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

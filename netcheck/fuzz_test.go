package netcheck

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"ksn/safe"
)

// Run a target for a while with, for example:
//
//	go test -run='^$' -fuzz='^FuzzAnswer$' -fuzztime=10s ./netcheck
//
// Without -fuzz each target runs once over its seeds, as a unit test.

// fuzzNow is the time of the fuzzed checks.
var fuzzNow = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

// printable fails unless s is safe to put in front of the user: valid
// UTF-8, one line, no control characters (so no terminal escapes).
func printable(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		t.Errorf("%s not printable: %q", what, s)
	}
}

// FuzzAnswer checks the reading of the service's 200 answer on any body: no
// panic; connected only when the answer says the key is valid, with at most
// maxRestrictions restrictions in force, each ending when the service said;
// otherwise a known reason and a failed last step with a hint; and every
// text printable on one line.
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{
		`{"key":"valid","restrictions":[]}`,
		`{"key":"valid"}`,
		`{"key":"denylisted","restrictions":[]}`,
		`{"key":"expired"}`,
		`{"key":"valid","restrictions":[{"scope":"file_reputation","until":"2026-11-29T10:20:00Z"}]}`,
		`{"key":"valid","restrictions":[{"scope":"file_reputation","until":"9999-12-31T23:59:59Z"}]}`,
		`{"key":"valid","restrictions":[{"scope":"file_reputation","until":"2001-01-01T00:00:00Z"}]}`,
		`{"key":"valid","restrictions":[{"scope":"\u001b[31mred\u009b","until":"2999-01-01T00:00:00Z"}]}`,
		`{"key":"valid","restrictions":[{"scope":"` + strings.Repeat("é", 100) + `","until":"2999-01-01T00:00:00Z"}]}`,
		`{"key":"valid","restrictions":{}}`,
		`{"key":"valid","restrictions":[null,1,"x"]}`,
		`{"key":"\u001b]0;pwned\u0007"}`,
		`{"key":"VALID"}`,
		`{"key":1}`,
		`{"key":null}`,
		`{"key":"valid"} trailing`,
		`{"key":"valid","key":"denylisted"}`,
		`null`,
		`[]`,
		``,
		`<html>captive portal</html>`,
		"{\"key\":\"valid\",\"extra\":\"\xff\xfe\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var st steps
		var out outcome
		judgeAnswer(&st, body, "200 OK", 5*time.Millisecond, fuzzNow, &out)
		if len(st) == 0 {
			t.Fatal("no steps")
		}
		for _, s := range st {
			for _, f := range factTexts(s.Facts) {
				printable(t, "step fact", f)
				if len(f) > MaxLine+len("…") {
					t.Errorf("fact of %d bytes", len(f))
				}
			}
		}
		printable(t, "error", out.trouble.Cause)
		last := st[len(st)-1]
		switch out.reason {
		case ReasonNone:
			if out.keyState != "valid" || last.Name != StepRestrictions || !last.OK {
				t.Fatalf("connected with key %q, last step %+v", out.keyState, last)
			}
			if len(out.restrictions) > maxRestrictions {
				t.Errorf("%d restrictions kept", len(out.restrictions))
			}
			for _, r := range out.restrictions {
				printable(t, "scope", r.Scope)
				if !r.Until.After(fuzzNow) {
					t.Errorf("restriction until %v, check at %v", r.Until, fuzzNow)
				}
				if len(r.Scope) > maxScope+len("…") {
					t.Errorf("scope of %d bytes", len(r.Scope))
				}
			}
		case ReasonKeyDenylisted, ReasonLicenseExpired, ReasonServiceUnavailable:
			if last.OK || last.Hint == HintNone {
				t.Fatalf("reason %q with last step %+v", out.reason, last)
			}
			if out.restrictions != nil {
				t.Errorf("restrictions %+v while not connected", out.restrictions)
			}
			if out.reason == ReasonServiceUnavailable && out.trouble.Kind == TroubleNone {
				t.Error("a bad answer without an error")
			}
		default:
			t.Fatalf("reason %q from an answer", out.reason)
		}
	})
}

// FuzzRetryAfter checks the reading of a 429's Retry-After on any header
// value and time: no panic, and the restriction ends at least MinRetryAfter
// after the check; a small delta-seconds is taken as is.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{
		"", "0", "120", " 120 ", "86400", "86401", "86400000", "99999999999999999999999999", "-5", "1.5", "+5", "0x10",
		"soon", "Sun, 29 Nov 2026 10:30:00 GMT", "Sunday, 29-Nov-26 10:45:00 GMT", "Sun Nov 29 10:30:00 2026",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "١٢٠", "1\x00", "120\r\nX-Evil: 1",
	} {
		f.Add(s, int64(0))
	}
	f.Add("Sun, 29 Nov 2026 10:30:00 GMT", int64(-1<<40))
	f.Add("3600", int64(1<<40))
	f.Fuzz(func(t *testing.T, h string, shift int64) {
		now := fuzzNow.Add(time.Duration(shift%(1<<50)) * time.Nanosecond)
		until := retryUntil(h, now)
		if until.Before(now.Add(MinRetryAfter)) {
			t.Fatalf("retryUntil(%q, %v) = %v", h, now, until)
		}
		if allDigits(h) && len(h) <= 5 {
			n := 0
			for _, c := range h {
				n = n*10 + int(c-'0')
			}
			want := now.Add(max(time.Duration(n)*time.Second, MinRetryAfter))
			if !until.Equal(want) {
				t.Fatalf("retryUntil(%q) = %v, want %v", h, until, want)
			}
		}
		var st steps
		var out outcome
		limited(&st, h, now, &out)
		if out.reason != ReasonNone || len(out.restrictions) != 1 || out.restrictions[0].Scope != scopeFileReputation {
			t.Fatalf("429 gave %+v", out)
		}
		for _, s := range st {
			for _, f := range factTexts(s.Facts) {
				printable(t, "step fact", f)
			}
		}
	})
}

// FuzzEndpoint checks the reading of an endpoint on any string: no panic; a
// refusal is one line, safe to print, without the password; an accepted
// one has no control or bidi character, is https (or http on a loopback
// host) with a host and without user info, and its status resource ends
// in /v1/status.
func FuzzEndpoint(f *testing.F) {
	for _, s := range []string{
		"https://dc1.ksn.kaspersky-labs.com", "http://127.0.0.1:8080/", "https://x/base/", "", "dc1.ksn.kaspersky-labs.com",
		"ftp://x", "https://", "https://u:p@x", "https://x/?q=1", "https://x/#f", "http://[::1", "http://[::1]:80",
		"https://x/%zz", "https://x\n.y", "https://user:secret@x/%zz", "https://user:secret@[::1", "HTTPS://X", "https://:443", "https://x/a%2Fb/",
		"http://ksn.example", "http://localhost:9", "http://[::1]:9", "http://[::ffff:127.0.0.1]", "http://127.1", "https://x\u009b2J",
		"https://\u202emoc.x", "http://u:p\u202e@127.0.0.1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := statusURL(s)
		if err != nil {
			if !safe.Clean(err.Error()) {
				t.Errorf("error not safe to print: %q", err)
			}
			if pw := password(s); len(pw) >= 3 && strings.Contains(err.Error(), ":"+pw+"@") {
				t.Errorf("error shows the password: %q", err)
			}
			return
		}
		if (u.Scheme != "https" && u.Scheme != "http") ||
			u.Hostname() == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || !safe.Clean(s) {
			t.Fatalf("accepted %q as %#v", s, u)
		}
		if h := u.Hostname(); u.Scheme == "http" && h != "::1" && !strings.EqualFold(h, "localhost") && !strings.HasPrefix(netip.MustParseAddr(h).Unmap().String(), "127.") {
			t.Fatalf("accepted plain http to %q", h)
		}
		if !strings.HasSuffix(u.Path, statusPath) {
			t.Fatalf("status path of %q is %q", s, u.Path)
		}
		if _, err := http.NewRequest(http.MethodGet, u.String(), nil); err != nil {
			t.Fatalf("accepted %q, but it makes no request: %v", s, err)
		}
	})
}

// password returns the password in the user info of the URL s, "" if none.
func password(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return ""
	}
	userinfo, _, ok := strings.Cut(rest, "@")
	if !ok || strings.ContainsAny(userinfo, "/?#") {
		return ""
	}
	_, pw, _ := strings.Cut(userinfo, ":")
	return pw
}

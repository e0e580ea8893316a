package main

import (
	"errors"
	"os/user"
	"strings"
	"testing"
)

// TestLabelUserIsSafe: the "user" label comes from the account, else from
// $USER, which anyone may set to terminal controls; they come out escaped,
// and a name is cut at 64 bytes.
func TestLabelUserIsSafe(t *testing.T) {
	t.Parallel()
	noAccount := func() (*user.User, error) { return nil, errors.New("no account") }
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "USER" {
				return v
			}
			return ""
		}
	}
	hostile := "x\x1b]0;PWNED\a\x1b[2J\r\u202e"
	got := labelUser(noAccount, env(hostile), 12345)
	if strings.ContainsAny(got, "\x1b\a\r\u202e") || !strings.Contains(got, `\x1b]0;PWNED`) {
		t.Errorf("$USER %q gave the label %q", hostile, got)
	}
	if got := labelUser(noAccount, env(strings.Repeat("a", 300)), 1); got != strings.Repeat("a", 64)+"…" {
		t.Errorf("a 300-byte $USER gave the label %q", got)
	}
	if got := labelUser(noAccount, env(""), 12345); got != "12345" {
		t.Errorf("no account, no $USER: %q, want the uid", got)
	}
	account := func() (*user.User, error) { return &user.User{Username: "alice"}, nil }
	if got := labelUser(account, env("mallory"), 1); got != "alice" {
		t.Errorf("the account's name first: %q", got)
	}
}

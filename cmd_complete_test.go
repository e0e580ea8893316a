package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestCompletesFlagValues asks for completions as a shell does (cobra's
// __complete): --lang offers the languages with their own names, not file
// names, and a half-typed --lang is no usage error; --window and --demo
// offer their values.
func TestCompletesFlagValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "--lang", ""}, []string{"en\tEnglish", "ru\tРусский", "de\tDeutsch"}},
		{[]string{"__complete", "status", "--lang", "r"}, []string{"en\tEnglish", "ru\tРусский", "de\tDeutsch"}},
		{[]string{"__completeNoDesc", "--lang", ""}, []string{"en", "ru", "de"}},
		{[]string{"__complete", "--window", ""}, []string{"info", "statement"}},
		{[]string{"__complete", "--demo="}, []string{"valid", "denylisted", "restricted", "expired", "offline"}},
		{[]string{"__complete", "completion", ""}, nil},
	} {
		var out, errs bytes.Buffer
		code := execute(context.Background(), tc.args, &out, &errs)
		if code != exitOK {
			t.Errorf("%q: exit %d, stderr %q", tc.args, code, errs.String())
			continue
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		directive := lines[len(lines)-1]
		got := lines[:len(lines)-1]
		if directive != ":4" {
			t.Errorf("%q: directive %s, want :4 (no file names)", tc.args, directive)
		}
		switch {
		case tc.want != nil && strings.Join(got, "|") != strings.Join(tc.want, "|"):
			t.Errorf("%q: %q, want %q", tc.args, got, tc.want)
		case tc.want == nil && len(got) == 0:
			t.Errorf("%q: nothing offered", tc.args)
		}
	}
}

package main

import "testing"

// TestLanguageOfReadsArgsAsCobraWill: the last --lang counts, the value of
// another flag is not one, nothing after "--" is read, and the environment
// decides without --lang.
func TestLanguageOfReadsArgsAsCobraWill(t *testing.T) {
	env := func(k string) string {
		if k == "LANG" {
			return "de_DE.UTF-8"
		}
		return ""
	}
	tests := []struct {
		args []string
		want string
	}{
		{nil, "de"},
		{[]string{"status", "--lang", "ru"}, "ru"},
		{[]string{"--lang=ru", "status", "--lang", "en"}, "en"},
		{[]string{"--endpoint", "--lang", "status"}, "de"},
		{[]string{"statement", "--raw", "--width", "40", "--lang=ru"}, "ru"},
		{[]string{"--demo", "--lang", "ru"}, "ru"},
		{[]string{"completion", "bash", "--", "--lang", "ru"}, "de"},
		{[]string{"--help", "--lang", "ru"}, "ru"},
		{[]string{"setup", "-h", "--lang=ru"}, "ru"},
		{[]string{"setup", "--help", "--lang", "en"}, "en"},
	}
	for _, tt := range tests {
		l, err := languageOf(tt.args, env)
		if err != nil || l.Code() != tt.want {
			t.Errorf("languageOf(%q) = %s, %v; want %s", tt.args, l.Code(), err, tt.want)
		}
	}
	for _, args := range [][]string{{"--lang", "xx"}, {"--help", "--lang", "xx"}} {
		if _, err := languageOf(args, env); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
}

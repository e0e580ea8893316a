package help

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"ksn/lang"
	"ksn/netcheck"
	"ksn/say"
	"ksn/statement"
)

func TestTopics(t *testing.T) {
	for _, name := range Names() {
		t.Run(string(name), func(t *testing.T) {
			md := Topic(name, say.Voice{})
			if md == nil {
				t.Fatal("no such topic")
			}
			// Short enough to read at a glance, at 40×12 too (it scrolls).
			if n := len(md); n < 512 || n > 2560 {
				t.Errorf("topic is %d bytes, want 0.5–2.5 KB", n)
			}
			text := strings.Join(strings.Fields(string(md)), " ")
			if !strings.HasPrefix(text, "# ") {
				t.Error("topic does not start with a title")
			}
			for _, key := range []string{"`ctrl+c`", "`q`", "`esc`", "`f1`", "`?`", "`tab`", "`shift+tab`", "`enter`", "`space`"} {
				if !strings.Contains(text, key) {
					t.Errorf("topic does not mention %s", key)
				}
			}
			if !strings.Contains(text, "Press `esc` or `f1` to close") {
				t.Error("topic does not say how to close the help")
			}
		})
	}
}

func TestTopicUnknown(t *testing.T) {
	for _, name := range []Name{None, "nope", "main.md", "../main", "/main", "."} {
		if b := Topic(name, say.Voice{}); b != nil {
			t.Errorf("Topic(%q) = %d bytes, want nil", name, len(b))
		}
	}
}

func TestTopicIsACopy(t *testing.T) {
	a := Topic(Main, say.Voice{})
	a[0] = 'X'
	if b := Topic(Main, say.Voice{}); b[0] != '#' {
		t.Fatal("modifying a topic changed the embedded one")
	}
}

// TestEveryFileHasAName checks that the embedded files and Names agree, in
// every language: no topic is missing from one, none is left unused.
func TestEveryFileHasAName(t *testing.T) {
	for _, tag := range lang.Supported() {
		code := lang.Of(tag).Code()
		files, err := fs.Glob(topics, code+"/*.md")
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, n := range Names() {
			names[code+"/"+string(n)+".md"] = true
		}
		if len(files) != len(names) {
			t.Errorf("%s: files %v, names %v", code, files, Names())
		}
		for _, f := range files {
			if !names[f] {
				t.Errorf("%s has no name in Names", f)
			}
		}
	}
}

func TestKSNTopicReasons(t *testing.T) {
	text := string(Topic(KSN, say.Voice{}))
	for _, want := range []string{
		"You do not participate in Kaspersky Security Network.",
		"The application is not activated.",
		"License or subscription has expired.",
		"Your computer is not connected to the Internet.",
		"License key issues have been identified (for example, the key has been added to denylist).",
		"Kaspersky Security Network servers are not responding.",
		"Connected", "Not connected",
		"Participation in Kaspersky Security Network",
		"--window", `"window"`, "info", "statement",
		"`r`", "temporarily restricted",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("ksn topic lacks %q", want)
		}
	}
}

func TestStatementTopicKeys(t *testing.T) {
	text := string(Topic(Statement, say.Voice{}))
	for _, want := range []string{"`up`", "`down`", "`pgup`", "`pgdown`", "`home`", "`end`", "mouse wheel", "Cancel"} {
		if !strings.Contains(text, want) {
			t.Errorf("statement topic lacks %q", want)
		}
	}
}

// TestTopicsRender renders every topic in every language at 40 and 80
// columns in each theme: it renders, and no line is wider than the screen.
func TestTopicsRender(t *testing.T) {
	c := statement.NewCache()
	for _, v := range voices() {
		for _, name := range Names() {
			for _, th := range []statement.Theme{statement.ThemeDark, statement.ThemeLight, statement.ThemePlain} {
				for _, w := range []int{40, 80} {
					at := fmt.Sprintf("%s/%s/%s/%d", v.Code(), name, th, w)
					out, err := c.Render(Topic(name, v), w, th)
					if err != nil {
						t.Fatalf("%s: %v", at, err)
					}
					for i, line := range strings.Split(out, "\n") {
						if lw := ansi.StringWidth(line); lw > w {
							t.Errorf("%s: line %d is %d wide", at, i+1, lw)
						}
					}
					if th == statement.ThemePlain && strings.ContainsRune(out, '\x1b') {
						t.Errorf("%s: plain rendering has ESC", at)
					}
				}
			}
		}
	}
}

// TestKSNTopicSaysWhatTheCheckSays checks that the KSN topic names every
// reason with the same sentence and the same what-to-do as `ksn check`.
func TestKSNTopicSaysWhatTheCheckSays(t *testing.T) {
	text := strings.Join(strings.Fields(string(Topic(KSN, say.Voice{}))), " ")
	for _, r := range netcheck.Reasons() {
		en := say.Voice{}
		if want := `"` + en.Reason(r) + `" ` + en.WhatToDoLabel() + en.ReasonHint(r); !strings.Contains(text, want) {
			t.Errorf("the topic does not say %q", want)
		}
	}
	if !strings.Contains(text, (say.Voice{}).RestrictionNotice()) {
		t.Error("the topic does not give the restriction notice")
	}
	if strings.Contains(text, "{{") {
		t.Error("a template action was left in the topic")
	}
}

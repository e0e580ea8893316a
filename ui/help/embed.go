// Package help holds the help topics of the TUI: one short Markdown document
// per screen and language (en/, ru/, de/), opened with f1 and rendered like
// the statement (see statement.Cache).
package help

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"text/template"

	"ksn/netcheck"
	"ksn/say"
)

// Name names a help topic: the name of a Markdown file in this package
// without its ".md". The zero Name, [None], is no topic.
type Name string

// The topic names, one per screen.
const (
	// None is no topic (a screen without one, such as a help topic itself).
	None Name = ""
	// Main is the topic of the main application window.
	Main Name = "main"
	// Settings is the topic of the Settings window.
	Settings Name = "settings"
	// Security is the topic of the Security settings window.
	Security Name = "security"
	// KSN is the topic of the Kaspersky Security Network window.
	KSN Name = "ksn"
	// Statement is the topic of the Statement window.
	Statement Name = "statement"
	// Setup is the topic of `ksn setup`, the install-time question.
	Setup Name = "setup"
)

//go:embed en/*.md ru/*.md de/*.md
var topics embed.FS

// Topic returns the Markdown of the help topic name (one of [Main],
// [Settings], [Security], [KSN], [Statement], [Setup]) in v's language
// (English if it has none), or nil if there is no such topic (e.g.
// [None]). The slice is the caller's own.
//
// A topic is a text/template: the sentences it shares with the rest of
// ksn (the reasons of docs/check.md, what to do about each, the restriction
// notice) come from where they are defined, so the help says them in the
// same words as the window and `ksn check`.
func Topic(name Name, v say.Voice) []byte {
	if name == None || !fs.ValidPath(string(name)) {
		return nil
	}
	b, err := topics.ReadFile(v.Code() + "/" + string(name) + ".md")
	if err != nil {
		b, err = topics.ReadFile("en/" + string(name) + ".md")
	}
	if err != nil {
		return nil
	}
	t, err := template.New(string(name)).Funcs(words(v)).Parse(string(b))
	if err != nil {
		panic(fmt.Sprintf("help topic %s: %v", name, err)) // a bug in an embedded file; a test catches it
	}
	var out bytes.Buffer
	if err := t.Execute(&out, nil); err != nil {
		panic(fmt.Sprintf("help topic %s: %v", name, err))
	}
	return out.Bytes()
}

// reasonWords is one reason of docs/check.md as a topic lists it.
type reasonWords struct{ Sentence, Hint string }

// words are the functions a topic may call, in v's language.
func words(v say.Voice) template.FuncMap {
	return template.FuncMap{
		"reasons": func() []reasonWords {
			var out []reasonWords
			for _, r := range netcheck.Reasons() {
				out = append(out, reasonWords{Sentence: v.Reason(r), Hint: v.ReasonHint(r)})
			}
			return out
		},
		"notice":   v.RestrictionNotice,
		"whatToDo": v.WhatToDoLabel,
		"where":    v.Where,
	}
}

// Names returns the names of all topics, in the order of the screens.
func Names() []Name {
	return []Name{Main, Settings, Security, KSN, Statement, Setup}
}

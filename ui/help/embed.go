// Package help holds the help topics of the TUI: one short Markdown document
// per screen, opened with f1 and rendered like the statement (see
// statement.Cache).
package help

import (
	"embed"
	"io/fs"
)

// The topic names, one per screen. Each is the name of a Markdown file in
// this package without its ".md".
const (
	// Main is the topic of the main application window.
	Main = "main"
	// Settings is the topic of the Settings window.
	Settings = "settings"
	// Security is the topic of the Security settings window.
	Security = "security"
	// KSN is the topic of the Kaspersky Security Network window.
	KSN = "ksn"
	// Statement is the topic of the Statement window.
	Statement = "statement"
)

//go:embed *.md
var topics embed.FS

// Topic returns the Markdown of the help topic name (one of [Main],
// [Settings], [Security], [KSN], [Statement]), or nil if there is no such
// topic. The slice is the caller's own.
func Topic(name string) []byte {
	if name == "" || !fs.ValidPath(name) {
		return nil
	}
	b, err := topics.ReadFile(name + ".md")
	if err != nil {
		return nil
	}
	return b
}

// Names returns the names of all topics, in the order of the screens.
func Names() []string {
	return []string{Main, Settings, Security, KSN, Statement}
}

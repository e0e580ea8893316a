// Package help holds the help topics of the TUI: one short Markdown document
// per screen, opened with f1 and rendered like the statement (see
// statement.Cache).
package help

import (
	"embed"
	"io/fs"
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
)

//go:embed *.md
var topics embed.FS

// Topic returns the Markdown of the help topic name (one of [Main],
// [Settings], [Security], [KSN], [Statement]), or nil if there is no such
// topic (e.g. [None]). The slice is the caller's own.
func Topic(name Name) []byte {
	if name == None || !fs.ValidPath(string(name)) {
		return nil
	}
	b, err := topics.ReadFile(string(name) + ".md")
	if err != nil {
		return nil
	}
	return b
}

// Names returns the names of all topics, in the order of the screens.
func Names() []Name {
	return []Name{Main, Settings, Security, KSN, Statement}
}

package main

// The reference tables of the man pages and of --help (README "Exit
// codes", docs/files.md, docs/commands.md): one place for what every page's
// EXIT STATUS, FILES and ENVIRONMENT say. The man pages are in English;
// --help says the exit statuses in the reader's language. A test holds the
// README's exit codes to the same table.

// exitDoc is one exit status, the catalog ID of its meaning, and the
// commands it applies to (none: all).
type exitDoc struct {
	code     string
	id       string
	commands []string
}

// exitDocs are ksn's exit statuses.
func exitDocs() []exitDoc {
	return []exitDoc{
		{code: "0", id: "cli.exit.ok"},
		{code: "1", id: "cli.exit.error"},
		{code: "2", id: "cli.exit.usage"},
		{code: "3", id: "cli.exit.not_connected", commands: []string{"check"}},
		{code: "130, 143, 129", id: "cli.exit.signal"},
	}
}

// fileDoc is one file ksn reads or writes and the commands that use it
// (none: all).
type fileDoc struct {
	path     string
	what     string
	commands []string
}

// fileDocs are the files of ksn.
func fileDocs() []fileDoc {
	decide := []string{"ksn", "enable", "disable", "setup", "serve", "status", "check", "consent"}
	return []fileDoc{
		{"$XDG_CONFIG_HOME/ksn/settings.json", "The settings: participation, the accepted statement, the layout, the endpoint, the check interval. Written atomically, mode 0600.", decide},
		{"$XDG_CONFIG_HOME/ksn/license.json", "The license key and its dates, installed by ksn license install.", []string{"ksn", "status", "check", "license", "license install", "serve"}},
		{"$XDG_STATE_HOME/ksn/consent.jsonl", "The append-only, hash-chained history of every decision.", decide},
		{"$XDG_STATE_HOME/ksn/last_check.json", "The last connection check, kept while participating; status --format=prometheus asks the service again only once it is older than check_interval.", []string{"ksn", "status", "check", "serve"}},
		{"$XDG_STATE_HOME/ksn/metrics/ksn-USER.prom", "The metrics ksn-metrics.timer writes every 5 minutes (status --format=prometheus --output), for node_exporter's textfile collector.", []string{"status"}},
		{"/etc/xdg/ksn/policy.json", "The administrator's policy, always read, then ksn/policy.json in $XDG_CONFIG_DIRS: the keys it sets are locked.", decide},
		{"$XDG_STATE_HOME/ksn/sent.jsonl", "Every request ksn has sent, headers and body as they went; written only while participating.", []string{"ksn", "status", "check", "serve", "report", "sent"}},
		{"$XDG_STATE_HOME/ksn/spool.jsonl, $XDG_STATE_HOME/ksn/report.json", "The participation report's process times, and when the last report was sent; written only while participating.", []string{"ksn", "serve", "report", "disable", "setup"}},
		{"/usr/lib/systemd/user/ksn-report.timer", "Runs ksn report --send daily: systemctl --user enable --now ksn-report.timer.", []string{"report"}},
		{"$XDG_CONFIG_HOME/ksn/authorized_keys", "The public keys that may log in to ksn serve.", []string{"serve"}},
		{"$XDG_DATA_HOME/ksn/ssh_host_ed25519_key", "The host key of ksn serve, made on first start.", []string{"serve"}},
		{"/usr/lib/systemd/user/ksn-serve.service", "ksn serve as a systemd user service: systemctl --user enable --now ksn-serve.", []string{"serve"}},
		{"/usr/lib/systemd/user/ksn-metrics.timer", "Writes the metrics every 5 minutes: systemctl --user enable --now ksn-metrics.timer; the directory is KSN_METRICS_DIR in ksn-metrics.service.", []string{"status"}},
		{"$XDG_CACHE_HOME/ksn", "The rendered statement, used only if it checks out.", []string{"ksn", "statement"}},
	}
}

// envDoc is one environment variable ksn reads and the commands that read
// it (none: all).
type envDoc struct {
	name     string
	what     string
	commands []string
}

// envDocs are the environment variables ksn reads.
func envDocs() []envDoc {
	checks := []string{"ksn", "status", "check", "serve"}
	return []envDoc{
		{"KSN_ENDPOINT", "The KSN service URL, as --endpoint; a bad value is a usage error.", checks},
		{"HTTPS_PROXY, NO_PROXY", "The proxy the connection check goes through.", checks},
		{"LANG, LC_MESSAGES, LC_ALL", "The language of ksn's words (English, Russian or German), unless --lang is given.", nil},
		{"ACCESSIBLE", "Set to 1: plain numbered lines for screen readers instead of the full-screen window, as --accessible.", []string{"ksn", "setup"}},
		{"NO_COLOR", "Set: no colour.", nil},
		{"XDG_CONFIG_HOME, XDG_STATE_HOME, XDG_DATA_HOME, XDG_CACHE_HOME, XDG_CONFIG_DIRS", "Where ksn's files are (see FILES).", nil},
	}
}

// appliesTo reports whether a table row for commands (none: all) applies
// to the command at path ("ksn", "license install").
func appliesTo(commands []string, path string) bool {
	if len(commands) == 0 {
		return true
	}
	for _, c := range commands {
		if c == path {
			return true
		}
	}
	return false
}

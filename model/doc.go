// Package model holds the state of ksn and the files that keep it: the
// settings (settings.json), the license (license.json) and the consent history
// (consent.jsonl), all found through adrg/xdg.
//
// The values (Settings, License, ConsentEntry) are plain data with pure
// methods; the decisions a user makes (Accept, Decline, Withdraw) return new
// values and never touch a file. A Store does the I/O: atomic writes under a
// cross-process lock, a tamper-evident append-only consent log, and a watch
// on the configuration directory so that every running ksn sees a change made
// by another.
//
// Reading (Load, ReadFiles, LoadLicense, the consent history, Watch)
// changes, repairs and creates no file (docs/files.md): what a writer that died
// left behind, and a settings.json that is not valid, wait for the next
// Update, which puts them right under the lock. No file is written through
// a symbolic link: consent.jsonl and the lock file are opened with
// O_NOFOLLOW and must be regular files; the other files are replaced by
// rename.
//
// The package knows nothing of the terminal UI.
package model

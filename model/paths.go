package model

import (
	"path/filepath"

	"github.com/adrg/xdg"
)

// File names inside the ksn directories.
const (
	settingsName = "settings.json"
	licenseName  = "license.json"
	lockName     = "settings.json.lock"
	consentName  = "consent.jsonl"
	hostKeyName  = "ssh_host_ed25519_key"
)

// Paths are the ksn directories.
type Paths struct {
	// ConfigDir holds settings.json, license.json and the lock file.
	ConfigDir string
	// StateDir holds consent.jsonl.
	StateDir string
	// DataDir holds the SSH host key.
	DataDir string
}

// DefaultPaths returns the ksn directories under the XDG base directories,
// as adrg/xdg sees them at the time of the call (call xdg.Reload after
// changing XDG_* variables).
func DefaultPaths() Paths {
	return Paths{
		ConfigDir: filepath.Join(xdg.ConfigHome, "ksn"),
		StateDir:  filepath.Join(xdg.StateHome, "ksn"),
		DataDir:   filepath.Join(xdg.DataHome, "ksn"),
	}
}

// SettingsFile returns the path of settings.json.
func (p Paths) SettingsFile() string { return filepath.Join(p.ConfigDir, settingsName) }

// LicenseFile returns the path of license.json.
func (p Paths) LicenseFile() string { return filepath.Join(p.ConfigDir, licenseName) }

// ConsentFile returns the path of consent.jsonl.
func (p Paths) ConsentFile() string { return filepath.Join(p.StateDir, consentName) }

// HostKeyFile returns the path of the SSH host key of `ksn serve`.
func (p Paths) HostKeyFile() string { return filepath.Join(p.DataDir, hostKeyName) }

// LockFile returns the path of the lock file that serialises every change to
// the ksn files across processes. It is never removed.
func (p Paths) LockFile() string { return filepath.Join(p.ConfigDir, lockName) }

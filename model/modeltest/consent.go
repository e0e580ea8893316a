package modeltest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// statementDecision is the "statement" of settings.json, as far as a
// record of it needs (modeltest does not import model, whose own tests use
// modeltest).
type statementDecision struct {
	Decision  string `json:"decision"`
	Version   string `json:"version"`
	SHA256    string `json:"sha256"`
	Lang      string `json:"lang"`
	DecidedAt string `json:"decided_at"`
}

// consentEntry is one line of consent.jsonl, as model.ConsentEntry writes it.
type consentEntry struct {
	At       string `json:"at"`
	Decision string `json:"decision"`
	Version  string `json:"version"`
	SHA256   string `json:"sha256"`
	Lang     string `json:"lang,omitempty"`
	Via      string `json:"via"`
	Prev     string `json:"prev"`
}

// Recorded makes the acceptance the settings.json at settingsFile records
// count, as a decision made with ksn would: it appends the matching record
// to the consent.jsonl at consentFile, chained to its last line. ksn counts
// an acceptance only with its record (docs/files.md), so a test that
// writes settings.json by hand calls this after (or WriteAccepted). A
// settings.json without an acceptance gets no record.
func Recorded(settingsFile, consentFile string) error {
	data, err := os.ReadFile(settingsFile)
	if err != nil {
		return err
	}
	var doc struct {
		KSN struct {
			Statement statementDecision `json:"statement"`
		} `json:"ksn"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return err
	}
	st := doc.KSN.Statement
	if st.Decision != "accepted" {
		return nil
	}
	at := st.DecidedAt
	if at == "" {
		at = "2026-01-01T00:00:00Z"
	}
	return appendConsent(consentFile, consentEntry{At: at, Decision: "accepted", Version: st.Version, SHA256: st.SHA256, Lang: st.Lang, Via: "cli"})
}

// WriteAccepted writes settings as the settings.json at settingsFile and
// makes the acceptance it records count (see Recorded).
func WriteAccepted(settingsFile, consentFile string, settings []byte) error {
	if err := os.MkdirAll(filepath.Dir(settingsFile), 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(settingsFile, settings, 0o600); err != nil {
		return err
	}
	return Recorded(settingsFile, consentFile)
}

// appendConsent appends e to the consent.jsonl at path, its prev the hash
// of the last line, as the Store does (without its lock: for tests).
func appendConsent(path string, e consentEntry) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if body := bytes.TrimSuffix(old, []byte("\n")); len(body) > 0 {
		sum := sha256.Sum256(body[bytes.LastIndexByte(body, '\n')+1:])
		e.Prev = hex.EncodeToString(sum[:])
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

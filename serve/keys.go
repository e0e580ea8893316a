package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"ksn/model"
	"ksn/say"
)

// loadAuthorizedKeys reads an OpenSSH authorized_keys file; it must hold at
// least one usable key, and neither it nor a directory above it may be open
// to others (StrictModes, which stops going up at home). A key with options (from=, command=,
// restrict, expiry-time=…) is not used: ksn serve cannot honour them, and a
// key meant to be restricted must not get in unrestricted. Their
// fingerprints are returned as skipped.
func loadAuthorizedKeys(path, home string) (keys []gossh.PublicKey, skipped []string, err error) {
	data, err := readAuthorizedKeys(path, home)
	if err != nil {
		return nil, nil, err
	}
	for rest := data; len(rest) > 0; {
		key, _, options, next, err := gossh.ParseAuthorizedKey(rest)
		if err != nil {
			break // only comments and blank lines are left
		}
		if len(options) > 0 {
			skipped = append(skipped, gossh.FingerprintSHA256(key))
		} else {
			keys = append(keys, key)
		}
		rest = next
	}
	if len(keys) == 0 {
		return nil, skipped, &model.Problem{Code: codeKeysNone, Path: path}
	}
	return keys, skipped, nil
}

// readAuthorizedKeys reads the file at path once it has passed
// StrictModes up to home (model.ReadTrusted): a regular file of at most
// model.MaxFileSize bytes, opened without blocking.
func readAuthorizedKeys(path, home string) ([]byte, error) {
	data, err := model.ReadTrusted(path, homeDir(home))
	var p *model.Problem
	switch {
	case err == nil:
		return data, nil
	case errors.As(err, &p):
		return nil, &model.Problem{Code: codeKeysUntrusted, Path: path, Err: err}
	}
	return nil, &model.Problem{Code: codeKeysUnreadable, Path: path, Err: err}
}

// The problems of authorized_keys, said in the reader's language by `ksn
// serve` when it does not start and in English in its log (docs/serve.md).
const (
	codeKeysNone       model.Code = "serve.keys.none"       // no usable key in the file
	codeKeysUntrusted  model.Code = "serve.keys.untrusted"  // Err: the StrictModes problem
	codeKeysUnreadable model.Code = "serve.keys.unreadable" // Err: why it cannot be read
)

// homeDir is home, or the user's home directory if home is "", symlinks
// resolved; "" if unknown (StrictModes then goes up to /).
func homeDir(home string) string {
	var err error
	if home == "" {
		if home, err = os.UserHomeDir(); err != nil {
			return ""
		}
	}
	if home, err = filepath.EvalSymlinks(home); err != nil {
		return ""
	}
	if home, err = filepath.Abs(home); err != nil {
		return ""
	}
	return home
}

// loadOrMakeHostKey returns the PEM of the host key at path, making an
// ed25519 key there (mode 0600) on first start.
func loadOrMakeHostKey(path string) ([]byte, bool, error) {
	data, err := model.ReadFollow(path)
	if err == nil {
		if _, perr := gossh.ParsePrivateKey(data); perr != nil {
			return nil, false, fmt.Errorf("host key %s: %v", path, perr)
		}
		if info, serr := os.Stat(path); serr == nil && info.Mode().Perm()&0o077 != 0 {
			return nil, false, fmt.Errorf("host key %s: mode %o is open to others; run chmod 600 %s", path, info.Mode().Perm(), path)
		}
		return data, false, nil
	}
	var p *model.Problem
	if errors.As(err, &p) {
		return nil, false, fmt.Errorf("host key %s: %s", path, say.Voice{}.Text(err))
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, fmt.Errorf("host key %s: %w", path, errors.Unwrap(err))
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, false, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "ksn serve host key")
	if err != nil {
		return nil, false, err
	}
	data = pem.EncodeToMemory(block)
	if err := model.WriteFileAtomic(path, data); err != nil {
		// In English, as the server's other words for its log.
		return nil, false, fmt.Errorf("host key %s: %s", path, say.Voice{}.Text(err))
	}
	return data, true, nil
}

// fingerprint is the SHA256 fingerprint of a key, as ssh-keygen -l prints it.
func fingerprint(k ssh.PublicKey) string {
	if k == nil {
		return "none"
	}
	return gossh.FingerprintSHA256(k)
}

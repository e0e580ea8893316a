package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
	"unicode"
)

// License is the content of license.json. Its key is never to be shown or
// logged whole: String, GoString, Format and LogValue print only the last
// characters, and the service gets KeySHA256.
type License struct {
	// Key is the license key. Do not print it; use KeySuffix.
	Key string `json:"key"`
	// Activated reports whether the application is activated.
	Activated bool `json:"activated"`
	// ExpiresAt is when the license ends.
	ExpiresAt time.Time `json:"expires_at"`
}

// ParseLicense reads license.json. It is strict about what it reads: "key"
// (a non-empty string without surrounding spaces or control characters),
// "activated" (true or false) and "expires_at" (an RFC 3339 time) must all be
// there with the right types. Other members are ignored. The error never
// contains the key.
func ParseLicense(data []byte) (License, error) {
	o, err := decodeTop(data)
	if err != nil {
		return License{}, err
	}
	for _, name := range []string{"key", "activated", "expires_at"} {
		if _, ok := o[name]; !ok {
			return License{}, fieldProblem(name, &Problem{Code: CodeJSONMissing})
		}
	}
	var l License
	p := fieldParser{}
	p.field(o, "key", "key", func(raw json.RawMessage) error {
		s, err := asString(raw)
		if err != nil {
			return &Problem{Code: CodeKeyString}
		}
		if err := checkKey(s); err != nil {
			return err
		}
		l.Key = s
		return nil
	})
	p.field(o, "activated", "activated", func(raw json.RawMessage) error {
		v, err := asBool(raw)
		l.Activated = v
		return err
	})
	p.field(o, "expires_at", "expires_at", func(raw json.RawMessage) error {
		t, err := asTime(raw)
		l.ExpiresAt = t
		return err
	})
	if p.err != nil {
		return License{}, p.err
	}
	return l, nil
}

// checkKey accepts a key that is not empty and has no surrounding spaces or
// control characters. Its messages never quote the key.
func checkKey(key string) error {
	switch {
	case strings.TrimSpace(key) == "":
		return &Problem{Code: CodeKeyEmpty}
	case strings.TrimSpace(key) != key:
		return &Problem{Code: CodeKeySpaces}
	case strings.ContainsFunc(key, unicode.IsControl):
		return &Problem{Code: CodeKeyControls}
	}
	return nil
}

// KeySHA256 returns the hex SHA-256 of the key, the only form of it that is
// sent to the service.
func (l License) KeySHA256() string {
	sum := sha256.Sum256([]byte(l.Key))
	return hex.EncodeToString(sum[:])
}

// KeySuffix returns the last five characters of the key, what the UI shows.
// For a key shorter than ten characters it returns fewer, so that at least
// half of the key stays hidden.
func (l License) KeySuffix() string {
	r := []rune(l.Key)
	n := min(5, len(r)/2)
	return string(r[len(r)-n:])
}

// Expired reports whether the license has ended at now. A license without
// an expiry time never expires.
func (l License) Expired(now time.Time) bool {
	return !l.ExpiresAt.IsZero() && !now.Before(l.ExpiresAt)
}

// String describes the license without its key, e.g.
// "license …PQRST (activated, expires 2027-11-29T00:00:00Z)".
func (l License) String() string {
	var b strings.Builder
	b.WriteString("license")
	if l.Key == "" {
		b.WriteString(" (no key")
	} else {
		b.WriteString(" …" + l.KeySuffix() + " (")
		if l.Activated {
			b.WriteString("activated")
		} else {
			b.WriteString("not activated")
		}
	}
	if !l.ExpiresAt.IsZero() {
		b.WriteString(", expires " + l.ExpiresAt.UTC().Format(time.RFC3339))
	}
	b.WriteString(")")
	return b.String()
}

// GoString implements fmt.GoStringer without the key.
func (l License) GoString() string {
	return fmt.Sprintf("model.License{KeySuffix:%q, Activated:%t, ExpiresAt:%q}",
		l.KeySuffix(), l.Activated, l.ExpiresAt.UTC().Format(time.RFC3339))
}

// Format implements fmt.Formatter so that no verb prints the key: %#v prints
// GoString, every other verb formats String.
func (l License) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, l.GoString())
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), l.String())
}

// LogValue implements slog.LogValuer without the key.
func (l License) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("key_suffix", l.KeySuffix()),
		slog.Bool("activated", l.Activated),
		slog.Time("expires_at", l.ExpiresAt),
	)
}

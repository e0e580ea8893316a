package serve

import (
	"os"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"ksn/model"
)

// Attack 5 (docs/serve.md "Security"): consent given over SSH recorded only the
// user name the client chose, as it chose it: "ssh:аlice", with a
// Cyrillic а, read as alice. Now the name is recorded escaped and the
// key that logged in beside it.
func TestServeConsentRecordsTheKey(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	e.open("\u0430lice", 80, 24).turnOn()
	h, err := e.store.ConsentHistory()
	if err != nil || len(h) != 1 {
		t.Fatalf("history %+v, %v", h, err)
	}
	want := gossh.FingerprintSHA256(e.key.PublicKey())
	if h[0].Via != `ssh:\u0430lice` || h[0].Key != want || h[0].Decision != model.ConsentAccepted {
		t.Errorf("recorded via %q key %q, want via %q key %q", h[0].Via, h[0].Key, `ssh:\u0430lice`, want)
	}
	raw, err := os.ReadFile(e.store.Paths().ConsentFile())
	if err != nil {
		t.Fatal(err)
	}
	if line := string(raw); !strings.Contains(line, `"via":"ssh:\\u0430lice","key":"`+want+`"`) {
		t.Errorf("consent line %s", line)
	}
}

// TestViaEscapesTheUserName: no user name can be recorded as another.
func TestViaEscapesTheUserName(t *testing.T) {
	t.Parallel()
	for user, want := range map[string]string{
		"alice":               "ssh:alice",
		"\u0430lice":          `ssh:\u0430lice`,
		`\u0430lice`:          `ssh:\\u0430lice`,
		"root (key of alice)": "ssh:root (key of alice)",
		"al\u200bice":         `ssh:al\u200bice`,
		"\U0001F600":          `ssh:\U0001f600`,
	} {
		if got := viaOf(user); got != want {
			t.Errorf("%q: via %q, want %q", user, got, want)
		}
	}
}

package serve

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// logLines counts the lines of log holding text.
func logLines(log, text string) int {
	n := 0
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, text) {
			n++
		}
	}
	return n
}

// Each refused connection could write 3 log lines (one per key tried).
func TestServeLogBeforeLoginIsBounded(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	keys := []gossh.Signer{newSigner(t), newSigner(t), newSigner(t)}
	for range 40 {
		if c, err := e.dial("mallory", gossh.PublicKeys(keys...)); err == nil {
			c.Close()
			t.Fatal("a stranger got in")
		}
	}
	if err := e.shutdown(); err != nil {
		t.Fatal(err)
	}
	log := e.log.String()
	if n := logLines(log, "refused key"); n > 30 {
		t.Errorf("40 refused connections wrote %d lines of refused keys", n)
	}
	if !strings.Contains(log, "suppressed") {
		t.Errorf("the lines left out are not counted:\n%s", log)
	}
}

// Attack 6 (docs/serve.md, Security): a user name with terminal controls was
// logged as it came.
func TestServeRefusesControlCharactersInUserNames(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	for _, user := range []string{
		"\x1b]0;PWNED\a\x1b[41mRED\x1b[0m\x1b[2J",
		"admin\u202egnp.exe",
		strings.Repeat("a", 65),
	} {
		if c, err := e.dial(user, gossh.PublicKeys(e.key)); err == nil {
			c.Close()
			t.Errorf("user %q logged in", user)
		}
	}
	// A client version with controls is logged escaped too. (x/crypto's
	// client sends no C0 controls, which the server would take.)
	c, err := gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
		User: "alice", Auth: []gossh.AuthMethod{gossh.PublicKeys(e.key)}, ClientVersion: "SSH-2.0-evil\u202e\x7f\u009b2J",
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	log := e.log.String()
	for _, want := range []string{`\x1b]0;PWNED\x07`, `admin\u202egnp.exe`, `SSH-2.0-evil\u202e\x7f\u009b2J`} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	if strings.ContainsAny(log, "\x1b\a\u202e\x7f\u009b") || strings.Contains(log, `\u001b`) {
		t.Errorf("raw or half-escaped controls in the log:\n%q", log)
	}
}

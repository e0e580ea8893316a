package serve

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/text/language"

	"ksn/lang"
	"ksn/model"
	"ksn/say"
	"ksn/statement"
)

// openWithEnv is open for a client that sends env (OpenSSH's SendEnv or
// SetEnv) before it asks for its shell.
func (e *sshEnv) openWithEnv(user string, w, h int, env map[string]string) *sshTerm {
	e.t.Helper()
	c, s := e.session(user)
	for k, v := range env {
		if err := s.Setenv(k, v); err != nil {
			e.t.Fatalf("setenv %s: %v", k, err)
		}
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		e.t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	out, _ := s.StdoutPipe()
	tm := &sshTerm{t: e.t, client: c, sess: s, in: in, vt: vt.NewEmulator(w, h), ended: make(chan struct{})}
	go func() { _, _ = io.Copy(io.Discard, tm.vt) }()
	go func() {
		defer close(tm.ended)
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				_, _ = tm.vt.Write(buf[:n])
				tm.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	if err := s.Shell(); err != nil {
		e.t.Fatal(err)
	}
	return tm
}

// TestServeEachSessionInItsOwnLanguage opens two sessions on one server,
// one sending LANG=ru_RU.UTF-8 and one LC_ALL=de_DE.UTF-8 (docs/languages.md): each
// reads its own language, each accepts the statement it was shown, and the
// consent history records each decision with its session's language and
// the sha256 of the text in it.
func TestServeEachSessionInItsOwnLanguage(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	ru, de := lang.Of(language.Russian), lang.Of(language.German)
	alice := e.openWithEnv("alice", 80, 24, map[string]string{"LANG": "ru_RU.UTF-8"})
	bob := e.openWithEnv("bob", 80, 24, map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "de_DE.UTF-8"})
	accept := func(tm *sshTerm, l lang.Lang) {
		tm.keys(space) // participation on: the Statement window, in l
		tm.see(firstLine(statement.In(l).Markdown(), 2))
		tm.keys(tab, enter) // I agree
		tm.see(toggle(l, true))
	}
	alice.keys(enter, enter, enter) // main window › Settings › Security settings › KSN
	alice.see(toggle(ru, false))
	accept(alice, ru)
	// The settings are the computer's: bob sees alice's decision, turns
	// participation off (withdrawing the consent given to the Russian
	// text) and accepts again, in German.
	bob.keys(enter, enter, enter)
	bob.see(toggle(de, true))
	bob.keys(space)
	bob.see(toggle(de, false))
	accept(bob, de)

	h, err := e.store.ConsentHistory()
	if err != nil || len(h) != 3 {
		t.Fatalf("history %+v, %v", h, err)
	}
	want := []struct {
		via      string
		decision model.ConsentDecision
		l        lang.Lang
	}{{"ssh:alice", model.ConsentAccepted, ru}, {"ssh:bob", model.ConsentWithdrawn, ru}, {"ssh:bob", model.ConsentAccepted, de}}
	for i, w := range want {
		if line := h[i]; line.Via != w.via || line.Decision != w.decision || line.Lang != w.l.Code() || line.SHA256 != statement.In(w.l).SHA256() {
			t.Errorf("consent line %d = %+v, want %s %s the %s statement", i, line, w.via, w.decision, w.l.Code())
		}
	}
	s, _, err := e.store.Load()
	if err != nil || !s.Participating(statement.Current()...) {
		t.Fatalf("settings %+v, %v: not participating", s.KSN, err)
	}
}

// toggle is the participation toggle as l draws it, "● Ein" or "○ Aus":
// the word alone is also part of other words ("Einstellungen").
func toggle(l lang.Lang, on bool) string {
	if on {
		return "● " + say.In(l).OnOff(true)
	}
	return "○ " + say.In(l).OnOff(false)
}

// firstLine is the n-th line of a statement's Markdown (1 is its title),
// without Markdown marks: a line every reader of it sees.
func firstLine(md []byte, n int) string {
	var lines []string
	for _, l := range strings.Split(string(md), "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(l, "#*- ")); l != "" {
			lines = append(lines, l)
		}
	}
	words := strings.Fields(lines[n-1])
	return strings.Join(words[:min(3, len(words))], " ")
}

package serve

import (
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/text/language"

	"ksn/access/accesstest"
	"ksn/lang"
	"ksn/model"
	"ksn/statement"
)

// plainTerm is an SSH session in the accessible mode, read as its plain
// transcript.
type plainTerm struct {
	t      *testing.T
	sess   *gossh.Session
	in     io.WriteCloser
	out    *syncBuffer
	ended  chan error     // the session's exit
	prompt *regexp.Regexp // every prompt: a choice's, a page's
	n      int            // prompts answered
}

// openPlain opens a session as alice that sets env, with an 80×24 PTY if
// pty, and starts its shell.
func (e *sshEnv) openPlain(t *testing.T, pty bool, prompt *regexp.Regexp, env ...string) *plainTerm {
	t.Helper()
	_, s := e.session("alice")
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		if err := s.Setenv(k, v); err != nil {
			t.Fatalf("%s refused: %v", k, err)
		}
	}
	if pty {
		if err := s.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
	}
	in, _ := s.StdinPipe()
	pt := &plainTerm{t: t, sess: s, in: in, out: &syncBuffer{}, ended: make(chan error, 1), prompt: prompt}
	s.Stdout = pt.out
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { pt.ended <- s.Wait() }()
	return pt
}

// answer waits for the next prompt and types keys.
func (pt *plainTerm) answer(keys string) {
	pt.t.Helper()
	pt.n++
	deadline := time.Now().Add(15 * time.Second)
	for len(pt.prompt.FindAllStringIndex(pt.out.String(), -1)) < pt.n {
		if time.Now().After(deadline) {
			pt.t.Fatalf("timed out waiting for prompt %d; transcript:\n%s", pt.n, pt.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := pt.in.Write([]byte(keys)); err != nil {
		pt.t.Fatalf("typing: %v", err)
	}
}

// pageThrough presses Enter until the statement's last page.
func (pt *plainTerm) pageThrough(pages *regexp.Regexp) {
	pt.t.Helper()
	for range 50 {
		ms := pages.FindAllStringSubmatch(pt.out.String(), -1)
		if len(ms) > 0 && ms[len(ms)-1][1] == ms[len(ms)-1][2] {
			return
		}
		pt.answer("\r")
	}
	pt.t.Fatalf("no last page; transcript:\n%s", pt.out.String())
}

// exit waits for the session to end and returns its exit status.
func (pt *plainTerm) exit() int {
	pt.t.Helper()
	select {
	case err := <-pt.ended:
		var ee *gossh.ExitError
		if errors.As(err, &ee) {
			return ee.ExitStatus()
		}
		if err != nil {
			pt.t.Fatalf("session: %v", err)
		}
		return 0
	case <-time.After(15 * time.Second):
		pt.t.Fatalf("the session did not end; transcript:\n%s", pt.out.String())
		return -1
	}
}

// transcript is what the session wrote, with no escape sequence (the
// test fails on one); with a PTY every line ends with \r\n, which it
// turns into \n.
func (pt *plainTerm) transcript(pty bool) string {
	pt.t.Helper()
	raw := pt.out.String()
	if strings.ContainsRune(raw, 0x1b) {
		pt.t.Fatalf("an escape sequence in the transcript:\n%q", raw)
	}
	bare := strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n")
	if pty && bare || !pty && strings.Contains(raw, "\r") {
		pt.t.Errorf("line ends %q with a PTY %v", raw, pty)
	}
	return strings.ReplaceAll(raw, "\r\n", "\n")
}

// englishPrompts are the English prompts: a choice's, and the one between
// the statement's pages.
var englishPrompts = regexp.MustCompile(`Enter a number between 1 and|Page \d+ of \d+\. Enter`)

// germanPrompts are the German prompts: a choice's, and the one between
// the statement's pages.
var germanPrompts = regexp.MustCompile(`Geben Sie eine Zahl von 1 bis|Seite \d+ von \d+\. Eingabetaste`)

// TestServeAccessibleInGerman walks the accessible mode over SSH, as
// OpenSSH's SetEnv ACCESSIBLE=1 with LANG=de_DE.UTF-8 and a PTY does:
// German lines, no escape sequence, what is typed echoed and edited by
// the server (the client's terminal is raw), and an acceptance recorded
// in German via "ssh:alice".
func TestServeAccessibleInGerman(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	pt := e.openPlain(t, true, germanPrompts, "ACCESSIBLE=1", "LANG=de_DE.UTF-8")
	pt.answer("9\x7f\x1b[A1\r") // a typo, erased; an arrow key, ignored
	pt.answer("1\r")
	pt.answer("1\r")
	pt.answer("1\r") // Teilnahme einschalten
	pt.pageThrough(regexp.MustCompile(`Seite (\d+) von (\d+)`))
	pt.answer("1\r") // Ich stimme zu
	pt.answer("6\r") // Beenden
	if code := pt.exit(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	if raw := pt.out.String(); !strings.Contains(raw, "Geben Sie eine Zahl von 1 bis 2 ein: 9\b \b1\r\n") {
		t.Errorf("the typing was not echoed and edited:\n%q", raw)
	}
	accesstest.InOrder(t, pt.transcript(true),
		"Barrierefreier Modus. Geben Sie die Nummer einer Auswahl ein und drücken Sie Enter.",
		"Kaspersky Free",
		"1. Einstellungen",
		"2. Beenden",
		"Einstellungen",
		"1. Sicherheitseinstellungen: Kaspersky Security Network",
		"2. Zurück",
		"Sicherheitseinstellungen",
		"1. Kaspersky Security Network: ",
		"Kaspersky Security Network",
		"Teilnahme an Kaspersky Security Network: ",
		"Die Teilnahme ist freiwillig; Sie können sie hier jederzeit ausschalten.",
		"1. Teilnahme einschalten",
		"2. Erklärung lesen",
		"3. Gesendete Daten",
		"4. Jetzt prüfen",
		"1. Ich stimme zu",
		"2. Abbrechen",
		"Seite 1 von ",
		"1. Ich stimme zu",
		"2. Abbrechen",
		"Geben Sie eine Zahl von 1 bis 3 ein: 1",
		"1. Teilnahme ausschalten",
		"Geben Sie eine Zahl von 1 bis 6 ein: 6",
	)
	h, err := e.store.ConsentHistory()
	if err != nil {
		t.Fatal(err)
	}
	de := lang.Of(language.German)
	if len(h) != 1 || h[0].Decision != model.ConsentAccepted || h[0].Via != "ssh:alice" || h[0].Lang != "de" || h[0].SHA256 != statement.In(de).SHA256() {
		t.Fatalf("consent history: %+v", h)
	}
}

// TestServeAccessibleWithoutPTY: ssh -T with SetEnv ACCESSIBLE=1 gets
// plain lines (\n, no echo: the client's terminal has its line
// discipline), where the settings window would be refused.
func TestServeAccessibleWithoutPTY(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	pt := e.openPlain(t, false, englishPrompts, "ACCESSIBLE=1")
	pt.answer("1\n")
	pt.answer("3\n")
	if code := pt.exit(); code != 0 {
		t.Errorf("exit status %d", code)
	}
	accesstest.InOrder(t, pt.transcript(false), "Kaspersky Free", "1. Settings", "Enter a number between 1 and 2: ", "Settings", "3. Quit")
}

// TestServeAccessibleEnds: ctrl+c, ctrl+d and the end of the client's
// input end the session with exit status 0.
func TestServeAccessibleEnds(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	for name, key := range map[string]string{"ctrl+c": "\x03", "ctrl+d": "\x04", "eof": ""} {
		t.Run(name, func(t *testing.T) {
			pt := e.openPlain(t, true, englishPrompts, "ACCESSIBLE=1")
			pt.answer("1\r")
			pt.answer(key)
			if key == "" {
				pt.in.Close()
			}
			if code := pt.exit(); code != 0 {
				t.Errorf("exit status %d", code)
			}
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for e.count() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := e.count(); n != 0 {
		t.Errorf("%d sessions still open", n)
	}
}

// TestServeAccessibleIdleAndShutdown: an idle accessible session is ended
// and told why; a shutdown ends one that waits at a prompt, and says so.
func TestServeAccessibleIdleAndShutdown(t *testing.T) {
	t.Parallel()
	e := startServe(t, func(c *Config) { c.IdleTimeout = 300 * time.Millisecond })
	pt := e.openPlain(t, true, englishPrompts, "ACCESSIBLE=1")
	pt.exit()
	if !strings.Contains(pt.out.String(), "had no input for 300\u00a0ms") {
		t.Errorf("idle end not told:\n%q", pt.out.String())
	}

	e = startServe(t, nil)
	pt = e.openPlain(t, true, englishPrompts, "ACCESSIBLE=1")
	pt.answer("1\r")
	pt.answer("")
	if err := e.shutdown(); err != nil {
		t.Fatal(err)
	}
	pt.exit()
	if !strings.Contains(pt.out.String(), "the server is shutting down") {
		t.Errorf("shutdown not told:\n%q", pt.out.String())
	}
}

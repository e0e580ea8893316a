package access

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/language"

	"ksn/flow"
	"ksn/lang"
	"ksn/model"
	"ksn/netcheck"
	"ksn/netcheck/ksntest"
	"ksn/say"
	"ksn/statement"
)

// rig is a settings store with an activated license in a temporary
// directory, a loopback KSN service and a policy directory.
type rig struct {
	t         *testing.T
	store     *model.Store
	svc       *ksntest.Service
	url       string
	policyDir string
}

func newRig(t *testing.T) *rig {
	t.Helper()
	dir := t.TempDir()
	r := &rig{t: t, policyDir: filepath.Join(dir, "etc")}
	r.store = model.NewStore(model.Paths{
		ConfigDir: filepath.Join(dir, "config", "ksn"),
		StateDir:  filepath.Join(dir, "state", "ksn"),
		DataDir:   filepath.Join(dir, "data", "ksn"),
	})
	lic, err := json.Marshal(model.License{Key: "ABCDE-FGHIJ-KLMNO-PQRST", Activated: true, ExpiresAt: time.Now().AddDate(1, 0, 0).UTC().Truncate(time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.store.InstallLicense(lic); err != nil {
		t.Fatal(err)
	}
	r.svc, r.url = ksntest.NewTestServer(t, ksntest.Valid)
	return r
}

// policy writes the administrator's policy.
func (r *rig) policy(body string) {
	r.t.Helper()
	p := filepath.Join(r.policyDir, "ksn", "policy.json")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// typist types a line each time the session has written a prompt, as a
// person would, so that the transcript shows each answer after its
// prompt; then the end of the input.
type typist struct {
	lines   []string
	prompts chan struct{}
}

func newTypist(typed string) *typist {
	lines := strings.SplitAfter(typed, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return &typist{lines: lines, prompts: make(chan struct{}, 1000)}
}

// Read implements io.Reader.
func (t *typist) Read(p []byte) (int, error) {
	if len(t.lines) == 0 {
		return 0, io.EOF
	}
	select {
	case <-t.prompts:
	case <-time.After(20 * time.Second):
		return 0, errors.New("no prompt came")
	}
	n := copy(p, t.lines[0])
	t.lines = t.lines[1:]
	return n, nil
}

// terminal is what a session writes; it tells the typist of each prompt
// (a write that ends in ": ", or ". " between the statement's pages).
type terminal struct {
	mu  sync.Mutex
	buf bytes.Buffer
	t   *typist
}

// Write implements io.Writer.
func (s *terminal) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bytes.HasSuffix(p, []byte(": ")) || bytes.HasSuffix(p, []byte(". ")) {
		s.t.prompts <- struct{}{}
	}
	return s.buf.Write(p)
}

func (s *terminal) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// options are a session's options over the rig, reading typed a line at
// a time, after each prompt.
func (r *rig) options(typed string, out *terminal) Options {
	out.t = newTypist(typed)
	return Options{
		Options: flow.Options{
			Store:      r.store,
			Checker:    netcheck.New(netcheck.Options{UserAgent: "ksn/test"}),
			Overrides:  flow.Overrides{Endpoint: r.url, EndpointSource: flow.SourceFlag},
			Timeout:    5 * time.Second,
			PolicyDirs: []string{r.policyDir},
		},
		In:   out.t,
		Out:  out,
		Echo: true, // as a terminal shows it: what is typed, then Enter
	}
}

// run runs a session with o until it ends, and returns what it wrote.
func run(t *testing.T, o Options) (string, *Session) {
	t.Helper()
	out := o.Out.(*terminal)
	s := New(o)
	done := make(chan error, 1)
	go func() { done <- s.Run() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the session did not end")
	}
	text := out.String()
	if o.Echo {
		text = strings.ReplaceAll(text, "\r\n", "\n")
	}
	if strings.ContainsRune(text, 0x1b) {
		t.Errorf("an escape sequence in the output:\n%q", text)
	}
	return text, s
}

// consent is the consent history.
func (r *rig) consent() []model.ConsentEntry {
	r.t.Helper()
	h, err := r.store.ConsentHistory()
	if err != nil && !os.IsNotExist(err) {
		r.t.Fatal(err)
	}
	return h
}

// hasLines fails unless every one of want is a whole line of out, in order.
func hasLines(t *testing.T, out string, want ...string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	i := 0
	for _, w := range want {
		for i < len(lines) && strings.TrimRight(lines[i], " ") != w && !strings.HasPrefix(lines[i], w+" ") {
			i++
		}
		if i == len(lines) {
			t.Fatalf("no line %q (in order) in:\n%s", w, out)
		}
		i++
	}
}

// pages is the input that pages through the statement to its end (Enter
// on the last page only says it is the last).
var pages = strings.Repeat("\n", 30)

// walkOn is the walk of the issue: main window, Settings, Security
// settings, KSN, turn participation on, the statement's pages, I agree,
// check now, quit.
var walkOn = []string{"1", "1", "1", "1"}

func TestWalkTurnsParticipationOnAndChecks(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var out terminal
	typed := strings.Join(walkOn, "\n") + "\n" + pages + "1\n4\n6\n"
	text, _ := run(t, r.options(typed, &out))
	// The choices are said before the first page and after the last,
	// not on every page (docs/accessible.md).
	if n := strings.Count(text, "\n1. I agree\n"); n != 2 {
		t.Errorf("the choices were listed %d times around the statement's pages, want 2", n)
	}
	hasLines(t, text,
		"Accessible mode. Type the number of a choice and press Enter.",
		"Kaspersky Free",
		"KSN: Off",
		"Connection: Not connected · not participating",
		"License: Active · key …PQRST · until "+say.In(lang.English()).Date(time.Now().AddDate(1, 0, 0)),
		"1. Settings",
		"2. Quit",
		"Enter a number between 1 and 2:",
		"Settings",
		"1. Security settings: Kaspersky Security Network",
		"2. Back",
		"3. Quit",
		"Security settings",
		"1. Kaspersky Security Network: Off · Not connected",
		"Kaspersky Security Network",
		"Participation in Kaspersky Security Network: Off",
		"Participation is voluntary; turn it off here at any time.",
		"You do not participate in Kaspersky Security Network.",
		// what to do here, not the way here (docs/screens.md)
		"What to do: Choose “Turn participation on”.",
		"1. Turn participation on",
		"2. Read the statement",
		"3. Data sent",
		"4. Check now",
		"5. Back",
		"6. Quit",
		"The statement has 9 pages. After each, press Enter for the next, or type the number of a choice:",
		"1. I agree",
		"2. Cancel",
		"3. Quit",
		"Kaspersky Security Network Statement",
		"Page 1 of 9. Enter: next page, or a choice's number.",
		"Page 2 of 9. Enter: next page, or a choice's number.",
		"Page 9 of 9",
		"1. I agree",
		"2. Cancel",
		"3. Quit",
		"Enter a number between 1 and 3:",
		"That was the last page.",
		"Participation turned on. Consent recorded at",
		"Checking…",
		"Participation in Kaspersky Security Network: On",
		"Connection status: Connected, checked",
		"1. Turn participation off",
		"Checking…",
		"Connection status: Connected, checked",
	)
	h := r.consent()
	if len(h) != 1 || h[0].Decision != model.ConsentAccepted || h[0].Via != "tui" || h[0].Lang != "en" || h[0].SHA256 != statement.In(lang.English()).SHA256() {
		t.Fatalf("consent history: %+v", h)
	}
	if r.svc.Requests() < 2 {
		t.Errorf("%d requests reached the service; want the check after I agree and Check now", r.svc.Requests())
	}
}

// TestCheckSendsNothingWhileOff: "Check now" with participation off runs
// the check's local steps only.
func TestCheckSendsNothingWhileOff(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var out terminal
	text, _ := run(t, r.options("1\n1\n1\n4\n4\n", &out))
	if strings.Contains(text, "Checking…") || r.svc.Requests() != 0 {
		t.Errorf("%d requests while participation is off:\n%s", r.svc.Requests(), text)
	}
	if n := strings.Count(text, "Connection status: Not connected, checked"); n != 3 {
		t.Errorf("the status said %d times, want 3 (the window, two checks):\n%s", n, text)
	}
}

// TestInvalidInputAsksAgain: a number out of range, a word, an empty
// line: each is said not to be a choice, and the prompt comes again.
func TestInvalidInputAsksAgain(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var out terminal
	text, _ := run(t, r.options("0\n3\nabc\n\n-1\n 1 \n3\n", &out))
	if n := strings.Count(text, "That is not one of the choices."); n != 5 {
		t.Errorf("%d refusals, want 5:\n%s", n, text)
	}
	if n := strings.Count(text, "Enter a number between 1 and 2:"); n != 6 {
		t.Errorf("%d prompts on the main window, want 6:\n%s", n, text)
	}
	hasLines(t, text, "Settings", "3. Quit")
}

// TestEOFAtEveryPrompt ends the input after each line of a whole walk:
// the session ends cleanly every time, its last prompt's line ended, and
// the acceptance is recorded only when "I agree" was typed.
func TestEOFAtEveryPrompt(t *testing.T) {
	t.Parallel()
	typed := append(append(append([]string{}, walkOn...), make([]string, 8)...), "1", "3", "1", "5")
	for i := range len(typed) + 1 {
		t.Run(strings.Join(typed[:i], ","), func(t *testing.T) {
			t.Parallel()
			r := newRig(t)
			var out terminal
			in := strings.Join(typed[:i], "\n")
			if i > 0 {
				in += "\n"
			}
			text, _ := run(t, r.options(in, &out))
			if !strings.HasSuffix(text, "\n") {
				t.Errorf("the output ends without a line end: %q", text[max(len(text)-80, 0):])
			}
			agreed := strings.Contains(text, "Participation turned on.")
			if h := r.consent(); agreed != (len(h) > 0) || (len(h) > 0 && h[0].Decision != model.ConsentAccepted) {
				t.Errorf("said turned on %v; consent history %+v", agreed, h)
			}
		})
	}
}

// TestStatementLayout offers Accept and Decline, as the TUI's statement
// layout does; Decline records at once, Accept after the statement.
func TestStatementLayout(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var out terminal
	o := r.options("1\n1\n1\n2\n1\n"+pages+"1\n6\n", &out)
	o.Overrides.Window = model.WindowStatement
	text, _ := run(t, o)
	hasLines(t, text,
		"Participation: Off",
		"Kaspersky Security Network Statement: Not accepted",
		"1. Accept", "2. Decline", "3. Data sent", "4. Check now", "5. Back", "6. Quit",
		"Statement declined. Recorded at",
		"Kaspersky Security Network Statement: Declined at",
		"Page 1 of",
		"1. Accept", "2. Cancel", "3. Quit",
		"Participation turned on. Consent recorded at",
		"Participation: On",
	)
	h := r.consent()
	if len(h) != 2 || h[0].Decision != model.ConsentDeclined || h[1].Decision != model.ConsentAccepted {
		t.Fatalf("consent history: %+v", h)
	}
}

// TestWithdrawAtOnce: turning participation off records the withdrawal
// without a question.
func TestWithdrawAtOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var out terminal
	text, _ := run(t, r.options("1\n1\n1\n1\n"+pages+"1\n1\n6\n", &out))
	hasLines(t, text, "Participation turned on.", "1. Turn participation off", "Participation turned off. Withdrawal recorded at", "Participation in Kaspersky Security Network: Off", "1. Turn participation on")
	if h := r.consent(); len(h) != 2 || h[1].Decision != model.ConsentWithdrawn || h[1].Via != "tui" {
		t.Fatalf("consent history: %+v", h)
	}
}

// TestPolicyLocks: while the policy decides participation, the KSN window
// says so and offers no choice that changes it.
func TestPolicyLocks(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	r.policy(`{"participation": false}`)
	var out terminal
	text, _ := run(t, r.options("1\n1\n1\n5\n", &out))
	hasLines(t, text,
		"Participation in Kaspersky Security Network: Off",
		"Set by your administrator ("+filepath.Join(r.policyDir, "ksn", "policy.json")+")",
		"Participation is voluntary; on this computer your administrator decides it.",
		"1. Read the statement", "2. Data sent", "3. Check now", "4. Back", "5. Quit")
	if strings.Contains(text, "Turn participation") {
		t.Errorf("a locked choice was offered:\n%s", text)
	}
}

// TestSetup asks setup's question: Participate, the statement, I agree;
// Do not participate; Quit; and Participate when participating already.
func TestSetup(t *testing.T) {
	t.Parallel()
	setup := func(r *rig, typed string) (string, flow.SetupOutcome) {
		var out terminal
		o := r.options(typed, &out)
		o.Start, o.Via = flow.StartSetup, "setup"
		text, s := run(t, o)
		return text, s.Outcome()
	}
	r := newRig(t)
	text, o := setup(r, "2\n"+pages+"1\n")
	hasLines(t, text, "Kaspersky Free setup", "Do you want to participate in Kaspersky Security Network?",
		"Participation is voluntary; end it at any time in Settings › Security settings › Kaspersky Security Network, or with ksn disable.",
		"1. Read the statement", "2. Participate", "3. Do not participate", "4. Quit",
		"Page 1 of", "1. I agree", "2. Cancel", "3. Quit")
	if strings.Contains(text, "Participation turned on.") {
		t.Errorf("the session confirmed the decision itself; ksn setup says it once the session ends:\n%s", text)
	}
	if o.Recorded != model.ConsentAccepted || r.svc.Requests() != 0 {
		t.Errorf("outcome %+v, %d requests (setup checks nothing)", o, r.svc.Requests())
	}
	if h := r.consent(); len(h) != 1 || h[0].Via != "setup" {
		t.Fatalf("consent history: %+v", h)
	}
	text, o = setup(r, "2\n")
	if o.Already != model.ConsentAccepted || !strings.Contains(text, "Already decided: Accepted at ") {
		t.Errorf("participate again: %+v\n%s", o, text)
	}

	r = newRig(t)
	if _, o = setup(r, "1\n"+pages+"1\n4\n"); o != (flow.SetupOutcome{}) || len(r.consent()) != 0 {
		t.Errorf("read and quit: %+v", o)
	}
	if _, o = setup(r, "3\n"); o.Recorded != model.ConsentDeclined {
		t.Errorf("do not participate: %+v", o)
	}
	if _, o = setup(r, "3\n"); o.Already != model.ConsentDeclined || len(r.consent()) != 1 {
		t.Errorf("do not participate again: %+v", o)
	}

	r = newRig(t)
	r.policy(`{"participation": false}`)
	text, o = setup(r, "2\n")
	hasLines(t, text, "Participation: Off", "Set by your administrator", "1. Read the statement", "2. Quit")
	if o != (flow.SetupOutcome{}) {
		t.Errorf("locked: %+v", o)
	}
}

// TestInRussian walks in Russian and records the Russian statement.
func TestInRussian(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var out terminal
	o := r.options(strings.Join(walkOn, "\n")+"\n"+pages+"1\n6\n", &out)
	o.Lang = lang.Of(language.Russian)
	text, _ := run(t, o)
	hasLines(t, text,
		"Режим специальных возможностей. Введите номер пункта и нажмите Enter.",
		"Kaspersky Free",
		"1. Настройки",
		"2. Выход",
		"Введите число от 1 до 2:",
		"Настройки",
		"1. Настройки безопасности: Kaspersky Security Network",
		"2. Назад",
		"Настройки безопасности",
		"Участие в Kaspersky Security Network: "+say.In(o.Lang).OnOff(false),
		"1. Включить участие",
		"2. Прочитать Положение",
		"3. Отправленные данные",
		"4. Проверить сейчас",
		"1. Я согласен",
		"2. Отмена",
		"Страница 1 из",
		"1. Я согласен",
		"2. Отмена",
		"Введите число от 1 до 3:",
		"Это последняя страница.",
		"1. Выключить участие",
	)
	if h := r.consent(); len(h) != 1 || h[0].Lang != "ru" || h[0].SHA256 != statement.In(o.Lang).SHA256() {
		t.Fatalf("consent history: %+v", h)
	}
}

// TestRawTerminal: with Echo, what is typed is echoed, every line ends
// with \r\n, and ctrl+c ends the session at once.
func TestRawTerminal(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var out terminal
	o := r.options("1\n9\n", &out)
	o.In.(*typist).lines = []string{"1\r", "9\r", "\x03"}
	s := New(o)
	if err := s.Run(); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if strings.Contains(strings.ReplaceAll(text, "\r\n", ""), "\n") {
		t.Errorf("a line end without \\r:\n%q", text)
	}
	if !strings.Contains(text, "Enter a number between 1 and 3: 9\r\nThat is not one of the choices.\r\n") || !strings.HasSuffix(text, "^C\r\n") {
		t.Errorf("no echo, or no end:\n%q", text)
	}
}

// TestPaginate cuts between paragraphs, keeps a heading and a sentence
// ending with a colon with what follows, keeps every line in order, and
// cuts a paragraph longer than a page.
func TestPaginate(t *testing.T) {
	text := "  # Title\n\n  one\n  two\n\n  ## Heading\n\n  three\n  four\n  five\n\n  intro:\n\n  • a\n  • b\n\n\n  " + strings.Repeat("long\n  ", 9) + "end\n\n"
	pages := paginate(strings.Split(text, "\n"), 6)
	var all []string
	for i, p := range pages {
		if len(p) > 6 || len(p) == 0 {
			t.Errorf("page %d has %d lines", i+1, len(p))
		}
		if last := p[len(p)-1]; strings.HasPrefix(last, "#") || strings.HasSuffix(last, ":") || last == "" {
			t.Errorf("page %d ends with %q", i+1, last)
		}
		for _, l := range p {
			if l != "" {
				all = append(all, l)
			}
		}
	}
	want := strings.Fields(strings.ReplaceAll(text, "#", ""))
	if got := strings.Fields(strings.ReplaceAll(strings.Join(all, " "), "#", "")); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("lines lost or moved:\n%q\n%q", got, want)
	}
	if len(pages) < 5 || pages[1][0] != "## Heading" || pages[2][0] != "intro:" {
		t.Errorf("pages: %q", pages)
	}
}

// TestReadTheStatementWhileParticipating: "Read the statement" of the KSN
// window shows the statement in pages with only "Close" and records
// nothing; participation stays on (docs/screens.md).
func TestReadTheStatementWhileParticipating(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var out terminal
	typed := strings.Join(walkOn, "\n") + "\n" + pages + "1\n2\n" + pages + "1\n6\n"
	text, _ := run(t, r.options(typed, &out))
	hasLines(t, text,
		"Participation turned on. Consent recorded at",
		"1. Turn participation off",
		"2. Read the statement",
		"1. Close",
		"2. Quit",
		"Kaspersky Security Network Statement",
		"Participation in Kaspersky Security Network: On",
		"1. Turn participation off",
	)
	if strings.Contains(text[strings.LastIndex(text, "2. Read the statement"):], "I agree") {
		t.Errorf("reading again offered to agree:\n%s", text)
	}
	if h := r.consent(); len(h) != 1 || h[0].Decision != model.ConsentAccepted {
		t.Fatalf("reading recorded something: %+v", h)
	}
}

// TestDataSent: "Data sent" says "Nothing has been sent for this user."
// before anything was; after turning participation on, the check is listed
// (one choice a request, newest first, as many as reached the service),
// and choosing it says it whole, its key header the one the service got;
// once participation is off, since when nothing has been sent.
func TestDataSent(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	var out terminal
	o := r.options("1\n1\n1\n3\n1\n1\n"+pages+"1\n3\n1\n2\n1\n3\n3\n", &out)
	o.Checker = netcheck.New(netcheck.Options{UserAgent: "ksn/test", Record: flow.Recorder(r.store, nil)})
	text, _ := run(t, o)
	got := r.svc.Received()
	if len(got) != 1 {
		t.Fatalf("%d requests reached the service, want the check after I agree:\n%s", len(got), text)
	}
	hasLines(t, text,
		"3. Data sent",
		"Data sent",
		"Nothing has been sent for this user.",
		"1. Back",
		"Participation turned on. Consent recorded at",
		"Data sent",
		"1. "+say.In(lang.English()).SentLine(mustSent(t, r.store)[0], time.Now()),
		"2. Back",
		"GET "+r.url+"/v1/status",
		"Answer: 200",
		"  X-Ksn-Key-Sha256: "+got[0].Headers["X-Ksn-Key-Sha256"],
		"Body: none",
		"Participation turned off. Withdrawal recorded at",
		"Data sent",
	)
	if !strings.Contains(text, "Participation is off: nothing has been sent since ") {
		t.Errorf("off, Data sent does not say since when nothing has been sent:\n%s", text)
	}
}

// mustSent is what sent.jsonl records, oldest first.
func mustSent(t *testing.T, store *model.Store) []model.SentEntry {
	t.Helper()
	log, err := store.ReadSent(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return log.Entries
}

// TestAFailedDecisionIsAnswered: a decision that cannot be saved (here
// settings.json is a directory) is answered in the TUI's words: what was
// not done, and why, naming the file.
func TestAFailedDecisionIsAnswered(t *testing.T) {
	t.Parallel()
	r := newRig(t)
	if err := os.MkdirAll(r.store.Paths().SettingsFile(), 0o700); err != nil {
		t.Fatal(err)
	}
	var out terminal
	text, _ := run(t, r.options(strings.Join(walkOn, "\n")+"\n"+pages+"1\n6\n", &out))
	if !strings.Contains(text, "Participation was not turned on: ") || !strings.Contains(text, r.store.Paths().SettingsFile()) {
		t.Fatalf("no answer naming the file:\n%s", text)
	}
	if h := r.consent(); len(h) != 0 {
		t.Fatalf("consent history: %+v", h)
	}
}

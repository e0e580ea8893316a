package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"ksn/access/accesstest"
	"ksn/lang"
	"ksn/netcheck/ksntest"
	"ksn/statement"
)

// accessibleTerm starts ksn args (the test binary, called as ksn) with
// ACCESSIBLE=1 in an 80×24 pseudo-terminal, over the XDG directories under
// home, with an activated license and a loopback KSN service; env is more
// of the environment (LANG).
func accessibleTerm(t *testing.T, home string, args []string, env ...string) *ptyTerm {
	t.Helper()
	_, url := ksntest.NewTestServer(t, ksntest.Valid)
	write(t, filepath.Join(home, "config", "ksn", "license.json"),
		`{"key": "ABCDE-FGHIJ-KLMNO-PQRST", "activated": true, "expires_at": "2099-01-01T00:00:00Z"}`)
	env = append([]string{"KSN_ENDPOINT=" + url, "ACCESSIBLE=1", "LC_ALL=", "LC_MESSAGES=", "LANG=C.UTF-8"}, env...)
	return ksnInTerm(t, home, 80, 24, args, env...)
}

// reader reads an accessible session's plain transcript, as a screen
// reader does: it answers each prompt once it has appeared.
type reader struct {
	tm     *ptyTerm
	prompt *regexp.Regexp // every prompt: a choice's, a page's
	n      int            // prompts answered
}

// answer waits for the next prompt and types keys.
func (r *reader) answer(keys string) {
	r.tm.t.Helper()
	r.n++
	deadline := time.Now().Add(20 * time.Second)
	for len(r.prompt.FindAllStringIndex(r.tm.raw(), -1)) < r.n {
		if time.Now().After(deadline) {
			r.tm.t.Fatalf("timed out waiting for prompt %d; transcript:\n%s", r.n, r.tm.raw())
		}
		time.Sleep(10 * time.Millisecond)
	}
	r.tm.keys(keys)
}

// englishPrompts are the prompts of an English session: a choice's, and
// the one between the statement's pages.
var englishPrompts = regexp.MustCompile(`Enter a number between 1 and|Page \d+ of \d+\. Enter`)

// acceptInKSN walks from the main window to the Kaspersky Security
// Network window, turns participation on, pages through the statement in
// English and agrees.
func (r *reader) acceptInKSN() {
	r.tm.t.Helper()
	r.answer("1\r") // Settings
	r.answer("1\r") // Security settings
	r.answer("1\r") // Kaspersky Security Network
	r.answer("1\r") // Turn participation on
	r.pageThrough(regexp.MustCompile(`Page (\d+) of (\d+)`))
	r.answer("1\r") // I agree
}

// pageThrough presses Enter until the last page of the statement, pages
// matching "Page N of M" in the session's language.
func (r *reader) pageThrough(pages *regexp.Regexp) {
	r.tm.t.Helper()
	for range 50 {
		ms := pages.FindAllStringSubmatch(r.tm.raw(), -1)
		if len(ms) > 0 && ms[len(ms)-1][1] == ms[len(ms)-1][2] {
			return
		}
		r.answer("\r")
	}
	r.tm.t.Fatalf("no last page; transcript:\n%s", r.tm.raw())
}

// transcript is the session's output as lines, with no escape sequence:
// the test fails on one.
func transcript(t *testing.T, tm *ptyTerm) string {
	t.Helper()
	raw := tm.raw()
	if i := strings.IndexByte(raw, 0x1b); i >= 0 {
		t.Fatalf("an escape sequence at byte %d of the transcript:\n%q", i, raw[max(i-80, 0):min(i+80, len(raw))])
	}
	if strings.Contains(strings.ReplaceAll(raw, "\r\n", ""), "\n") {
		t.Errorf("a line end without a carriage return:\n%q", raw)
	}
	return strings.ReplaceAll(raw, "\r\n", "\n")
}

// consentOf reads consent.jsonl under home: it must hold exactly one
// acceptance, of the statement in l, via via.
func consentOf(t *testing.T, home string, l lang.Lang, via string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(home, "state", "ksn", "consent.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	want := []string{`"decision":"accepted"`, `"via":"` + via + `"`, `"lang":"` + l.Code() + `"`, `"sha256":"` + statement.In(l).SHA256() + `"`}
	for _, w := range want {
		if len(lines) != 1 || !strings.Contains(lines[0], w) {
			t.Fatalf("consent.jsonl has not %s:\n%s", w, data)
		}
	}
}

// TestAccessibleWalkInATerminal walks the whole flow in a real
// pseudo-terminal with ACCESSIBLE=1, reading only the plain transcript:
// main window, Settings, Security settings, KSN, turn participation on,
// the statement's pages, I agree, check now, quit. Not one escape
// sequence is written; every fact and choice is a line; the acceptance is
// recorded via "tui" with the statement's language. Then the same in
// Russian.
func TestAccessibleWalkInATerminal(t *testing.T) {
	t.Parallel()
	t.Run("en", func(t *testing.T) {
		t.Parallel()
		home := t.TempDir()
		tm := accessibleTerm(t, home, nil)
		r := &reader{tm: tm, prompt: englishPrompts}
		r.acceptInKSN()
		r.answer("4\r") // Check now
		r.answer("6\r") // Quit
		tm.wait()

		text := transcript(t, tm)
		accesstest.InOrder(t, text,
			"Accessible mode. Type the number of a choice and press Enter.",
			"Kaspersky Free",
			"KSN: Off",
			"Connection: Not connected",
			"License: Active · key …PQRST · until ",
			"1. Settings",
			"2. Quit",
			"Enter a number between 1 and 2: 1",
			"Settings",
			"1. Security settings: Kaspersky Security Network",
			"2. Back",
			"3. Quit",
			"Enter a number between 1 and 3: 1",
			"Security settings",
			"1. Kaspersky Security Network: Off · Not connected",
			"Enter a number between 1 and 3: 1",
			"Kaspersky Security Network",
			"Participation in Kaspersky Security Network: Off",
			"Kaspersky Security Network (KSN) is a cloud knowledge base",
			"While you participate, this computer sends:",
			"Participation is voluntary; turn it off here at any time.",
			"Connection status: Not connected, checked ",
			"You do not participate in Kaspersky Security Network.",
			"What to do: Choose “Turn participation on”.",
			"1. Turn participation on",
			"2. Read the statement",
			"3. Data sent",
			"4. Check now",
			"5. Back",
			"6. Quit",
			"Enter a number between 1 and 6: 1",
			"1. I agree",
			"2. Cancel",
			"3. Quit",
			"Kaspersky Security Network Statement",
			"Page 1 of ",
			"Page 2 of ",
			"1. I agree",
			"2. Cancel",
			"3. Quit",
			"Enter a number between 1 and 3: 1",
			"Participation turned on. Consent recorded at ",
			"Checking…",
			"Kaspersky Security Network",
			"Participation in Kaspersky Security Network: On",
			"Connection status: Connected, checked ",
			"1. Turn participation off",
			"2. Read the statement",
			"3. Data sent",
			"4. Check now",
			"Enter a number between 1 and 6: 4",
			"Checking…",
			"Connection status: Connected, checked ",
			"1. Turn participation off",
			"Enter a number between 1 and 6: 6",
		)
		consentOf(t, home, lang.English(), "tui")
	})
	t.Run("ru", func(t *testing.T) {
		t.Parallel()
		home := t.TempDir()
		tm := accessibleTerm(t, home, nil, "LANG=ru_RU.UTF-8")
		r := &reader{tm: tm, prompt: regexp.MustCompile(`Введите число от 1 до|Страница \d+ из \d+\. Enter`)}
		r.answer("1\r")
		r.answer("1\r")
		r.answer("1\r")
		r.answer("1\r")
		r.pageThrough(regexp.MustCompile(`Страница (\d+) из (\d+)`))
		r.answer("1\r")
		r.answer("4\r")
		r.answer("6\r")
		tm.wait()

		text := transcript(t, tm)
		accesstest.InOrder(t, text,
			"Режим специальных возможностей. Введите номер пункта и нажмите Enter.",
			"Kaspersky Free",
			"KSN: Выкл.",
			"Подключение: Нет подключения",
			"1. Настройки",
			"2. Выход",
			"Введите число от 1 до 2: 1",
			"Настройки",
			"1. Настройки безопасности: Kaspersky Security Network",
			"2. Назад",
			"3. Выход",
			"Настройки безопасности",
			"1. Kaspersky Security Network: Выкл.",
			"Kaspersky Security Network",
			"Участие в Kaspersky Security Network: Выкл.",
			"Kaspersky Security Network (KSN) — облачная база знаний",
			"Участие добровольное; его можно выключить здесь в любой момент.",
			"Состояние подключения: Нет подключения",
			"1. Включить участие",
			"2. Прочитать Положение",
			"3. Отправленные данные",
			"4. Проверить сейчас",
			"5. Назад",
			"6. Выход",
			"1. Я согласен",
			"2. Отмена",
			"3. Выход",
			"Страница 1 из ",
			"1. Я согласен",
			"2. Отмена",
			"3. Выход",
			"Введите число от 1 до 3: 1",
			"Участие в Kaspersky Security Network: Вкл.",
			"Состояние подключения: Подключено",
			"1. Выключить участие",
			"Введите число от 1 до 6: 4",
			"Состояние подключения: Подключено",
			"Введите число от 1 до 6: 6",
		)
		consentOf(t, home, lang.Of(language.Russian), "tui")
	})
}

// TestAccessibleEndsCleanly: ctrl+d and ctrl+c at a prompt end the
// session with exit status 0, and the terminal is given back.
func TestAccessibleEndsCleanly(t *testing.T) {
	t.Parallel()
	for name, key := range map[string]string{"ctrl+d": "\x04", "ctrl+c": "\x03"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tm := accessibleTerm(t, t.TempDir(), nil)
			r := &reader{tm: tm, prompt: englishPrompts}
			r.answer("1\r")
			r.answer("x\r") // not a choice: asked again
			r.answer(key)
			if code := tm.waitExit(); code != 0 {
				t.Errorf("exit %d, want 0", code)
			}
			accesstest.InOrder(t, transcript(t, tm), "Enter a number between 1 and 3: x", "That is not one of the choices.", "Enter a number between 1 and 3:")
		})
	}
}

// TestAccessibleSetup asks `ksn setup --accessible`'s question as lines,
// accepts, and prints setup's own final lines.
func TestAccessibleSetup(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	tm := accessibleTerm(t, home, []string{"setup", "--accessible"}, "ACCESSIBLE=")
	r := &reader{tm: tm, prompt: englishPrompts}
	r.answer("2\r") // Participate
	r.pageThrough(regexp.MustCompile(`Page (\d+) of (\d+)`))
	r.answer("1\r") // I agree
	tm.wait()
	accesstest.InOrder(t, transcript(t, tm),
		"Kaspersky Free setup",
		"Do you want to participate in Kaspersky Security Network?",
		"1. Read the statement",
		"2. Participate",
		"3. Do not participate",
		"4. Quit",
		"Enter a number between 1 and 4: 2",
		"Page 1 of ",
		"1. I agree",
		"Enter a number between 1 and 3: 1",
		"Participation turned on. Consent recorded at ",
		"Recorded in "+filepath.Join(home, "state", "ksn", "consent.jsonl")+".",
	)
	if n := strings.Count(transcript(t, tm), "Participation turned on."); n != 1 {
		t.Errorf("the decision was confirmed %d times, want once", n)
	}
	consentOf(t, home, lang.English(), "setup")
}

package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	"ksn/model"
	"ksn/say"
	"ksn/statement"
	"ksn/ui/help"
)

// The answers of docs/screens.md, word for word, at the test clock's 10:42.
const (
	answerOn       = "Participation turned on. Consent recorded at 10:42."
	answerOff      = "Participation turned off. Withdrawal recorded at 10:42."
	answerDeclined = "Statement declined. Recorded at 10:42."
)

func TestEveryDecisionIsAnswered(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	e.keys("space")
	e.until("the Statement window", func() bool { return e.at(help.Statement) })
	e.keys("tab", "enter")
	e.until("the answer to the acceptance", func() bool { return strings.Contains(e.screen(), answerOn) })
	time.Sleep(1500 * time.Millisecond) // the watcher sees this App's own write
	e.settle()
	if s := e.screen(); strings.Contains(s, "Changed elsewhere") || !strings.Contains(s, answerOn) {
		t.Fatalf("this App's own change was taken for another's:\n%s", s)
	}
	e.keys("r") // any key ends the answer
	e.settle()
	if strings.Contains(e.screen(), answerOn) {
		t.Fatalf("the answer outlived the next key:\n%s", e.screen())
	}
	e.keys("space")
	e.until("the answer to the withdrawal", func() bool { return strings.Contains(e.screen(), answerOff) })
}

func TestDeclineIsAnswered(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense, func(o *Options) { o.Overrides.Window = model.WindowStatement })
	e.walkToKSN()
	e.keys("tab", "enter")
	e.until("the answer to the decline", func() bool { return strings.Contains(e.screen(), answerDeclined) })
}

func TestAnAnswerEndsAfterItsTime(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	e.app.answer(answerOn)
	gen := e.app.flashGen
	e.send(flashEndMsg{gen: gen - 1}) // an older answer's timer
	if !strings.Contains(e.screen(), answerOn) {
		t.Fatalf("an older timer ended the answer:\n%s", e.screen())
	}
	e.send(flashEndMsg{gen: gen})
	if strings.Contains(e.screen(), answerOn) {
		t.Fatalf("the answer outlived its time:\n%s", e.screen())
	}
	if flashFor != 10*time.Second {
		t.Fatalf("an answer stays %s, the README says 10 s", flashFor)
	}
}

func TestAChangeMadeElsewhereIsSaid(t *testing.T) {
	t.Parallel()
	e := newEnv(t, validLicense)
	e.walkToKSN()
	_, err := e.store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
		var c model.ConsentEntry
		*s, c = s.Accept(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, fixedNow, "ssh:bob")
		return &c, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	const want = "Changed elsewhere at 10:42: participation is now On."
	e.until("the change from elsewhere", func() bool { return strings.Contains(e.screen(), want) })
	if strings.Contains(e.screen(), answerOn) {
		t.Fatal("another session's change was answered as this one's")
	}
}

// A decision that cannot be saved is answered too, in the session's
// language, naming the file: with settings.json a directory the banner
// says so already, and the answer is what tells the press was refused.
func TestAFailedDecisionIsAnswered(t *testing.T) {
	t.Parallel()
	for _, l := range languages() {
		e := newEnv(t, validLicense, func(o *Options) { o.Lang = l })
		file := e.store.Paths().SettingsFile()
		if err := os.MkdirAll(file, 0o700); err != nil {
			t.Fatal(err)
		}
		e.walkToKSN()
		e.keys("space")
		e.until("the Statement window", func() bool { return e.at(help.Statement) })
		e.keys("tab", "enter")
		want := say.In(l).T("say.not_turned_on", "Why", "")
		e.idle()
		e.until("the answer to the failed acceptance", func() bool { return e.app.sh.flash != "" })
		flash := e.app.sh.flash
		if !strings.HasPrefix(flash, want) || !strings.Contains(flash, file) {
			t.Errorf("%s: the answer is %q, want %q and the file %s", l.Code(), flash, want, file)
		}
		if e.app.sh.participating() {
			t.Errorf("%s: participation is on", l.Code())
		}
	}
}

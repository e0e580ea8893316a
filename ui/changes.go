package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"ksn/flow"
	"ksn/say"
)

// record records a decision unless one is being saved. Turning
// participation off cancels a check in flight at once.
func (a *App) record(d flow.Choice) tea.Cmd {
	sh := a.sh
	if sh.saving {
		return nil
	}
	if sh.consentLocked() { // e.g. a policy arrived while the Statement window was open; flow.Decide would refuse it too
		sh.notice = sh.say.LockedRefusal(sh.files.Policy.Path)
		return a.layout()
	}
	if d == flow.Withdraw || d == flow.Decline {
		a.dropCheck()
	}
	sh.saving = true
	sh.opts.Saves.Add(1)
	return saveDecision(sh.opts.Saves, sh.opts.Store, flow.Request{
		Choice: d, Statement: sh.decidedOn(), Via: sh.opts.Via, Key: sh.opts.Key, At: sh.now(), PolicyDirs: sh.opts.PolicyDirs,
		OnlyIfChanged: sh.opts.Start == StartSetup, // the question answers "already"
	})
}

// reload applies settings read again after a change on disk, and checks
// again if what the check depends on changed.
func (a *App) reload(msg loadedMsg) tea.Cmd {
	sh := a.sh
	before := sh.state()
	a.apply(msg)
	ch := flow.Changed(before, sh.state(), sh.opts.Timeout)
	var cmds []tea.Cmd
	if ch.Participation && !sh.saving {
		// Not this App's own save (that is answered when it is done).
		cmds = append(cmds, a.answer(sh.say.ChangedElsewhere(sh.now(), sh.now(), sh.participating())))
	}
	if ch.CheckInput {
		if !sh.checkInput().Participating {
			a.dropCheck()
		}
		if !sh.saving { // this App's own save checks once it is done
			cmds = append(cmds, a.startCheck())
		}
	}
	if ch.Interval {
		a.tickGen++
		cmds = append(cmds, tick(a.ctx, a.tickGen, sh.interval()))
	}
	return tea.Batch(append(cmds, a.layout())...)
}

// apply takes freshly read files into the shared state, and says what is
// wrong with them in the banner.
func (a *App) apply(msg loadedMsg) {
	sh := a.sh
	f := msg.files
	sh.setFiles(f)
	if f.LoadErr == nil && f.Notice.CorruptCopy != "" {
		sh.kept = f.Notice.CorruptCopy // stays said when the next reload finds no file
	}
	sh.notice = problems(sh.say.Notices(f, sh.kept, sh.state())...)
}

// flashFor is how long an answer to a change stays without a key (docs/screens.md).
const flashFor = 10 * time.Second

// answer shows text as the answer to a change until the next key or for
// flashFor; "" shows nothing.
func (a *App) answer(text string) tea.Cmd {
	if text == "" {
		return nil
	}
	a.flashGen++
	a.sh.flash = text
	return tea.Batch(a.layout(), after(a.ctx, flashFor, flashEndMsg{gen: a.flashGen}))
}

// confirmation is the answer to a decision saved by this App.
func confirmation(v say.Voice, msg savedMsg, now time.Time) string {
	return v.Decided(msg.outcome, now)
}

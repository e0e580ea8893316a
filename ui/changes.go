package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"ksn/model"
	"ksn/statement"
)

// decide records a decision unless one is being saved. Turning
// participation off cancels a check in flight at once.
func (a *App) decide(d decision) tea.Cmd {
	sh := a.sh
	if sh.saving {
		return nil
	}
	if sh.consentLocked() { // e.g. a policy arrived while the Statement window was open
		sh.notice = sh.policy.LockedMessage() + ": participation cannot be changed here."
		return a.layout()
	}
	st := sh.user.KSN.Statement
	if d == decideDecline && !sh.participating() && st.Decision == model.DecisionDeclined && st.SHA256 == statement.SHA256() {
		return nil // already declined: nothing to record
	}
	if d == decideWithdraw || d == decideDecline {
		a.dropCheck()
	}
	sh.saving = true
	sh.opts.Saves.Add(1)
	return saveDecision(sh.opts.Saves, sh.opts.Store, d, sh.opts.Via, sh.now())
}

// reload applies settings read again after a change on disk, and checks
// again if what the check depends on changed.
func (a *App) reload(msg loadedMsg) tea.Cmd {
	sh := a.sh
	before := sh.checkInput()
	interval := sh.interval()
	a.apply(msg)
	var cmds []tea.Cmd
	if sh.checkInput() != before {
		if !sh.checkInput().Participating {
			a.dropCheck()
		}
		cmds = append(cmds, a.startCheck())
	}
	if sh.interval() != interval {
		a.tickGen++
		cmds = append(cmds, tick(a.ctx, a.tickGen, sh.interval()))
	}
	return tea.Batch(append(cmds, a.layout())...)
}

// apply takes freshly loaded settings, policy and license into the shared
// state, and says what is wrong with them in the banner.
func (a *App) apply(msg loadedMsg) {
	sh := a.sh
	sh.user, sh.policy = msg.settings, msg.policy
	sh.settings = msg.policy.Apply(msg.settings)
	sh.license, sh.hasLic, sh.licErr = msg.license, msg.hasLic, msg.licErr
	var notes []string
	switch {
	case msg.err != nil:
		notes = append(notes, msg.err.Error())
	case msg.notice.CorruptCopy != "":
		sh.kept = msg.notice.CorruptCopy
	case msg.notice.Message != "":
		notes = append(notes, msg.notice.Message)
	}
	if sh.kept != "" { // stays said when the next reload finds no file
		notes = append(notes, keptNote(sh.kept))
	}
	if u := msg.settings.KSN; u.Participation && u.Statement.Decision == model.DecisionAccepted && u.Statement.SHA256 != statement.SHA256() {
		notes = append(notes, "The KSN Statement has changed since you accepted it: participation is off until you read it and accept it again (Settings › Security settings › Kaspersky Security Network).")
	}
	if msg.policyErr != nil {
		notes = append(notes, msg.policyErr.Error())
	} else if msg.policy.Problem != "" {
		notes = append(notes, "policy "+msg.policy.Path+": "+msg.policy.Problem)
	}
	if msg.licErr != nil {
		notes = append(notes, msg.licErr.Error())
	}
	sh.notice = oneLine(strings.Join(notes, " · "))
}

// keptNote tells where a broken settings.json was kept.
func keptNote(path string) string {
	return "settings.json could not be read, so defaults are in use; it was kept as " + path
}

package ui

import (
	"time"

	"charm.land/bubbles/v2/spinner"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/say"
	"ksn/statement"
)

// shared is what every screen of one App reads: the files and what is in
// force, the connection check, the look, the keys and the words. Only the
// App writes it, in Update; screens read it and answer with an action.
type shared struct {
	opts    Options
	say     say.Voice    // every word, in the session's language
	files   model.Files  // settings, policy and license as last read; set with setFiles, setSaved
	inForce flow.InForce // derived from files, the check and the clock by derive
	notice  string       // the banner's problems, one safe line each, joined by "\n": a kept-aside settings file, a failed save…
	flash   string       // the answer to the last change, until the next key or flashFor
	kept    string       // where a broken settings.json was kept, until the next save

	checking bool
	result   *netcheck.Result
	spinner  spinner.Model

	styles  Styles
	marks   markers // the scroll markers, in styles
	isDark  bool
	plain   bool // no colour (NO_COLOR or a colourless terminal)
	keys    keyMap
	width   int
	height  int
	saving  bool
	renders *statement.Cache
}

// setLook takes the background's darkness: the styles follow.
func (s *shared) setLook(isDark bool) {
	s.isDark = isDark
	s.styles = NewStyles(isDark)
	s.marks = newMarkers(s.say, s.styles)
}

// state is what is in force now: the one derivation (flow.Derive) the
// CLI and `ksn serve` use too, as derive last worked it out.
func (s *shared) state() flow.InForce { return s.inForce }

// derive works out what is in force again: when the files or the check
// change, and for every message but input (so the clock is read again).
func (s *shared) derive() {
	s.inForce = flow.Derive(s.files, s.opts.Overrides, s.result, s.now(), statement.Current()...)
}

// setFiles takes freshly read files.
func (s *shared) setFiles(f model.Files) {
	s.files = f
	s.derive()
}

// setSaved takes the user's settings as just saved by o, and the consent
// line it recorded, if it did.
func (s *shared) setSaved(o flow.Outcome) {
	s.files.User = o.Settings
	if o.Recorded {
		s.files.Consent, s.files.ConsentOK = o.Entry, true
	}
	s.derive()
}

// setResult takes the result of a check.
func (s *shared) setResult(r netcheck.Result) {
	s.result = &r
	s.derive()
}

// participating applies the invariant of docs/files.md.
func (s *shared) participating() bool { return s.state().Participating }

// window is the KSN window layout in force.
func (s *shared) window() model.Window { return s.state().Window }

// consentLocked reports whether the administrator decides participation,
// so the toggle and the Accept and Decline buttons cannot change it.
func (s *shared) consentLocked() bool { return s.files.Policy.LocksConsent() }

// interval is the time between background checks.
func (s *shared) interval() time.Duration { return s.state().Interval }

// theme is the Glamour theme for the current background.
func (s *shared) theme() statement.Theme {
	switch {
	case s.plain:
		return statement.ThemePlain
	case s.isDark:
		return statement.ThemeDark
	}
	return statement.ThemeLight
}

// now is the clock.
func (s *shared) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// checkInput is the netcheck input for the state in force, as plain values.
func (s *shared) checkInput() netcheck.Input { return s.state().CheckInput(s.opts.Timeout) }

// statement is the statement in the session's language: the one it shows
// and the one its decisions are about.
func (s *shared) statement() statement.Text { return statement.In(s.say.Lang) }

// decidedOn names the session's statement for a decision.
func (s *shared) decidedOn() model.Statement { return flow.DecidedOn(s.statement()) }

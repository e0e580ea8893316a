package ui

import (
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/say"
	"ksn/statement"
)

// shared is what every screen of one App reads: the files, the connection
// check, the look. Only the App writes it, in Update.
type shared struct {
	opts  Options
	say   say.Voice   // every word, in the session's language
	files model.Files // settings, policy and license as last read; set with setFiles, setUser
	// filesGen counts changes of files; inForce is state()'s cache.
	filesGen   int
	inForce    flow.InForce
	inForceKey inForceKey
	inForceOK  bool
	notice     string // a one-line banner: a kept-aside settings file, a failed save…
	flash      string // the answer to the last change, until the next key or flashFor
	kept       string // where a broken settings.json was kept, until the next save

	checking bool
	result   *netcheck.Result
	spinner  spinner.Model

	styles  Styles
	isDark  bool
	plain   bool // no colour (NO_COLOR or a colourless terminal)
	keys    keyMap
	width   int
	height  int
	saving  bool
	renders *statement.Cache
	outbox  []tea.Msg // messages from screens, routed by the App before it returns
	rev     int       // bumped whenever anything above changes; screens key their caches on it
}

// emit sends msg to the App, which handles it before the next input: a key
// typed ahead reaches the screen that the previous key opened.
func (s *shared) emit(msg tea.Msg) { s.outbox = append(s.outbox, msg) }

// state is what is in force now: the one derivation (flow.Derive) the
// CLI and `ksn serve` use too. It is worked out again when the files or
// the check change (setFiles, setResult) or rev moves (every message but
// input bumps it, so the clock is read again), not for each line that
// reads it.
func (s *shared) state() flow.InForce {
	key := inForceKey{rev: s.rev, files: s.filesGen, result: s.result}
	if !s.inForceOK || s.inForceKey != key {
		s.inForce = flow.Derive(s.files, s.opts.Overrides, s.result, s.now(), statement.Current()...)
		s.inForceKey, s.inForceOK = key, true
	}
	return s.inForce
}

// inForceKey is what the cached state was derived from.
type inForceKey struct {
	rev, files int
	result     *netcheck.Result
}

// setFiles takes freshly read files.
func (s *shared) setFiles(f model.Files) {
	s.files = f
	s.filesGen++
}

// setUser takes the user's settings as just saved.
func (s *shared) setUser(u model.Settings) {
	s.files.User = u
	s.filesGen++
}

// participating applies the invariant of SPEC §2.
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

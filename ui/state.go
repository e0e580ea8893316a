package ui

import (
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"ksn/model"
	"ksn/netcheck"
	"ksn/statement"
)

// shared is what every screen of one App reads: the settings, the license,
// the connection check, the look. Only the App writes it, in Update.
type shared struct {
	opts     Options
	user     model.Settings // as in the user's settings.json
	policy   model.Policy   // the administrator's, if any
	settings model.Settings // in force: user's with the policy applied
	license  model.License
	hasLic   bool
	licErr   error
	notice   string // a one-line banner: a kept-aside settings file, a failed save…
	kept     string // where a broken settings.json was kept, until the next save

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

// participating applies the invariant of SPEC §2 to the loaded settings.
func (s *shared) participating() bool {
	return s.settings.Participating(statement.SHA256())
}

// window is the KSN window layout in force: a policy, then the flag, then
// the user's file.
func (s *shared) window() model.Window {
	if s.opts.Window != "" && !s.policy.Locks("window") {
		return s.opts.Window
	}
	if s.settings.KSN.Window == "" {
		return model.WindowInfo
	}
	return s.settings.KSN.Window
}

// endpoint is the KSN service in force: flag or environment, then the file,
// then the default.
func (s *shared) endpoint() string {
	switch {
	case s.opts.Endpoint != "" && !s.policy.Locks("endpoint"):
		return s.opts.Endpoint
	case s.settings.KSN.Endpoint != "":
		return s.settings.KSN.Endpoint
	}
	return model.DefaultEndpoint
}

// consentLocked reports whether the administrator decides participation,
// so the toggle and the Accept and Decline buttons cannot change it.
func (s *shared) consentLocked() bool {
	return s.policy.Locks("participation") || s.policy.Locks("statement")
}

// interval is the time between background checks.
func (s *shared) interval() time.Duration {
	if d := time.Duration(s.settings.KSN.CheckInterval); d > 0 {
		return d
	}
	return model.DefaultCheckInterval
}

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
func (s *shared) checkInput() netcheck.Input {
	in := netcheck.Input{
		Participating: s.participating(),
		Endpoint:      s.endpoint(),
		Timeout:       s.opts.Timeout,
	}
	if s.hasLic && s.licErr == nil {
		in.License = netcheck.License{
			Present:   true,
			Activated: s.license.Activated,
			ExpiresAt: s.license.ExpiresAt,
			KeySHA256: s.license.KeySHA256(),
		}
	}
	return in
}

package say

import (
	"errors"
	"time"

	"ksn/flow"
	"ksn/safe"
	"ksn/statement"
)

// Product is the main window's title, the product's name in every
// language, for every face.
const Product = "Kaspersky Free"

// Decided says what flow.Decide did: the decision recorded, at what time,
// or that the settings already said so and nothing changed: the answer of
// the TUI and the accessible mode (the CLI says TurnedOn… or Already with
// lines of its own).
func (v Voice) Decided(o flow.Outcome, now time.Time) string {
	if !o.Recorded {
		return v.Already(o.Choice, o.At, now)
	}
	switch o.Choice {
	case flow.Accept:
		return v.TurnedOn(o.At, now)
	case flow.Decline:
		return v.dropped(v.Declined(o.At, now), o)
	case flow.Withdraw:
		return v.dropped(v.TurnedOff(o.At, now), o)
	}
	return ""
}

// dropped is s, and that the pending report was deleted if o deleted it.
func (v Voice) dropped(s string, o flow.Outcome) string {
	if o.Dropped {
		return s + " " + v.ReportDeleted()
	}
	return s
}

// Already says that c changed nothing: participation was on already (the
// statement accepted at since), off already, or the statement declined
// already at since.
func (v Voice) Already(c flow.Choice, since, now time.Time) string {
	switch c {
	case flow.Accept:
		return v.T("cli.enable.already", "Version", statement.Version, "When", v.AtOn(since, now))
	case flow.Decline:
		return v.T("cli.setup.already_declined", "Version", statement.Version, "When", v.AtOn(since, now))
	case flow.Withdraw:
		return v.T("cli.disable.already")
	}
	return ""
}

// NotDecided answers choice c when flow.Decide recorded nothing: that it
// was not made, and why (DecideErr), e.g. "Participation was not turned on:
// …" naming the file.
func (v Voice) NotDecided(c flow.Choice, err error) string {
	id := "say.not_turned_on"
	switch c {
	case flow.Withdraw:
		id = "say.not_turned_off"
	case flow.Decline:
		id = "say.not_declined"
	}
	return v.T(id, "Why", v.DecideErr(err))
}

// DecideErr says why flow.Decide recorded nothing: the administrator's
// policy decides participation, settings.json is not valid, or what the
// store said.
func (v Voice) DecideErr(err error) string {
	var locked *flow.LockedError
	var invalid *flow.InvalidSettingsError
	switch {
	case errors.As(err, &locked):
		return v.LockedRefusal(locked.Path)
	case errors.As(err, &invalid):
		return v.T("cli.settings.invalid", "Path", safe.Text(invalid.Path), "Error", v.Err(invalid.Err))
	}
	return v.Text(err)
}

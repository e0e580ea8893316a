package ui

import (
	"strings"
	"time"

	"ksn/model"
	"ksn/statement"
)

// labelColumn is where values start in the main window's status lines.
const labelColumn = 14

// mainInfo renders, within height lines, the main window's state lines: participation,
// connection, license.
func mainInfo(sh *shared, width, height int) string {
	st := sh.styles
	lines := func(conn string) string {
		return strings.Join([]string{
			row(st, "KSN", onOff(sh), labelColumn, width),
			row(st, "Connection", conn, labelColumn, width),
			row(st, "License", licenseText(sh), labelColumn, width),
		}, "\n")
	}
	conn := connectionWord(sh)
	if r := sh.result; r != nil && !r.Connected && !sh.checking {
		// The reason, when there is room for it.
		if out := lines(conn + "\n" + st.Muted.Render(r.Message)); lineCount(out) <= height {
			return out
		}
	}
	return lines(conn)
}

// onOff is the participation state, styled.
func onOff(sh *shared) string {
	if sh.participating() {
		return sh.styles.On.Render("On")
	}
	return sh.styles.Off.Render("Off")
}

// connectionWord is "Connected", "Not connected" or what is happening instead.
func connectionWord(sh *shared) string {
	st := sh.styles
	switch {
	case sh.checking:
		return sh.spinner.View() + " Checking…"
	case sh.result == nil:
		return st.Muted.Render("Not checked yet")
	case sh.result.Connected && sh.result.Restricted():
		return st.OK.Render("Connected") + st.Warn.Render(" · restricted")
	case sh.result.Connected:
		return st.OK.Render("Connected")
	}
	return st.Bad.Render("Not connected")
}

// ksnSummary is the KSN entry's state in Security settings, e.g. "On · Connected".
func ksnSummary(sh *shared) string {
	state := "Off"
	if sh.participating() {
		state = "On"
	}
	conn := "Not checked yet"
	switch {
	case sh.checking:
		conn = "Checking…"
	case sh.result != nil && sh.result.Connected:
		conn = "Connected"
	case sh.result != nil:
		conn = "Not connected"
	}
	return state + " · " + conn
}

// licenseText describes the license without its key, but for the last five characters.
func licenseText(sh *shared) string {
	st := sh.styles
	switch {
	case sh.licErr != nil:
		return st.Bad.Render("Cannot be read")
	case !sh.hasLic:
		return st.Bad.Render("Not activated") + st.Muted.Render(" · no license installed")
	case !sh.license.Activated:
		return st.Bad.Render("Not activated") + st.Muted.Render(" · key …"+sh.license.KeySuffix())
	case sh.result != nil && sh.result.KeyState == "denylisted":
		return st.Bad.Render("Key on a denylist") + st.Muted.Render(" · key …"+sh.license.KeySuffix())
	case sh.license.Expired(sh.now()) || (sh.result != nil && sh.result.KeyState == "expired"):
		return st.Bad.Render("Expired") + st.Muted.Render(" · key …"+sh.license.KeySuffix())
	}
	out := st.OK.Render("Active") + st.Muted.Render(" · key …"+sh.license.KeySuffix())
	if !sh.license.ExpiresAt.IsZero() {
		out += st.Muted.Render(" · until " + sh.license.ExpiresAt.Local().Format("2 Jan 2006"))
	}
	return out
}

// statementState is the statement's state in the statement layout.
func statementState(sh *shared) string {
	d := sh.settings.KSN.Statement
	at := d.DecidedAt.Local().Format("2 Jan 2006 15:04")
	switch {
	case d.Decision == model.DecisionAccepted && d.SHA256 == statement.SHA256() && !sh.participating():
		return "Accepted on " + at + "; participation is off"
	case d.Decision == model.DecisionAccepted && d.SHA256 == statement.SHA256():
		return "Accepted on " + at
	case d.Decision == model.DecisionAccepted:
		return "Not accepted: the statement has changed since you accepted it on " + at
	case d.Decision == model.DecisionDeclined:
		return "Declined on " + at
	}
	return "Not accepted"
}

// clock formats a time of day for "checked" and "until".
func clock(t time.Time, now time.Time) string {
	t, now = t.Local(), now.Local()
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04:05")
	}
	return t.Format("2 Jan 15:04")
}

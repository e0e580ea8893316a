package ui

import (
	"strings"

	"ksn/model"
	"ksn/statement"
)

// labelColumn is where values start in the main window's status lines.
const labelColumn = 14

// mainInfo renders the main window's state lines (SPEC §3): participation
// and the connection in one line each, and the license. The reason and
// what to do are in the KSN window.
func mainInfo(sh *shared, width int) string {
	st := sh.styles
	in := sh.state()
	conn := connectionWord(sh, in)
	return strings.Join([]string{
		row(st, "KSN", onOff(sh, in), labelColumn, width),
		row(st, "Connection", conn, labelColumn, width),
		row(st, "License", licenseText(sh, in), labelColumn, width),
	}, "\n")
}

// onOff is the participation state, styled.
func onOff(sh *shared, in model.InForce) string {
	if in.Participating {
		return sh.styles.On.Render(sh.say.OnOff(true))
	}
	return sh.styles.Off.Render(sh.say.OnOff(false))
}

// connectionWord is say.Connection, styled, with the spinner while checking.
func connectionWord(sh *shared, in model.InForce) string {
	st := sh.styles
	c := in.Connection()
	word := sh.say.Connection(c, sh.checking)
	switch {
	case sh.checking:
		return sh.spinner.View() + " " + word
	case c == model.NotChecked:
		return st.Muted.Render(word)
	case c == model.Restricted:
		return st.OK.Render(sh.say.Connection(model.Connected, false)) + st.Warn.Render(strings.TrimPrefix(word, sh.say.Connection(model.Connected, false)))
	case c == model.Connected:
		return st.OK.Render(word)
	}
	return st.Bad.Render(word)
}

// ksnSummary is the KSN entry's state in Security settings, e.g. "On · Connected".
func ksnSummary(sh *shared) string {
	return sh.say.Summary(sh.state(), sh.checking)
}

// licenseText is say.License, styled: the state in its colour, the rest muted.
func licenseText(sh *shared, in model.InForce) string {
	st := sh.styles
	line := sh.say.License(in.License)
	head, rest, _ := strings.Cut(line, " · ")
	if rest != "" {
		rest = " · " + rest
	}
	style := st.Bad
	if in.License.State == model.LicenseActive {
		style = st.OK
	}
	return style.Render(head) + st.Muted.Render(rest)
}

// statementState is the statement's state in the statement layout.
func statementState(sh *shared) string {
	in := sh.state()
	return sh.say.Decision(in.Settings.KSN.Statement, in.Participating, statement.Current(), sh.now())
}

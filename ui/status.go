package ui

import (
	"strings"

	"charm.land/lipgloss/v2"

	"ksn/flow"
	"ksn/statement"
)

// labelColumn is where values start in the main window's status lines, or
// further right if a label in the session's language needs it.
const labelColumn = 14

// mainInfo renders the main window's state lines (docs/screens.md): participation
// and the connection in one line each, and the license. The reason and
// what to do are in the KSN window.
func mainInfo(sh *shared, width int) string {
	st := sh.styles
	in := sh.state()
	labels := []string{sh.say.T("ui.main.ksn"), sh.say.T("ui.main.connection"), sh.say.T("ui.main.license")}
	values := []string{onOff(sh, in), connectionWord(sh, in), licenseText(sh, in)}
	col := labelColumn
	for _, l := range labels {
		col = max(col, lipgloss.Width(l)+2)
	}
	lines := make([]string, len(labels))
	for i, l := range labels {
		lines[i] = row(st, l, values[i], col, width)
	}
	return strings.Join(lines, "\n")
}

// onOff is the participation state, styled.
func onOff(sh *shared, in flow.InForce) string {
	if in.Participating {
		return sh.styles.On.Render(sh.say.OnOff(true))
	}
	return sh.styles.Off.Render(sh.say.OnOff(false))
}

// connectionWord is say.Connection, styled, with the spinner while checking.
func connectionWord(sh *shared, in flow.InForce) string {
	st := sh.styles
	c := in.Connection()
	word := sh.say.ConnectionWhy(in, sh.checking)
	switch {
	case sh.checking:
		return sh.spinner.View() + " " + word
	case c == flow.NotChecked:
		return st.Muted.Render(word)
	case c == flow.Restricted:
		return st.OK.Render(sh.say.Connection(flow.Connected, false)) + st.Warn.Render(strings.TrimPrefix(word, sh.say.Connection(flow.Connected, false)))
	case c == flow.Connected:
		return st.OK.Render(word)
	case in.OffByChoice():
		return st.Muted.Render(word) // not a failure: no alarm
	}
	return st.Bad.Render(word)
}

// ksnSummary is the KSN entry's state in Security settings, e.g. "On · Connected".
func ksnSummary(sh *shared) string {
	return sh.say.Summary(sh.state(), sh.checking)
}

// licenseText is say.License, styled: the state in its colour, the rest muted.
func licenseText(sh *shared, in flow.InForce) string {
	st := sh.styles
	line := sh.say.License(in.License)
	head, rest, _ := strings.Cut(line, " · ")
	if rest != "" {
		rest = " · " + rest
	}
	style := st.Bad
	if in.License.State == flow.LicenseActive {
		style = st.OK
	}
	return style.Render(head) + st.Muted.Render(rest)
}

// statementState is the statement's state in the statement layout.
func statementState(sh *shared) string {
	in := sh.state()
	return sh.say.Decision(in.Settings.KSN.Statement, in.Participating, statement.Current(), sh.now())
}

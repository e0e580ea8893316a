// Package repaint is ksn's repaint yardstick: the Kaspersky Security
// Network window as one writes it first with Lip Gloss, every style made
// and every line wrapped, bordered and joined again on each call. `make
// bench` times its View beside ksn's (ui's BenchmarkView and
// BenchmarkViewAfterKey): nothing here is tuned, on purpose.
package repaint

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// Window is what the KSN window shows.
type Window struct {
	Width, Height int
	On            bool // participation
	Focus         int  // 0: the toggle, 1: the check
	Connected     bool
	CheckedAt     string
}

const about = "Kaspersky Security Network (KSN) is a cloud knowledge base with the reputation " +
	"of applications and websites. Participating makes protection respond faster to new " +
	"threats and reduces false positives.\n" +
	"While you participate, this computer sends: information about threats detected on it; " +
	"about applications being run and signed applications being downloaded; operating " +
	"system information, including its configuration; the start and completion time of " +
	"processes. The license key is never sent, only its SHA-256 hash.\n" +
	"Participation is voluntary; turn it off here at any time."

// View draws w from scratch.
func (w Window) View() string {
	inner := w.Width - 2
	crumb := lipgloss.NewStyle().Bold(true).Padding(0, 1).Width(w.Width).
		Render("Kaspersky Free › Settings › Security settings › Kaspersky Security Network")

	state := "( ○ Off )"
	if w.On {
		state = "( ● On )"
	}
	label := "Participation in Kaspersky Security Network"
	box := lipgloss.NewStyle().Border(lipgloss.ThickBorder()).Padding(0, 1).Width(inner)
	if w.Focus == 0 {
		box = box.BorderForeground(lipgloss.Color("#00A88E"))
	}
	gap := max(1, inner-4-lipgloss.Width(label)-lipgloss.Width(state))
	row := lipgloss.JoinHorizontal(lipgloss.Top,
		lipgloss.NewStyle().Bold(true).Render(label),
		strings.Repeat(" ", gap),
		lipgloss.NewStyle().Foreground(lipgloss.Color("#888888")).Render(state))
	toggle := lipgloss.NewStyle().MarginLeft(1).Render(box.Render(row))

	text := lipgloss.NewStyle().Padding(0, 2).Width(w.Width).Render(about)

	mark, status := "✗", "Not connected"
	if w.Connected {
		mark, status = "✓", "Connected"
	}
	head := lipgloss.NewStyle().Bold(true).Padding(0, 1).Render("Connection status")
	when := lipgloss.NewStyle().Faint(true).Render("checked " + w.CheckedAt)
	line := lipgloss.NewStyle().Foreground(lipgloss.Color("#D33F49")).Render(mark + " " + status)
	fill := max(1, w.Width-2-lipgloss.Width(line)-lipgloss.Width(when))
	statusLine := lipgloss.NewStyle().Padding(0, 1).Render(line + strings.Repeat(" ", fill) + when)
	detail := lipgloss.NewStyle().Padding(0, 3).Width(w.Width).Render(
		"You do not participate in Kaspersky Security Network.\n" +
			"What to do: Turn participation on in Settings › Security settings › Kaspersky " +
			"Security Network, or run ksn enable --accept-statement.")
	check := lipgloss.NewStyle().Padding(0, 1)
	if w.Focus == 1 {
		check = check.Reverse(true)
	}

	body := lipgloss.JoinVertical(lipgloss.Left, crumb, "", toggle, text, "", head, statusLine, detail, check.Render("[ Check now ]"))
	help := lipgloss.NewStyle().Faint(true).Padding(0, 1).
		Render("space toggle • r check now • f1 help • esc back • ? more")
	return lipgloss.Place(w.Width, w.Height, lipgloss.Left, lipgloss.Top,
		lipgloss.JoinVertical(lipgloss.Left, body, strings.Repeat("\n", max(0, w.Height-lipgloss.Height(body)-2)), help))
}

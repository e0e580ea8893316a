package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// headerKey is what the breadcrumb and title depend on.
type headerKey struct {
	top          screen
	depth, width int
	rev          int
}

// footerKey is what the help bar depends on.
type footerKey struct {
	keys  string // the bindings shown, as text
	full  bool
	width int
	rev   int
}

// headerHeight is the number of lines above the active screen's body.
func (a *App) headerHeight() int { return 2 + len(a.bannerLines()) }

// bannerLines are Options.Banner and the notice, wrapped to at most three lines.
func (a *App) bannerLines() []string {
	text := a.sh.opts.Banner
	if a.sh.notice != "" {
		text = strings.TrimSpace(text + " ⚠ " + a.sh.notice)
	}
	if text == "" || a.sh.width < MinWidth || a.sh.height < MinHeight {
		return nil
	}
	lines := strings.Split(lipgloss.Wrap(text, a.sh.width-2, "/ "), "\n")
	if len(lines) > 3 {
		lines = lines[:3]
		lines[2] = ansi.Truncate(lines[2], a.sh.width-3, "") + "…"
	}
	return lines
}

// footer renders the help bar of the active screen, indented one column.
func (a *App) footer() string {
	var shown strings.Builder
	for _, b := range a.top().ShortHelp() {
		shown.WriteString(b.Help().Key)
		shown.WriteString(b.Help().Desc)
	}
	key := footerKey{keys: shown.String(), full: a.fullHelp, width: a.sh.width, rev: a.sh.rev}
	if a.fullHelp {
		key.keys = a.top().Title()
	}
	return a.foot.get(key, func() string {
		a.help.SetWidth(a.sh.width - 1)
		out := a.help.ShortHelpView(a.top().ShortHelp())
		if a.fullHelp {
			out = a.help.FullHelpView(a.top().FullHelp())
		}
		return " " + strings.ReplaceAll(out, "\n", "\n ")
	})
}

// inBody turns a mouse position on the terminal into one in the active
// screen's body, which starts below the header and one column in; a
// position outside what is drawn of the body is not in it.
func (a *App) inBody(m tea.Mouse) (tea.Mouse, bool) {
	if a.sh.width < MinWidth || a.sh.height < MinHeight {
		return m, false // only the "too small" note is drawn
	}
	m.X--
	m.Y -= a.headerHeight()
	return m, m.X >= 0 && m.Y >= 0 && m.Y < a.bodyHeight()
}

// bodyHeight is the room left for the active screen.
func (a *App) bodyHeight() int {
	return a.sh.height - a.headerHeight() - lineCount(a.footer()) - 1
}

// layout gives every screen its size again, after a resize, a theme change
// or a change of the header or footer.
func (a *App) layout() tea.Cmd {
	w, h := a.sh.width, a.bodyHeight()
	var cmds []tea.Cmd
	for _, s := range a.stack {
		cmds = append(cmds, s.SetSize(max(w-1, 1), max(h, 0)))
	}
	return tea.Batch(cmds...)
}

// View implements tea.Model.
func (a *App) View() tea.View {
	v := tea.NewView(a.frame())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "ksn · " + a.top().Title()
	return v
}

// frame is the whole screen as a string, drawn again only after a message.
func (a *App) frame() string {
	return a.frameCache.get(a.frameN, a.draw)
}

// draw renders the whole screen.
func (a *App) draw() string {
	sh := a.sh
	w, h := sh.width, sh.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < MinWidth || h < MinHeight {
		return tooSmall(w, h)
	}
	st := sh.styles
	lines := []string{a.header.get(headerKey{top: a.top(), depth: len(a.stack), width: w, rev: sh.rev}, func() string {
		return " " + st.Crumb.Render(a.breadcrumb(w-1)) + "\n" + " " + st.Title.Render(ansi.Truncate(a.top().Title(), w-1, "…"))
	})}
	for _, l := range a.bannerLines() {
		lines = append(lines, " "+st.Banner.Render(l))
	}
	content, _ := a.top().View()
	bodyH := a.bodyHeight()
	bodyLines := strings.Split(content, "\n")
	if len(bodyLines) > bodyH {
		bodyLines = bodyLines[:max(bodyH, 0)]
	}
	for _, l := range bodyLines {
		lines = append(lines, " "+l)
	}
	for i := len(bodyLines); i < bodyH+1; i++ {
		lines = append(lines, "")
	}
	lines = append(lines, a.footer())
	return strings.Join(lines, "\n")
}

// breadcrumb is "Kaspersky Free › Settings › …", shortened from the left to fit.
func (a *App) breadcrumb(width int) string {
	parts := make([]string, len(a.stack))
	for i, s := range a.stack {
		parts[i] = s.Title()
	}
	crumb := strings.Join(parts, " › ")
	for len(parts) > 1 && lipgloss.Width(crumb) > width {
		parts = parts[1:]
		crumb = "… › " + strings.Join(parts, " › ")
	}
	return ansi.Truncate(crumb, width, "…")
}

// tooSmall is the note shown below the minimum size.
func tooSmall(w, h int) string {
	note := fmt.Sprintf("Terminal too small: %d×%d. ksn needs at least %d×%d.", w, h, MinWidth, MinHeight)
	lines := strings.Split(wrap(note, w), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "")
	}
	return strings.Join(lines, "\n")
}

// oneLine turns an error text into one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

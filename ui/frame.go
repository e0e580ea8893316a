package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/say"
)

// maxBodyWidth is the widest a screen's body gets (docs/screens.md): on a wider
// terminal the frame is a column of this width, centred.
const maxBodyWidth = 100

// column is where the frame is drawn: its left margin and width. Up to
// maxBodyWidth+2 columns the frame fills the terminal less one column on
// the left; wider, it is centred.
func (a *App) column() (left, width int) {
	w := a.sh.width
	if w <= maxBodyWidth+2 {
		return 1, max(w-1, 1)
	}
	return (w - maxBodyWidth) / 2, maxBodyWidth
}

// headerLines are the lines above the body: the breadcrumb ending in the
// title (so the title shows once, docs/screens.md), a blank line when there is
// room, then the banner.
func (a *App) headerLines() []string {
	_, width := a.column()
	st := a.sh.styles
	lines := strings.Split(a.breadcrumb(width), "\n")
	for _, l := range a.bannerLines() {
		lines = append(lines, st.Banner.Render(l))
	}
	if a.sh.height >= 20 {
		lines = append(lines, "")
	}
	return lines
}

// minBody is the fewest lines a screen's body keeps, however long the banner.
const minBody = 4

// bannerLines are Options.Banner and the notice's problems, each from a
// line of its own (a "⚠" each), wrapped whole by wrapWhole (a path is
// never broken at "/"), as long as the body keeps minBody lines; on a
// short terminal a long notice is cut, marked "…" (it is printed whole on
// stderr when the app ends). While the full help is open the banner is
// not shown, rather than cut: it is back, whole, when the help closes.
func (a *App) bannerLines() []string {
	banner, notice := a.sh.opts.Banner, a.sh.notice
	if banner == "" && notice == "" || a.fullHelp || a.sh.width < MinWidth || a.sh.height < MinHeight {
		return nil
	}
	_, width := a.column()
	width = min(width-1, proseWidth)
	var lines []string
	if banner != "" {
		lines = wrapWhole(banner, width)
	}
	if notice != "" {
		for _, p := range strings.Split(notice, "\n") {
			for i, l := range wrapWhole(p, width-2) { // "⚠ " and a hanging indent
				lines = append(lines, map[bool]string{true: "⚠ ", false: "  "}[i == 0]+l)
			}
		}
	}
	room := max(a.sh.height-1-len(a.flashLines())-lineCount(a.foot)-1-minBody, 1)
	if len(lines) > room {
		lines = lines[:room]
		lines[room-1] = ansi.Truncate(lines[room-1], min(width-1, proseWidth)-1, "") + "…"
	}
	return lines
}

// flashLines are the answer to the last change (docs/screens.md), wrapped whole.
func (a *App) flashLines() []string {
	if a.sh.flash == "" {
		return nil
	}
	_, width := a.column()
	st := a.sh.styles
	var out []string
	for _, l := range strings.Split(lipgloss.Wrap(a.sh.flash, min(width-1, proseWidth), ""), "\n") {
		out = append(out, st.OK.Render(l))
	}
	return out
}

// footerOf renders the help bar of the active screen: the short help,
// which always keeps `esc` and `?` (keys in the middle give way on a
// narrow terminal; `?` lists them), or the full help, wrapped into as many
// rows as it needs. from is what it is drawn from: the help bar is drawn
// again only when from changes.
func (a *App) footerOf() (bar, from string) {
	_, width := a.column()
	short := enabledOf(a.top().ShortHelp()...)
	var shown strings.Builder
	fmt.Fprintf(&shown, "%d %t %t %t ", width, a.fullHelp, a.sh.isDark, a.sh.plain)
	if a.fullHelp {
		shown.WriteString(a.top().Title())
		for _, g := range a.top().FullHelp() {
			for _, b := range enabledOf(g...) {
				shown.WriteString(b.Help().Key)
				shown.WriteString(b.Help().Desc)
			}
		}
	} else {
		for _, b := range short {
			shown.WriteString(b.Help().Key)
			shown.WriteString(b.Help().Desc)
		}
	}
	from = shown.String()
	if from == a.footFrom && a.foot != "" {
		return a.foot, from
	}
	if a.fullHelp {
		return a.fullHelpView(width), from
	}
	return a.shortHelpView(short, width), from
}

// shortHelpView fits the bindings bs on one line of width: the first (the
// screen's main key), `esc` and `?` stay; the others give way from the
// right, and `?` lists them all.
func (a *App) shortHelpView(bs []key.Binding, width int) string {
	a.help.SetWidth(0) // it is fitted here, not truncated
	bs = append([]key.Binding(nil), bs...)
	for {
		out := a.help.ShortHelpView(bs)
		if lipgloss.Width(out) <= width {
			return out
		}
		drop := -1
		for i := len(bs) - 1; i > 0; i-- {
			if !kept(bs[i]) {
				drop = i
				break
			}
		}
		if drop < 0 {
			return out
		}
		bs = append(bs[:drop], bs[drop+1:]...)
	}
}

// kept reports whether b is one of the keys the help bar always shows.
func kept(b key.Binding) bool {
	ks := b.Keys()
	return len(ks) == 1 && (ks[0] == "esc" || ks[0] == "?")
}

// fullHelpView lists every binding that acts now, a group a row, each row
// wrapped at width rather than cut.
func (a *App) fullHelpView(width int) string {
	a.help.SetWidth(0)
	var rows []string
	for _, g := range a.top().FullHelp() {
		g = enabledOf(g...)
		if len(g) == 0 {
			continue
		}
		line := ""
		for _, b := range g {
			item := a.help.ShortHelpView([]key.Binding{b})
			switch {
			case line == "":
				line = item
			case lipgloss.Width(line)+3+lipgloss.Width(item) <= width:
				line += a.help.Styles.ShortSeparator.Render(" • ") + item
			default:
				rows = append(rows, line)
				line = item
			}
		}
		rows = append(rows, line)
	}
	return strings.Join(rows, "\n")
}

// inBody turns a mouse position on the terminal into one in the active
// screen's body, which starts below the header and at the column's left
// margin; a position outside what is drawn of the body is not in it.
func (a *App) inBody(m tea.Mouse) (tea.Mouse, bool) {
	if a.sh.width < MinWidth || a.sh.height < MinHeight {
		return m, false // only the "too small" note is drawn
	}
	left, width := a.column()
	m.X -= left
	m.Y -= len(a.head)
	return m, m.X >= 0 && m.X < width && m.Y >= 0 && m.Y < a.bodyH
}

// layout works out what is around the active screen's body (the header,
// the answer to the last change, the help bar) and gives every screen its
// size again: after a resize, a theme change, or a change of the header or
// the help bar.
//
// The help bar lists the scroll keys only while the body scrolls, and the
// body's height depends on the help bar's: so the sizes are given again
// until the height holds (a body that scrolls at one height scrolls at a
// smaller one too, so it holds by the second time).
func (a *App) layout() tea.Cmd {
	_, w := a.column()
	var cmds []tea.Cmd
	for range 3 {
		a.foot, a.footFrom = a.footerOf()
		a.flashed = a.flashLines()
		a.head = a.headerLines()
		h := a.sh.height - len(a.head) - len(a.flashed) - lineCount(a.foot) - 1
		if len(cmds) > 0 && h == a.bodyH {
			break
		}
		a.bodyH = h
		for _, s := range a.stack {
			cmds = append(cmds, s.SetSize(max(w, 1), max(h, 0)))
		}
	}
	a.compose()
	return tea.Batch(cmds...)
}

// settle brings the help bar up to date with the active screen after a
// message, lays out again if its height changed, and draws the frame.
func (a *App) settle() tea.Cmd {
	foot, from := a.footerOf()
	if lineCount(foot) != lineCount(a.foot) {
		return a.layout()
	}
	a.foot, a.footFrom = foot, from
	a.compose()
	return nil
}

// View implements tea.Model: it shows the frame Update drew, and changes
// nothing.
func (a *App) View() tea.View {
	v := tea.NewView(a.screenText)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = a.windowTitle
	return v
}

// compose draws the whole screen from what the last layout left: the
// header, the active screen's body, the answer and the help bar.
func (a *App) compose() {
	sh := a.sh
	a.windowTitle = "ksn · " + a.top().Title()
	w, h := sh.width, sh.height
	switch {
	case w <= 0 || h <= 0:
		a.screenText = ""
		return
	case w < MinWidth || h < MinHeight:
		a.screenText = tooSmall(sh.say, w, h)
		return
	}
	left, _ := a.column()
	pad := strings.Repeat(" ", left)
	var b strings.Builder
	b.Grow(h * (w + 16))
	first := true
	line := func(padded bool, l string) {
		if !first {
			b.WriteByte('\n')
		}
		first = false
		if padded {
			b.WriteString(pad)
		}
		b.WriteString(l)
	}
	for _, l := range a.head {
		line(true, l)
	}
	content, _ := a.top().View()
	n := 0
	for l := range strings.SplitSeq(content, "\n") {
		if n >= a.bodyH {
			break
		}
		line(true, l)
		n++
	}
	for ; n < a.bodyH; n++ {
		line(false, "")
	}
	for _, l := range a.flashed {
		line(true, l)
	}
	line(false, "")
	for l := range strings.SplitSeq(a.foot, "\n") {
		line(true, l)
	}
	a.screenText = b.String()
}

// breadcrumb is "Kaspersky Free › Settings › Title", the ancestors muted
// and the title bold, shortened from the left to fit width; on the main
// window it is the title alone. A title wider than width is wrapped, never
// cut, and shown without its ancestors.
func (a *App) breadcrumb(width int) string {
	st := a.sh.styles
	title := a.top().Title()
	if lipgloss.Width(title) > width {
		return wrapLines(st.Title, title, width)
	}
	parts := make([]string, len(a.stack)-1)
	for i, s := range a.stack[:len(a.stack)-1] {
		parts[i] = s.Title()
	}
	room := width - lipgloss.Width(title)
	trail := func(ps []string) string {
		if len(ps) == 0 {
			return ""
		}
		return strings.Join(ps, " › ") + " › "
	}
	crumb := trail(parts)
	for len(parts) > 0 && lipgloss.Width(crumb) > room {
		parts = parts[1:]
		crumb = "… › " + trail(parts)
	}
	if lipgloss.Width(crumb) > room {
		crumb = ""
	}
	return st.Crumb.Render(crumb) + st.Title.Render(title)
}

// tooSmall is the note shown below the minimum size.
func tooSmall(v say.Voice, w, h int) string {
	note := v.T("ui.too_small", "Width", w, "Height", h, "MinWidth", MinWidth, "MinHeight", MinHeight)
	lines := strings.Split(wrap(note, w), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "")
	}
	return strings.Join(lines, "\n")
}

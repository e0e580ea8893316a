package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"ksn/flow"
	"ksn/say"
	"ksn/ui/help"
)

// menuItem is one entry of a menu: a list item or, for the main window, a button.
type menuItem struct {
	label   string
	desc    func(*shared) string // the state shown under the label; may be nil
	control flow.ControlID       // what it is in flow.WindowOf, and so what it does
	button  bool
}

// menu is the list screen used three times: the main window, Settings and
// Security settings.
type menu struct {
	drawn
	sh     *shared
	window flow.WindowID
	title  string
	topic  help.Name
	info   func(sh *shared, width int) string // lines above the items; may be nil
	items  []menuItem
	focus  int
	width  int
	height int
	scroll bodyScroll
	full   drawn // the whole body, however tall, before it is cut to the height
	// atFoot puts the items on the body's last lines, the space above
	// them blank: the main window's Settings button in the lower part of
	// the window. Only the info above scrolls; the items stay in view.
	atFoot bool
	foot   body // the items, drawn at the foot when atFoot
}

// Product is the main window's title (say.Product).
const Product = say.Product

// newMainWindow returns the main application window.
func newMainWindow(sh *shared) *menu {
	return &menu{
		sh:     sh,
		window: flow.MainWindow,
		title:  Product,
		topic:  help.Main,
		info:   mainInfo,
		items:  []menuItem{{label: sh.say.T("ui.title.settings"), button: true, control: flow.OpenSettings}},
		atFoot: true,
	}
}

// newSettings returns the Settings screen.
func newSettings(sh *shared) *menu {
	return &menu{
		sh:     sh,
		window: flow.SettingsWindow,
		title:  sh.say.T("ui.title.settings"),
		topic:  help.Settings,
		items: []menuItem{{
			label:   sh.say.T("ui.title.security"),
			desc:    func(sh *shared) string { return sh.say.T("ui.title.ksn") },
			control: flow.OpenSecurity,
		}},
	}
}

// newSecurity returns the Security settings screen.
func newSecurity(sh *shared) *menu {
	return &menu{
		sh:     sh,
		window: flow.SecurityWindow,
		title:  sh.say.T("ui.title.security"),
		topic:  help.Security,
		items: []menuItem{{
			label:   sh.say.T("ui.title.ksn"),
			desc:    ksnSummary,
			control: flow.OpenKSN,
		}},
	}
}

// Title implements screen.
func (m *menu) Title() string { return m.title }

// Topic implements screen.
func (m *menu) Topic() help.Name { return m.topic }

// Init implements screen.
func (m *menu) Init() tea.Cmd { return nil }

// Resume implements screen.
func (m *menu) Resume() {}

// SetSize implements screen.
func (m *menu) SetSize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	m.scroll.focusMoved()
	m.redraw()
	return nil
}

// Refresh implements screen.
func (m *menu) Refresh() { m.redraw() }

// Update implements screen.
func (m *menu) Update(msg tea.Msg) (tea.Cmd, action) {
	k := m.sh.keys
	many := len(m.items) > 1
	focus := m.focus
	var act action
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case m.scroll.key(k, msg, !many):
		case many && key.Matches(msg, k.Next, k.Down, k.Right):
			m.focus = (m.focus + 1) % len(m.items)
			m.scroll.focusMoved()
		case many && key.Matches(msg, k.Prev, k.Up, k.Left):
			m.focus = (m.focus + len(m.items) - 1) % len(m.items)
			m.scroll.focusMoved()
		case key.Matches(msg, k.Enter), key.Matches(msg, k.Toggle) && m.items[m.focus].button:
			if !shown(m.zones, m.focus) {
				m.scroll.focusMoved() // scrolled away: show it, press it next time
				break
			}
			act = m.activate(m.focus)
		}
	case tea.MouseWheelMsg:
		m.scroll.wheel(msg)
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft {
			return nil, nil
		}
		if id, ok := hit(m.zones, msg.X, msg.Y); ok {
			m.focus = id
			act = m.activate(id)
		}
	}
	if m.focus != focus {
		m.redraw()
	} else {
		m.place()
	}
	return nil, act
}

// activate opens item i.
func (m *menu) activate(i int) action {
	return pressControl(m.sh, m.sh.windowOf(m.window), int(m.items[i].control))
}

// redraw draws the whole body again, then places it.
func (m *menu) redraw() {
	m.full.body, m.full.zones = m.draw()
	m.place()
}

// place cuts the whole body to the height, scrolled to keep the focus in
// view. With atFoot, the info is cut to the room above the items, which
// stand on the body's last lines.
func (m *menu) place() {
	if !m.atFoot {
		y0, y1 := zoneLines(m.full.zones, m.focus)
		m.body, m.zones = m.scroll.fit(m.full.body, m.full.zones, y0, y1, m.height, m.sh.marks)
		return
	}
	room := max(m.height-len(m.foot.lines), 0)
	b := body{width: m.width}
	if room > 0 {
		top, zs := m.scroll.fit(m.full.body, m.full.zones, 0, 0, room, m.sh.marks)
		b.lines, b.zones = strings.Split(top, "\n"), zs
	} else {
		m.scroll.fit(m.full.body, m.full.zones, 0, 0, 0, m.sh.marks) // nothing above the items
	}
	for len(b.lines) < room {
		b.blank()
	}
	b.addBody(m.foot)
	m.body, m.zones = b.String(), b.zones
}

// draw renders the whole body, however tall; with atFoot, the info alone,
// the items going to m.foot.
func (m *menu) draw() (string, []zone) {
	b := body{width: m.width}
	if m.info != nil {
		b.add(m.info(m.sh, min(m.width, proseWidth)), -1)
		b.blank()
	}
	items := m.drawItems()
	if m.atFoot {
		m.foot = items
		return b.String(), b.zones
	}
	b.addBody(items)
	return b.String(), b.zones
}

// drawItems renders the items.
func (m *menu) drawItems() body {
	st := m.sh.styles
	b := body{width: m.width}
	for i, it := range m.items {
		focused := i == m.focus
		if it.button {
			b.addRow([]string{button(st, it.label, focused)}, []int{i}, 0, markerWidth)
			continue
		}
		marker, style := "  ", st.Item
		if focused {
			marker, style = "› ", st.ItemFocused
		}
		block := marker + style.Render(it.label)
		if it.desc != nil {
			block += "\n  " + st.Muted.Render(it.desc(m.sh))
		}
		b.add(block, i)
		if i < len(m.items)-1 {
			b.blank()
		}
	}
	return b
}

// ShortHelp implements help.KeyMap: only the keys that act now.
func (m *menu) ShortHelp() []key.Binding {
	k, v := m.sh.keys, m.sh.say
	open := v.T("ui.key.open")
	if m.items[0].button {
		open = v.T("ui.key.press")
	}
	return []key.Binding{
		with(k.Enter, open),
		enabled(k.Next, len(m.items) > 1),
		moreKey(m.sh, m.scroll),
		k.Help,
		enabled(k.Quit, m.isRoot()), // where esc does nothing, say how to leave
		enabled(k.Back, !m.isRoot()),
		k.FullHelp,
	}
}

// FullHelp implements help.KeyMap.
func (m *menu) FullHelp() [][]key.Binding {
	k, v := m.sh.keys, m.sh.say
	many := len(m.items) > 1
	nav := append([]key.Binding{
		merged(v.T("ui.key.focus"), enabled(k.Next, many), enabled(k.Prev, many), enabled(k.Up, many), enabled(k.Down, many)),
	}, scrollHelp(m.sh, m.scroll, !many)...)
	act := []key.Binding{k.Enter}
	if m.items[0].button {
		act = []key.Binding{merged(v.T("ui.key.press"), k.Enter, k.Toggle)}
	}
	gen := []key.Binding{k.Help, enabled(k.Back, !m.isRoot()), merged(v.T("ui.key.quit"), k.Quit, k.ForceQuit)}
	return [][]key.Binding{nav, act, gen}
}

// isRoot reports whether this is the main window, where esc does nothing.
func (m *menu) isRoot() bool { return m.topic == help.Main }

// markerWidth is the room for the "› " focus marker before a button.
const markerWidth = 2

// button renders a push button; the focused one is marked by shape and style.
func button(st Styles, label string, focused bool) string {
	if focused {
		return "› " + st.ButtonFocused.Render("[ "+label+" ]")
	}
	return "  " + st.Button.Render("[ "+label+" ]")
}

// row lays out a label and a value, the value starting at column col and
// wrapped within width with a hanging indent.
func row(st Styles, label, value string, col, width int) string {
	pad := max(col-lipgloss.Width(label), 1)
	value = indentRest(wrap(value, max(width-col, 10)), col)
	return st.Muted.Render(label) + strings.Repeat(" ", pad) + value
}

package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ksn/ui/help"
)

// topicWindow shows the f1 help topic of a screen, rendered by Glamour.
type topicWindow struct {
	sh    *shared
	of    string // the title of the screen it explains
	doc   docView
	width int
	cache viewCache[viewKey]
}

// newTopicWindow returns the help topic name for the screen titled of.
func newTopicWindow(sh *shared, name help.Name, of string) *topicWindow {
	return &topicWindow{sh: sh, of: of, doc: newDocView(sh, "help/"+string(name), help.Topic(name))}
}

// Title implements screen.
func (t *topicWindow) Title() string { return "Help: " + t.of }

// Topic implements screen.
func (t *topicWindow) Topic() help.Name { return help.None }

// Init implements screen.
func (t *topicWindow) Init() tea.Cmd { return nil }

// Resume implements screen.
func (t *topicWindow) Resume() {}

// SetSize implements screen.
func (t *topicWindow) SetSize(width, height int) tea.Cmd {
	t.width = width
	return t.doc.resize(width, height)
}

// Update implements screen.
func (t *topicWindow) Update(msg tea.Msg) tea.Cmd {
	k := t.sh.keys
	switch msg := msg.(type) {
	case renderedMsg:
		t.doc.rendered(msg)
	case tea.MouseWheelMsg:
		t.doc.wheel(msg)
	case tea.KeyPressMsg:
		if key.Matches(msg, k.Help) {
			t.sh.back()
			return nil
		}
		t.doc.scrollKey(k, msg, k.Toggle)
	}
	return nil
}

// View implements screen.
func (t *topicWindow) View() (string, []zone) {
	key := viewKey{rev: t.sh.rev, width: t.width, height: t.doc.height, offset: t.doc.offset, doc: t.doc.gen}
	return t.cache.get(key, t.draw)
}

// draw renders the body: the topic in a column of prose, centred on a wide
// body.
func (t *topicWindow) draw() (string, []zone) {
	b := body{width: proseFor(t.width)}
	b.addFitted(t.doc.View(), -1)
	shift(&b, inset(t.width))
	return b.String(), nil
}

// ShortHelp implements help.KeyMap.
func (t *topicWindow) ShortHelp() []key.Binding {
	k := t.sh.keys
	return []key.Binding{with(k.Down, "scroll"), with(k.Back, "close"), k.Quit, k.FullHelp}
}

// FullHelp implements help.KeyMap.
func (t *topicWindow) FullHelp() [][]key.Binding {
	k := t.sh.keys
	return [][]key.Binding{
		{with(k.Up, "scroll up"), with(k.Down, "scroll down"), k.PageUp, k.PageDown, k.Home, k.End},
		{with(k.Back, "close"), with(k.Help, "close"), k.Quit, k.ForceQuit},
	}
}

package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ksn/ui/help"
)

// topicWindow shows the f1 help topic of a screen, rendered by Glamour.
type topicWindow struct {
	drawn
	sh     *shared
	of     string // the title of the screen it explains
	doc    docView
	width  int
	height int
}

// newTopicWindow returns the help topic name for the screen titled of.
func newTopicWindow(sh *shared, name help.Name, of string) *topicWindow {
	return &topicWindow{sh: sh, of: of, doc: newDocView(sh, "help/"+string(name), help.Topic(name, sh.say))}
}

// Title implements screen.
func (t *topicWindow) Title() string { return t.sh.say.T("ui.title.help", "Screen", t.of) }

// Topic implements screen.
func (t *topicWindow) Topic() help.Name { return help.None }

// Init implements screen.
func (t *topicWindow) Init() tea.Cmd { return nil }

// Resume implements screen.
func (t *topicWindow) Resume() {}

// SetSize implements screen: one line goes to the indicator (or the search
// prompt).
func (t *topicWindow) SetSize(width, height int) tea.Cmd {
	t.width, t.height = width, height
	cmd := t.doc.resize(width, height-1)
	t.layout()
	return cmd
}

// Refresh implements screen.
func (t *topicWindow) Refresh() { t.layout() }

// capturing reports whether the search prompt takes every key as text: the
// App must then hand it every key but ctrl+c, f1, q and ? included.
func (t *topicWindow) capturing() bool { return t.doc.capturing() }

var _ capturer = (*topicWindow)(nil)

// Update implements screen.
func (t *topicWindow) Update(msg tea.Msg) (tea.Cmd, action) {
	switch msg := msg.(type) {
	case renderedMsg:
		t.doc.rendered(msg)
	case tea.MouseWheelMsg:
		t.doc.wheel(msg)
	case tea.PasteMsg:
		t.doc.paste(msg)
	case tea.KeyPressMsg:
		if !t.doc.capturing() && key.Matches(msg, t.sh.keys.Help) {
			return nil, goBack{}
		}
		t.doc.key(msg)
	}
	t.layout()
	return nil, nil
}

// layout draws the body: the topic and the indicator in a column of prose
// at the body's left, lined up with the header.
func (t *topicWindow) layout() {
	b := body{width: proseFor(t.width)}
	if t.height >= 2 {
		b.addFitted(t.doc.View(), -1)
	}
	b.add(t.doc.indicator(b.width, false), -1)
	t.body, t.zones = b.String(), nil
}

// ShortHelp implements help.KeyMap: only keys that act now.
func (t *topicWindow) ShortHelp() []key.Binding {
	k, r := t.sh.keys, t.doc.active()
	if r.Run.Enabled() {
		return enabledOf(r.Run, r.Cancel, k.ForceQuit)
	}
	return enabledOf(r.scroll(), r.Search, r.stepMatch(), r.leave(with(k.Back, t.sh.say.T("ui.key.close"))), k.Quit, k.FullHelp)
}

// FullHelp implements help.KeyMap: only keys that act now.
func (t *topicWindow) FullHelp() [][]key.Binding {
	k, r := t.sh.keys, t.doc.active()
	if r.Run.Enabled() {
		return enabledGroups([]key.Binding{r.Run, r.Cancel}, []key.Binding{k.ForceQuit})
	}
	closing := t.sh.say.T("ui.key.close")
	closer := merged(closing, k.Back, k.Help)
	if r.Clear.Enabled() {
		closer = with(k.Help, closing) // esc ends the search first
	}
	return enabledGroups(r.moves(), r.finds(), []key.Binding{r.Clear, closer, merged(t.sh.say.T("ui.key.quit"), k.Quit, k.ForceQuit)})
}

// showingSearch implements searchShower.
func (t *topicWindow) showingSearch() bool { return t.doc.showingSearch() }

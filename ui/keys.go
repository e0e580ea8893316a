package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"

	"ksn/say"
)

// keyMap holds every binding of the app. Screens pick the ones they use for
// their help; Update code matches with key.Matches only.
type keyMap struct {
	Quit      key.Binding
	ForceQuit key.Binding
	Back      key.Binding
	Help      key.Binding
	FullHelp  key.Binding
	Next      key.Binding
	Prev      key.Binding
	Up        key.Binding
	Down      key.Binding
	Left      key.Binding
	Right     key.Binding
	Enter     key.Binding
	Toggle    key.Binding
	Recheck   key.Binding
	PageUp    key.Binding
	PageDown  key.Binding
}

// newKeyMap returns the keys of docs/screens.md, their help in v's words.
func newKeyMap(v say.Voice) keyMap {
	return keyMap{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", v.T("ui.key.quit"))),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", v.T("ui.key.quit"))),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", v.T("ui.key.back"))),
		Help:      key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", v.T("ui.key.help"))),
		FullHelp:  key.NewBinding(key.WithKeys("?"), key.WithHelp("?", v.T("ui.key.more"))),
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", v.T("ui.key.next"))),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", v.T("ui.key.previous"))),
		Up:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", v.T("ui.key.up"))),
		Down:      key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", v.T("ui.key.down"))),
		Left:      key.NewBinding(key.WithKeys("left"), key.WithHelp("←", v.T("ui.key.left"))),
		Right:     key.NewBinding(key.WithKeys("right"), key.WithHelp("→", v.T("ui.key.right"))),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", v.T("ui.key.open"))),
		Toggle:    key.NewBinding(key.WithKeys("space"), key.WithHelp("space", v.T("ui.key.toggle"))),
		Recheck:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", v.T("ui.key.check_now"))),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", v.T("ui.key.page_up"))),
		PageDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", v.T("ui.key.page_down"))),
	}
}

// with returns a copy of b whose help text reads desc.
func with(b key.Binding, desc string) key.Binding {
	h := b.Help()
	b.SetHelp(h.Key, desc)
	return b
}

// enabled returns a copy of b, enabled only if on: help shows only the
// keys that act now (the shared bindings are never changed).
func enabled(b key.Binding, on bool) key.Binding {
	b.SetEnabled(on)
	return b
}

// merged is one help entry for several bindings that do the same, e.g.
// "space/enter toggle": enabled if any of bs is. It is for help only.
func merged(desc string, bs ...key.Binding) key.Binding {
	var names []string
	on := false
	for _, b := range bs {
		if b.Enabled() {
			on = true
			names = append(names, b.Help().Key)
		}
	}
	m := key.NewBinding(key.WithKeys(desc), key.WithHelp(strings.Join(names, "/"), desc))
	m.SetEnabled(on)
	return m
}

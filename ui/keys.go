package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
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
	Home      key.Binding
	End       key.Binding
}

// newKeyMap returns the keys of SPEC §3.
func newKeyMap() keyMap {
	return keyMap{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Help:      key.NewBinding(key.WithKeys("f1"), key.WithHelp("f1", "help")),
		FullHelp:  key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more")),
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous")),
		Up:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		Down:      key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
		Left:      key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "left")),
		Right:     key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "right")),
		Enter:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Toggle:    key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		Recheck:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "check now")),
		PageUp:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Home:      key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top")),
		End:       key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "bottom")),
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

// boolInt is 1 for true, for cache keys.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
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

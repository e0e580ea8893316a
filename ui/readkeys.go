package ui

import (
	"charm.land/bubbles/v2/key"

	"ksn/say"
)

// readKeys are the keys of a document being read (docs/screens.md "Reading
// keys"): the Statement window's text and the help topics. A docView hands
// out copies with the keys that do nothing now disabled (readKeys.active), so
// the same values serve key.Matches and the help bar.
type readKeys struct {
	LineUp    key.Binding
	LineDown  key.Binding
	PageUp    key.Binding
	PageDown  key.Binding
	Top       key.Binding
	Bottom    key.Binding
	Search    key.Binding
	NextMatch key.Binding
	PrevMatch key.Binding
	// Run and Cancel act while the search prompt takes the keys.
	Run    key.Binding
	Cancel key.Binding
	// Clear (esc) ends a search whose matches are shown, before esc
	// leaves the window, as in less.
	Clear key.Binding
	// matchesWord is what the short help says of n and N together.
	matchesWord string
	// scrollWord is what scroll says: "scroll".
	scrollWord string
}

// newReadKeys returns the reading keys, all enabled, their help in v's
// words.
func newReadKeys(v say.Voice) readKeys {
	return readKeys{
		LineUp:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", v.T("ui.key.line_up"))),
		LineDown:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", v.T("ui.key.line_down"))),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", v.T("ui.key.page_up"))),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn/space/f", v.T("ui.key.page_down"))),
		Top:         key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", v.T("ui.key.top"))),
		Bottom:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", v.T("ui.key.end"))),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", v.T("ui.key.search"))),
		NextMatch:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", v.T("ui.key.next_match"))),
		PrevMatch:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", v.T("ui.key.previous_match"))),
		Run:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", v.T("ui.key.search"))),
		Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", v.T("ui.key.cancel"))),
		Clear:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", v.T("ui.key.clear_search"))),
		scrollWord:  v.T("ui.key.scroll"),
		matchesWord: v.T("ui.key.matches"),
	}
}

// readState is what decides which reading keys act.
type readState struct {
	up, down  bool // the text can scroll that way
	ready     bool // there is a rendered text to search
	prompting bool // the search prompt takes the keys
	matches   bool // the last search found something
}

// active returns a copy of k with the keys that do nothing in st disabled.
// Bindings are values: the copy shares nothing with k.
func (k readKeys) active(st readState) readKeys {
	reading := !st.prompting
	k.LineUp.SetEnabled(reading && st.up)
	k.PageUp.SetEnabled(reading && st.up)
	k.Top.SetEnabled(reading && st.up)
	k.LineDown.SetEnabled(reading && st.down)
	k.PageDown.SetEnabled(reading && st.down)
	k.Bottom.SetEnabled(reading && st.down)
	k.Search.SetEnabled(reading && st.ready)
	k.NextMatch.SetEnabled(reading && st.matches)
	k.PrevMatch.SetEnabled(reading && st.matches)
	k.Run.SetEnabled(st.prompting)
	k.Cancel.SetEnabled(st.prompting)
	k.Clear.SetEnabled(reading && st.matches)
	return k
}

// stepMatch is n and N as one binding of the short help ("n/N"), only
// shown, never matched.
func (k readKeys) stepMatch() key.Binding {
	return merged(k.matchesWord, k.NextMatch, k.PrevMatch)
}

// leave is what esc does in a window reading a document: end the search
// whose matches are shown, else back (esc as the window says it).
func (k readKeys) leave(back key.Binding) key.Binding {
	if k.Clear.Enabled() {
		return k.Clear
	}
	return back
}

// scroll is one binding for the short help bar that says which ways the
// text scrolls now ("↑↓", "↓" or "↑"); disabled when it fits. It is only
// shown, never matched.
func (k readKeys) scroll() key.Binding {
	up, down := k.LineUp.Enabled(), k.LineDown.Enabled()
	b := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", k.scrollWord))
	switch {
	case up && down:
	case down:
		b.SetHelp("↓", k.scrollWord)
	case up:
		b.SetHelp("↑", k.scrollWord)
	default:
		b.SetEnabled(false)
	}
	return b
}

// moves are the scrolling keys, for the full help.
func (k readKeys) moves() []key.Binding {
	return []key.Binding{k.LineUp, k.LineDown, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// finds are the search keys, for the full help.
func (k readKeys) finds() []key.Binding {
	return []key.Binding{k.Search, k.NextMatch, k.PrevMatch, k.Run, k.Cancel}
}

// enabledOf returns the bindings of bs that are enabled: the help bar's
// cache tells one list from another by its keys and words alone.
func enabledOf(bs ...key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// enabledGroups is enabledOf for each group of a full help, leaving out the
// groups left empty.
func enabledGroups(groups ...[]key.Binding) [][]key.Binding {
	var out [][]key.Binding
	for _, g := range groups {
		if g = enabledOf(g...); len(g) > 0 {
			out = append(out, g)
		}
	}
	return out
}

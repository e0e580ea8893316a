package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"ksn/say"
)

// markers are the scroll markers, styled, shown on the first and last lines
// of a body that does not fit (docs/screens.md): "↑ more" and "↓ more".
type markers struct{ above, below string }

// newMarkers returns the scroll markers in v's words, styled by st.
func newMarkers(v say.Voice, st Styles) markers {
	return markers{
		above: st.Muted.Render(v.T("ui.scroll.more_above")),
		below: st.Muted.Render(v.T("ui.scroll.more_below")),
	}
}

// bodyScroll scrolls a screen's body when it does not fit its height: the
// focused control is kept in view, and markers say there is more.
type bodyScroll struct {
	offset int
	follow bool // bring the focus into view at the next fit
	lines  int  // the body's height at the last fit
	height int  // the room it had
}

// overflows reports whether the body did not fit at the last fit.
func (s *bodyScroll) overflows() bool { return s.lines > s.height }

// atTop and atBottom report where the view is.
func (s *bodyScroll) atTop() bool    { return s.offset == 0 }
func (s *bodyScroll) atBottom() bool { return s.offset >= s.lines-s.height }

// by scrolls n lines (negative: up).
func (s *bodyScroll) by(n int) {
	s.offset += n
	s.follow = false
}

// focusMoved asks the next fit to bring the focused control into view.
func (s *bodyScroll) focusMoved() { s.follow = true }

// key scrolls for pgup, pgdown, and (when arrows is true, i.e. the arrows
// move no focus) up and down; it reports whether msg scrolled.
func (s *bodyScroll) key(k keyMap, msg tea.KeyPressMsg, arrows bool) bool {
	page := max(s.height-2, 1)
	switch {
	case key.Matches(msg, k.PageUp):
		s.by(-page)
	case key.Matches(msg, k.PageDown):
		s.by(page)
	case arrows && key.Matches(msg, k.Up):
		s.by(-1)
	case arrows && key.Matches(msg, k.Down):
		s.by(1)
	default:
		return false
	}
	return true
}

// wheel scrolls three lines a turn.
func (s *bodyScroll) wheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		s.by(-3)
	case tea.MouseWheelDown:
		s.by(3)
	}
}

// fit cuts body (with its zones) to height lines at the scroll offset,
// keeping the lines [fy0, fy1) of the focused control in view when asked
// to, and marks the cut ends with mark. The zones returned are in the
// coordinates of what is shown, and only what is shown.
func (s *bodyScroll) fit(body string, zones []zone, fy0, fy1, height int, mark markers) (string, []zone) {
	lines := strings.Split(body, "\n")
	n := len(lines)
	s.lines, s.height = n, height
	if n <= height || height < 3 {
		s.offset = 0
		if n > height { // too small to scroll: the frame says so
			lines = lines[:max(height, 0)]
		}
		return strings.Join(lines, "\n"), zones
	}
	maxOff := n - height
	s.offset = min(max(s.offset, 0), maxOff)
	// first and end are the content lines shown at offset o, between the markers.
	first := func(o int) int {
		if o > 0 {
			return o + 1
		}
		return 0
	}
	end := func(o int) int {
		if o+height < n {
			return o + height - 1
		}
		return n
	}
	if s.follow && fy1 > fy0 {
		for range 2 {
			switch {
			case fy0 < first(s.offset):
				s.offset = max(fy0-1, 0)
			case fy1 > end(s.offset):
				s.offset = min(fy1-height+1, maxOff)
				if fy1 >= n {
					s.offset = maxOff
				}
			}
			s.offset = min(max(s.offset, 0), maxOff)
		}
	}
	s.follow = false
	o := s.offset
	shown := append([]string(nil), lines[o:o+height]...)
	if o > 0 {
		shown[0] = mark.above
	}
	if o+height < n {
		shown[height-1] = mark.below
	}
	lo, hi := first(o), end(o)
	var zs []zone
	for _, z := range zones {
		y0, y1 := max(z.y0, lo), min(z.y1, hi)
		if y0 >= y1 {
			continue
		}
		z.y0, z.y1 = y0-o, y1-o
		zs = append(zs, z)
	}
	return strings.Join(shown, "\n"), zs
}

// zoneLines returns the lines zone id spans in zones, y0 == y1 if none.
func zoneLines(zones []zone, id int) (y0, y1 int) {
	for _, z := range zones {
		if z.id == id {
			return z.y0, z.y1
		}
	}
	return 0, 0
}

// scrollHelp lists the keys that scroll s now: none at an end it cannot
// pass, none if the body fits; the arrows too when they move no focus.
func scrollHelp(sh *shared, s bodyScroll, arrows bool) []key.Binding {
	k := sh.keys
	up := s.overflows() && !s.atTop()
	down := s.overflows() && !s.atBottom()
	return []key.Binding{
		merged(sh.say.T("ui.key.scroll_up"), enabled(k.Up, arrows && up), enabled(k.PageUp, up)),
		merged(sh.say.T("ui.key.scroll_down"), enabled(k.Down, arrows && down), enabled(k.PageDown, down)),
	}
}

// moreKey is the one scrolling key of a short help bar, and only one that
// acts: pgdn "more" while there is more below, pgup once the body is
// scrolled to its end; none if it fits.
func moreKey(sh *shared, s bodyScroll) key.Binding {
	k, v := sh.keys, sh.say
	switch {
	case !s.overflows():
		return enabled(k.PageDown, false)
	case s.atBottom():
		return with(k.PageUp, v.T("ui.key.scroll_up"))
	}
	return with(k.PageDown, v.T("ui.key.more"))
}

// shown reports whether control id is among the zones drawn: a key never
// presses a control scrolled out of view.
func shown(zones []zone, id int) bool {
	for _, z := range zones {
		if z.id == id {
			return true
		}
	}
	return false
}

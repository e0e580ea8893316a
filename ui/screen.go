package ui

import (
	"strings"

	bubbleshelp "charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"ksn/say"
	"ksn/ui/help"
)

// screen is one page of the app. Screens never call each other nor change
// the shared state: a screen answers a message with an action (navigate,
// goBack, decide, checkNow, finish in msgs.go), which the App does before
// its Update returns.
//
// A screen lays its body out whenever what it shows changes: in Update,
// SetSize and Refresh. View only hands over what the last layout drew.
type screen interface {
	bubbleshelp.KeyMap
	// Title is the screen's title, also its last breadcrumb segment.
	Title() string
	// Topic names the f1 help topic of the screen.
	Topic() help.Name
	// Init returns the screen's first command when it is pushed.
	Init() tea.Cmd
	// Update handles input sent to the active screen, and render results
	// sent to every screen, and says what the App should do.
	Update(msg tea.Msg) (tea.Cmd, action)
	// Resume is called when the screen is on top again after another closed.
	Resume()
	// SetSize gives the screen its body area (and the theme in force); it may
	// return a command, e.g. to render a document for the new width.
	SetSize(width, height int) tea.Cmd
	// Refresh lays the body out again after the shared state changed.
	Refresh()
	// View returns the body as last laid out and the clickable zones in
	// it; it changes nothing.
	View() (string, []zone)
}

// drawn is a screen's body as its last layout drew it.
type drawn struct {
	body  string
	zones []zone
}

// View implements screen.
func (d *drawn) View() (string, []zone) { return d.body, d.zones }

// zone is a clickable rectangle of a screen's body, in body coordinates.
type zone struct {
	id     int
	y0, y1 int // lines, y1 exclusive
	x0, x1 int // columns, x1 exclusive
}

// hit returns the id of the zone at (x, y) in zs.
func hit(zs []zone, x, y int) (int, bool) {
	for _, z := range zs {
		if y >= z.y0 && y < z.y1 && x >= z.x0 && x < z.x1 {
			return z.id, true
		}
	}
	return 0, false
}

// body builds a screen's body line by line and records zones as it goes.
type body struct {
	width int
	lines []string
	zones []zone
}

// add appends block, cut to the body's width, as a zone with id (id < 0: none).
func (b *body) add(block string, id int) {
	y0 := len(b.lines)
	w := 0
	for _, l := range strings.Split(block, "\n") {
		if lipgloss.Width(l) > b.width {
			l = ansi.Truncate(l, b.width, "…")
		}
		w = max(w, lipgloss.Width(l))
		b.lines = append(b.lines, l)
	}
	if id >= 0 {
		b.zones = append(b.zones, zone{id: id, y0: y0, y1: len(b.lines), x0: 0, x1: max(w, 1)})
	}
}

// addFitted appends block, whose lines are known to fit the body's width
// (e.g. a rendered document), as a full-width zone with id, without
// measuring it again.
func (b *body) addFitted(block string, id int) {
	y0 := len(b.lines)
	b.lines = append(b.lines, strings.Split(block, "\n")...)
	if id >= 0 {
		b.zones = append(b.zones, zone{id: id, y0: y0, y1: len(b.lines), x0: 0, x1: b.width})
	}
}

// addBody appends the lines and zones of o, drawn at the body's width.
func (b *body) addBody(o body) {
	y0 := len(b.lines)
	b.lines = append(b.lines, o.lines...)
	for _, z := range o.zones {
		z.y0, z.y1 = z.y0+y0, z.y1+y0
		b.zones = append(b.zones, z)
	}
}

// blank appends an empty line.
func (b *body) blank() { b.lines = append(b.lines, "") }

// String joins the lines.
func (b *body) String() string { return strings.Join(b.lines, "\n") }

// wrap word-wraps s to width columns as say.Wrap does: at spaces only,
// a flag or a ksn command line kept whole where it fits.
func wrap(s string, width int) string { return say.Wrap(s, width) }

// addRow appends one line made of parts separated by gap spaces, each part
// its own zone (ids[i] < 0: none) but for its first inset columns (a
// focus marker is not part of a button).
func (b *body) addRow(parts []string, ids []int, gap, inset int) {
	y := len(b.lines)
	line, x := "", 0
	for i, p := range parts {
		if i > 0 {
			line += strings.Repeat(" ", gap)
			x += gap
		}
		w := lipgloss.Width(p)
		if ids[i] >= 0 {
			b.zones = append(b.zones, zone{id: ids[i], y0: y, y1: y + 1, x0: x + inset, x1: x + w})
		}
		line += p
		x += w
	}
	if lipgloss.Width(line) > b.width {
		line = ansi.Truncate(line, b.width, "…")
	}
	b.lines = append(b.lines, line)
}

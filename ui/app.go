// Package ui is the terminal interface of ksn: the main window, Settings,
// Security settings, the Kaspersky Security Network window and the Statement
// window, as one Bubble Tea model.
package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"ksn/model"
	"ksn/netcheck"
	"ksn/statement"
)

// Minimum usable terminal size (SPEC §3).
const (
	MinWidth  = 40
	MinHeight = 12
)

// Options configure an App. Store, Checker and Renders are required.
type Options struct {
	Store    *model.Store
	Checker  *netcheck.Checker
	Renders  *statement.Cache // shared by every App of the process
	Endpoint string           // from --endpoint or KSN_ENDPOINT; "" for the settings' one
	Window   model.Window     // from --window; "" for the settings' one
	Timeout  time.Duration    // bound of one connection check; 0 for netcheck's default
	Via      string           // recorded with consent: "tui" or "ssh:<user>"
	Context  context.Context  // ends the App's background work; nil for Background
	Now      func() time.Time // the clock; nil for time.Now
	// Watch reports changes in the config directory until ctx ends; nil for
	// Store.Watch. An SSH server passes one shared watch to every session.
	Watch func(ctx context.Context) (<-chan struct{}, error)
	// PolicyDirs are where ksn/policy.json is looked for; nil for the XDG
	// config directories.
	PolicyDirs []string
	// Banner is a line shown above every screen, e.g. for the demo.
	Banner string
}

// App is the root model: a stack of screens over the shared state.
type App struct {
	sh       *shared
	stack    []screen
	help     help.Model
	fullHelp bool

	ctx     context.Context
	stop    context.CancelFunc
	changes <-chan struct{}

	checkSeq    int
	cancelCheck context.CancelFunc
	tickGen     int

	frameCache textCache[int]       // the whole frame, by frameN
	frameN     int                  // bumped by every message
	header     textCache[headerKey] // breadcrumb and title
	foot       textCache[footerKey] // the help bar
}

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

// New returns an App on the main window. It reads the settings and the
// license once, so the first frame shows them, and starts watching the
// config directory for changes by other processes.
func New(o Options) *App {
	if o.Context == nil {
		o.Context = context.Background()
	}
	if o.Via == "" {
		o.Via = "tui"
	}
	if o.PolicyDirs == nil {
		o.PolicyDirs = model.DefaultPolicyDirs()
	}
	ctx, stop := context.WithCancel(o.Context)
	sh := &shared{
		opts:    o,
		keys:    newKeyMap(),
		isDark:  true,
		styles:  NewStyles(true),
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		renders: o.Renders,
	}
	a := &App{sh: sh, help: help.New(), ctx: ctx, stop: stop}
	a.help.Styles = help.DefaultStyles(true)
	a.apply(load(o.Store, o.PolicyDirs))
	if o.Watch != nil {
		if ch, err := o.Watch(ctx); err == nil {
			a.changes = ch
		}
	} else {
		a.changes = WatchAll(ctx, o.Store, o.PolicyDirs)
	}
	a.stack = []screen{newMainWindow(sh)}
	return a
}

// Init implements tea.Model.
func (a *App) Init() tea.Cmd {
	return tea.Batch(
		tea.RequestBackgroundColor,
		waitForChange(a.ctx, a.changes),
		func() tea.Msg { return checkNowMsg{} },
		tick(a.ctx, a.tickGen, a.sh.interval()),
	)
}

// top is the active screen.
func (a *App) top() screen { return a.stack[len(a.stack)-1] }

// Update implements tea.Model. Messages the screens emit are handled
// before it returns.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.frameN++
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, renderedMsg:
		// Screen-local: the screens' own caches see what changed.
	case spinner.TickMsg:
		if a.sh.checking {
			a.sh.rev++
		}
	default:
		a.sh.rev++
	}
	cmds := []tea.Cmd{a.update(msg)}
	for len(a.sh.outbox) > 0 {
		next := a.sh.outbox[0]
		a.sh.outbox = a.sh.outbox[1:]
		a.sh.rev++
		cmds = append(cmds, a.update(next))
	}
	return a, tea.Batch(cmds...)
}

// update handles one message.
func (a *App) update(msg tea.Msg) tea.Cmd {
	sh := a.sh
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		sh.width, sh.height = msg.Width, msg.Height
		return a.layout()
	case tea.BackgroundColorMsg:
		sh.isDark = msg.IsDark()
		sh.styles = NewStyles(sh.isDark)
		a.help.Styles = help.DefaultStyles(sh.isDark)
		return a.layout()
	case tea.ColorProfileMsg:
		sh.plain = msg.Profile <= colorprofile.Ascii
		return a.layout()
	case tea.KeyPressMsg:
		return a.key(msg)
	case tea.MouseClickMsg:
		m := msg.Mouse()
		m.Y -= a.headerHeight()
		return a.top().Update(tea.MouseClickMsg(m))
	case tea.MouseWheelMsg:
		m := msg.Mouse()
		m.Y -= a.headerHeight()
		return a.top().Update(tea.MouseWheelMsg(m))
	case navigateMsg:
		a.stack = append(a.stack, msg.to)
		return tea.Batch(a.layout(), msg.to.Init())
	case backMsg:
		if len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
			a.top().Resume()
		}
		return a.layout()
	case decideMsg:
		var cmds []tea.Cmd
		if msg.closeTop && len(a.stack) > 1 {
			a.stack = a.stack[:len(a.stack)-1]
			a.top().Resume()
			cmds = append(cmds, a.layout())
		}
		return tea.Batch(append(cmds, a.decide(msg.decision))...)
	case savedMsg:
		sh.saving = false
		sh.kept = ""
		sh.user = msg.settings
		sh.settings = sh.policy.Apply(msg.settings)
		return a.startCheck()
	case errMsg:
		sh.saving = false
		sh.notice = oneLine(msg.err.Error())
		return a.layout()
	case settingsChangedMsg:
		return tea.Batch(loadSettings(sh.opts.Store, sh.opts.PolicyDirs), waitForChange(a.ctx, a.changes))
	case loadedMsg:
		return a.reload(msg)
	case checkNowMsg:
		if sh.checking {
			return nil // the check in flight answers this too
		}
		return a.startCheck()
	case checkDoneMsg:
		if msg.seq != a.checkSeq {
			return nil // a stale answer
		}
		sh.checking = false
		res := msg.res
		sh.result = &res
		return nil
	case tickMsg:
		if msg.gen != a.tickGen {
			return nil
		}
		return tea.Batch(a.startCheck(), tick(a.ctx, a.tickGen, sh.interval()))
	case spinner.TickMsg:
		if !sh.checking {
			return nil
		}
		var cmd tea.Cmd
		sh.spinner, cmd = sh.spinner.Update(msg)
		return cmd
	case renderedMsg:
		var cmds []tea.Cmd
		for _, s := range a.stack {
			cmds = append(cmds, s.Update(msg))
		}
		return tea.Batch(cmds...)
	}
	return nil
}

// key handles the keys of every screen, then hands the rest to the active one.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.sh.keys
	switch {
	case key.Matches(msg, k.ForceQuit, k.Quit):
		a.quit()
		return tea.Quit
	case key.Matches(msg, k.FullHelp):
		a.fullHelp = !a.fullHelp
		return a.layout()
	case key.Matches(msg, k.Back):
		return goBack(a.sh)
	case msg.Code == tea.KeyEscape && msg.Mod == tea.ModAlt:
		// Two esc presses in one read (typed fast, or one SSH packet)
		// arrive as alt+esc: go back twice.
		goBack(a.sh)
		return goBack(a.sh)
	case key.Matches(msg, k.Help):
		if _, open := a.top().(*topicWindow); open {
			return goBack(a.sh)
		}
		return navigate(a.sh, newTopicWindow(a.sh, a.top().Topic(), a.top().Title()))
	}
	return a.top().Update(msg)
}

// quit ends the App's background work.
func (a *App) quit() {
	if a.cancelCheck != nil {
		a.cancelCheck()
	}
	a.stop()
}

// decide records a decision unless one is being saved. Turning
// participation off cancels a check in flight at once.
func (a *App) decide(d decision) tea.Cmd {
	sh := a.sh
	if sh.saving {
		return nil
	}
	if sh.consentLocked() { // e.g. a policy arrived while the Statement window was open
		sh.notice = sh.policy.LockedMessage() + ": participation cannot be changed here."
		return a.layout()
	}
	st := sh.user.KSN.Statement
	if d == decideDecline && !sh.participating() && st.Decision == model.DecisionDeclined && st.SHA256 == statement.SHA256() {
		return nil // already declined: nothing to record
	}
	if d == decideWithdraw || d == decideDecline {
		a.dropCheck()
	}
	sh.saving = true
	return saveDecision(sh.opts.Store, d, sh.opts.Via, sh.now())
}

// reload applies settings read again after a change on disk, and checks
// again if what the check depends on changed.
func (a *App) reload(msg loadedMsg) tea.Cmd {
	sh := a.sh
	before := sh.checkInput()
	interval := sh.interval()
	a.apply(msg)
	var cmds []tea.Cmd
	if sh.checkInput() != before {
		if !sh.checkInput().Participating {
			a.dropCheck()
		}
		cmds = append(cmds, a.startCheck())
	}
	if sh.interval() != interval {
		a.tickGen++
		cmds = append(cmds, tick(a.ctx, a.tickGen, sh.interval()))
	}
	return tea.Batch(append(cmds, a.layout())...)
}

// apply takes freshly loaded settings, policy and license into the shared
// state, and says what is wrong with them in the banner.
func (a *App) apply(msg loadedMsg) {
	sh := a.sh
	sh.user, sh.policy = msg.settings, msg.policy
	sh.settings = msg.policy.Apply(msg.settings)
	sh.license, sh.hasLic, sh.licErr = msg.license, msg.hasLic, msg.licErr
	var notes []string
	switch {
	case msg.err != nil:
		notes = append(notes, msg.err.Error())
	case msg.notice.CorruptCopy != "":
		sh.kept = msg.notice.CorruptCopy
	case msg.notice.Message != "":
		notes = append(notes, msg.notice.Message)
	}
	if sh.kept != "" { // stays said when the next reload finds no file
		notes = append(notes, "settings.json could not be read, so defaults are in use; it was kept as "+sh.kept)
	}
	if u := msg.settings.KSN; u.Participation && u.Statement.Decision == model.DecisionAccepted && u.Statement.SHA256 != statement.SHA256() {
		notes = append(notes, "The KSN Statement has changed since you accepted it: participation is off until you read it and accept it again (Settings › Security settings › Kaspersky Security Network).")
	}
	if msg.policyErr != nil {
		notes = append(notes, msg.policyErr.Error())
	} else if msg.policy.Problem != "" {
		notes = append(notes, "policy "+msg.policy.Path+": "+msg.policy.Problem)
	}
	if msg.licErr != nil {
		notes = append(notes, msg.licErr.Error())
	}
	sh.notice = oneLine(strings.Join(notes, " · "))
}

// startCheck starts a connection check; an earlier one still running is
// cancelled and its answer will be dropped.
func (a *App) startCheck() tea.Cmd {
	a.dropCheck()
	ctx, cancel := context.WithCancel(a.ctx)
	a.cancelCheck = cancel
	a.sh.checking = true
	return tea.Batch(runCheck(ctx, a.checkSeq, a.sh.opts.Checker, a.sh.checkInput()), a.sh.spinner.Tick)
}

// dropCheck cancels the check in flight, if any, so its answer is stale.
func (a *App) dropCheck() {
	a.checkSeq++
	if a.cancelCheck != nil {
		a.cancelCheck()
		a.cancelCheck = nil
	}
	a.sh.checking = false
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
	lines := strings.Split(lipgloss.Wrap(text, a.sh.width-1, "/ "), "\n")
	if len(lines) > 3 {
		lines = lines[:3]
		lines[2] = ansi.Truncate(lines[2], a.sh.width-2, "") + "…"
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
		lines = append(lines, st.Banner.Render(l))
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

// Notice is the last notice shown in the banner, for the terminal after exit.
func (a *App) Notice() string { return a.sh.notice }

// Package ui is the terminal interface of ksn: the main window, Settings,
// Security settings, the Kaspersky Security Network window and the Statement
// window, as one Bubble Tea model.
package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/safe"
	"ksn/say"
)

// Minimum usable terminal size (docs/screens.md).
const (
	MinWidth  = 40
	MinHeight = 12
)

// Options configure an App: flow.Options, shared by every face.
type Options = flow.Options

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
	loadSeq     int
	cancelCheck context.CancelFunc
	quitting    bool // asked to quit while a decision was being saved
	flashGen    int  // which answer flashEndMsg may end
	tickGen     int
	outcome     SetupOutcome // how a setup App ended

	// The check when a restriction ends: its generation, bumped by every
	// result, and how to end its goroutine.
	restrictGen  int
	stopRestrict context.CancelFunc
	lastEnd      time.Time // when the last such check started

	// What the last layout drew around the active screen's body (frame.go),
	// and the whole frame that View shows.
	head        []string // the breadcrumb, the banner and a blank line
	flashed     []string // the answer to the last change
	foot        string   // the help bar
	footFrom    string   // what foot was drawn from
	bodyH       int      // the room left for the active screen's body
	screenText  string   // the whole frame
	windowTitle string   // the terminal's title
	stale       bool     // the shared state may have changed: lay the active screen out again
}

// New returns an App on the main window, or on the screen o.Start names.
// It reads the settings and the license once, so the first frame shows
// them, and starts watching the config directory for changes by other
// processes.
func New(o Options) *App {
	o = o.WithDefaults()
	ctx, stop := context.WithCancel(o.Context)
	sh := &shared{
		say:     say.In(o.Lang),
		opts:    o,
		keys:    newKeyMap(say.In(o.Lang)),
		spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		renders: o.Renders,
	}
	sh.setLook(true) // dark until the terminal says otherwise
	a := &App{sh: sh, help: help.New(), ctx: ctx, stop: stop}
	a.help.Styles = help.DefaultStyles(true)
	a.apply(load(o.Store, o.PolicyDirs))
	if o.Watch != nil {
		if ch, err := o.Watch(ctx); err == nil {
			a.changes = ch
		}
	} else {
		a.changes = model.WatchAll(ctx, o.Store, o.PolicyDirs)
	}
	a.stack = []screen{newMainWindow(sh)}
	if o.Start == StartSetup {
		a.stack = []screen{newSetup(sh)}
	}
	return a
}

// Init implements tea.Model.
func (a *App) Init() tea.Cmd {
	return tea.Batch(
		warmWidths,
		tea.RequestBackgroundColor,
		waitForChange(a.ctx, a.changes),
		func() tea.Msg { return checkNowMsg{} },
		tick(a.ctx, a.tickGen, a.sh.interval()),
	)
}

// top is the active screen.
func (a *App) top() screen { return a.stack[len(a.stack)-1] }

// Update implements tea.Model. What a screen asks for in answer is done
// before it returns; then the active screen and the frame are laid out
// again, so View only shows them.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.stale = !isInput(msg, a.sh.checking)
	if a.stale {
		a.sh.derive() // the clock moved
	}
	cmd := a.update(msg)
	if a.stale {
		a.sh.derive()
		a.top().Refresh()
	}
	return a, tea.Batch(cmd, a.settle())
}

// readSentAgain reads sent.jsonl again for a "Data sent" window open
// under the active screen or as it: a check may have added a request.
func (a *App) readSentAgain() tea.Cmd {
	for _, s := range a.stack {
		if _, ok := s.(*sentWindow); ok {
			return readSent(a.sh.opts.Store, a.sh.state())
		}
	}
	return nil
}

// isInput reports whether msg only changes the active screen (or, for a
// render, the screen it is for): the shared state stays as it was.
func isInput(msg tea.Msg, checking bool) bool {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.MouseWheelMsg, tea.PasteMsg, renderedMsg:
		return true
	case spinner.TickMsg:
		return !checking
	}
	return false
}

// update handles one message, by kind.
func (a *App) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg, tea.BackgroundColorMsg, tea.ColorProfileMsg:
		return a.look(msg)
	case tea.KeyPressMsg:
		return a.key(msg)
	case tea.PasteMsg:
		return a.do(a.top().Update(msg)) // into a search prompt, if one is open
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		return a.mouse(msg.(tea.MouseMsg))
	case renderedMsg, sentReadMsg:
		var cmds []tea.Cmd
		for _, s := range a.stack {
			cmd, _ := s.Update(msg)
			cmds = append(cmds, cmd)
		}
		return tea.Batch(cmds...)
	case savedMsg, errMsg, flashEndMsg:
		return a.saves(msg)
	case settingsChangedMsg, loadedMsg:
		return a.files(msg)
	}
	return a.checks(msg)
}

// look handles the terminal's size, background and colours.
func (a *App) look(msg tea.Msg) tea.Cmd {
	sh := a.sh
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		sh.width, sh.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		sh.setLook(msg.IsDark())
		a.help.Styles = help.DefaultStyles(sh.isDark)
	case tea.ColorProfileMsg:
		sh.plain = msg.Profile <= colorprofile.Ascii
	}
	return a.layout()
}

// mouse hands a click or a wheel turn in the body to the active screen,
// in the body's coordinates.
func (a *App) mouse(msg tea.MouseMsg) tea.Cmd {
	m, ok := a.inBody(msg.Mouse())
	if !ok {
		return nil
	}
	switch msg.(type) {
	case tea.MouseClickMsg:
		return a.do(a.top().Update(tea.MouseClickMsg(m)))
	case tea.MouseWheelMsg:
		return a.do(a.top().Update(tea.MouseWheelMsg(m)))
	}
	return nil
}

// do does what a screen asked for in answer to a message, after the
// screen's own command.
func (a *App) do(cmd tea.Cmd, act action) tea.Cmd {
	if act == nil {
		return cmd
	}
	a.stale = true
	switch act := act.(type) {
	case navigate:
		a.fullHelp = false // the help was of the screen left
		a.stack = append(a.stack, act.to)
		return tea.Batch(cmd, a.layout(), act.to.Init())
	case goBack:
		return tea.Batch(cmd, a.back())
	case decide:
		var cmds []tea.Cmd
		if act.closeTop && len(a.stack) > 1 {
			a.fullHelp = false
			a.stack = a.stack[:len(a.stack)-1]
			a.top().Resume()
			cmds = append(cmds, a.layout())
		}
		return tea.Batch(append(cmds, cmd, a.record(act.choice))...)
	case checkNow:
		return tea.Batch(cmd, a.checkNow())
	case finish:
		a.outcome = act.outcome
		return tea.Batch(cmd, a.end())
	}
	return cmd
}

// back closes the active screen; on `ksn setup`'s question it ends the
// App, the question unanswered.
func (a *App) back() tea.Cmd {
	a.stale = true
	if len(a.stack) == 1 && a.sh.opts.Start == StartSetup {
		return a.end()
	}
	if len(a.stack) > 1 {
		a.fullHelp = false
		_, statementClosed := a.top().(*statementWindow)
		a.stack = a.stack[:len(a.stack)-1]
		if statementClosed {
			a.top().Resume() // the focus returns to the toggle or "Accept"
		}
	}
	return a.layout()
}

// saves handles what follows a decision: its save or failure, and the end
// of its answer.
func (a *App) saves(msg tea.Msg) tea.Cmd {
	sh := a.sh
	switch msg := msg.(type) {
	case savedMsg:
		if sh.opts.Start == StartSetup {
			a.outcome = setupOutcome(msg)
			a.quitting = true // setup ends once its decision is saved
		}
		if a.quitting {
			a.quit()
			return tea.Quit
		}
		sh.saving = false
		sh.kept = ""
		sh.setSaved(msg.outcome)
		// A read of the files begun before the save finished may answer
		// after it with what was there before: it is stale now. Read them
		// again, after the save (another process may have changed them).
		a.loadSeq++
		return tea.Batch(a.startCheck(), a.answer(confirmation(sh.say, msg, sh.now())),
			loadSettings(a.loadSeq, sh.opts.Store, sh.opts.PolicyDirs))
	case errMsg:
		if a.quitting {
			a.quit()
			return tea.Quit
		}
		sh.saving = false
		sh.notice = safe.Line(sh.say.DecideErr(msg.err), 0)
		// Answered as a saved decision is: the banner may say the same
		// already (a settings.json that cannot be read), and then nothing
		// would change on screen.
		return tea.Batch(a.layout(), a.answer(safe.Line(sh.say.NotDecided(msg.choice, msg.err), 0)))
	case flashEndMsg:
		if msg.gen == a.flashGen && sh.flash != "" {
			sh.flash = ""
			return a.layout()
		}
	}
	return nil
}

// files handles changes of the files on disk.
func (a *App) files(msg tea.Msg) tea.Cmd {
	sh := a.sh
	switch msg := msg.(type) {
	case settingsChangedMsg:
		a.loadSeq++
		return tea.Batch(loadSettings(a.loadSeq, sh.opts.Store, sh.opts.PolicyDirs), waitForChange(a.ctx, a.changes))
	case loadedMsg:
		if msg.seq != a.loadSeq { // an older read answering late
			if msg.files.Notice.CorruptCopy != "" && sh.kept != msg.files.Notice.CorruptCopy {
				// It kept a broken file aside: that must still be said.
				sh.kept = msg.files.Notice.CorruptCopy
				sh.notice = problems(append(strings.Split(sh.notice, "\n"), sh.say.Kept(sh.kept))...)
				return a.layout()
			}
			return nil
		}
		return a.reload(msg)
	}
	return nil
}

// checks handles the connection check: asked for, done, timed, spinning.
func (a *App) checks(msg tea.Msg) tea.Cmd {
	sh := a.sh
	switch msg := msg.(type) {
	case checkNowMsg:
		return a.checkNow()
	case checkDoneMsg:
		if msg.seq != a.checkSeq {
			return nil // a stale answer
		}
		sh.checking = false
		sh.setResult(msg.res)
		return tea.Batch(a.planRestrictionEnd(msg.res), a.readSentAgain())
	case restrictionEndMsg:
		if msg.gen != a.restrictGen {
			return nil // the timer of an older result
		}
		a.endRestrictionTimer()
		if sh.checking {
			return nil
		}
		a.lastEnd = sh.now()
		return a.startCheck()
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
	}
	return nil
}

// checkNow starts a connection check, unless one is running: its answer
// does for this one too.
func (a *App) checkNow() tea.Cmd {
	if a.sh.checking {
		return nil
	}
	return a.startCheck()
}

// planRestrictionEnd replaces the timer of the previous result: if res is
// restricted, a check runs when the restriction ends, so the notice goes
// with it.
func (a *App) planRestrictionEnd(res netcheck.Result) tea.Cmd {
	a.endRestrictionTimer()
	a.restrictGen++
	wait, ok := flow.RestrictionEnds(res, a.sh.now(), a.lastEnd)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithCancel(a.ctx)
	a.stopRestrict = cancel
	return after(ctx, wait, restrictionEndMsg{gen: a.restrictGen})
}

// endRestrictionTimer ends the goroutine of the restriction timer, if any.
func (a *App) endRestrictionTimer() {
	if a.stopRestrict != nil {
		a.stopRestrict()
		a.stopRestrict = nil
	}
}

// key handles the keys of every screen, then hands the rest to the active one.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	var relayout tea.Cmd
	if a.sh.flash != "" { // an answer stays until the next key
		a.sh.flash = ""
		relayout = a.layout()
	}
	return tea.Batch(relayout, a.keyAction(msg))
}

// escape is esc: it closes the full help, else ends a search whose matches
// are shown, else goes back.
func (a *App) escape() tea.Cmd {
	switch {
	case a.fullHelp:
		a.fullHelp = false
		return a.layout()
	case showsSearch(a.top()):
		return a.do(a.top().Update(tea.KeyPressMsg{Code: tea.KeyEscape}))
	}
	return a.back()
}

// keyAction acts on one key.
func (a *App) keyAction(msg tea.KeyPressMsg) tea.Cmd {
	k := a.sh.keys
	if c, ok := a.top().(capturer); ok && c.capturing() && !key.Matches(msg, k.ForceQuit) {
		return a.do(a.top().Update(msg)) // typing a search: q, ?, esc and f1 are the prompt's
	}
	switch {
	case key.Matches(msg, k.ForceQuit, k.Quit):
		if a.sh.saving {
			a.quitting = true // after the save: a decision is never cut short
			return nil
		}
		a.quit()
		return tea.Quit
	case key.Matches(msg, k.FullHelp):
		a.fullHelp = !a.fullHelp
		return a.layout()
	case key.Matches(msg, k.Back):
		return a.escape()
	case msg.Code == tea.KeyEscape && msg.Mod == tea.ModAlt:
		// Two esc presses in one read (typed fast, or one SSH packet)
		// arrive as alt+esc: two escapes.
		first := a.escape()
		return tea.Batch(first, a.escape())
	case key.Matches(msg, k.Help):
		if _, open := a.top().(*topicWindow); open {
			return a.back()
		}
		return a.do(nil, navigate{to: newTopicWindow(a.sh, a.top().Topic(), a.top().Title())})
	}
	return a.do(a.top().Update(msg))
}

// end quits, once any decision being saved is written.
func (a *App) end() tea.Cmd {
	if a.sh.saving {
		a.quitting = true
		return nil
	}
	a.quit()
	return tea.Quit
}

// quit ends the App's background work.
func (a *App) quit() {
	if a.cancelCheck != nil {
		a.cancelCheck()
	}
	a.stop()
}

// Notice is the last notice shown in the banner, for the terminal after
// exit: one line per problem.
func (a *App) Notice() string { return a.sh.notice }

// WaitSaves waits for the decisions being written when the program ended,
// so that quitting never cuts a save short.
func (a *App) WaitSaves() { a.sh.opts.Saves.Wait() }

// warmWidths makes the table of character widths Bubble Tea's renderer
// looks up, while the first frame waits for the renderer's first tick:
// go-runewidth builds it (2 MB, 6–7 ms) on the first character past U+02FF
// it is asked about, which was otherwise the first frame's. It runs as a
// command of Init, not from main: a goroutine busy beside the terminal's
// set-up kept the set-up off the second core for a scheduler slice.
func warmWidths() tea.Msg {
	ansi.WcWidth.StringWidth("─")
	return nil
}

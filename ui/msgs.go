package ui

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"ksn/flow"
	"ksn/model"
	"ksn/statement"
)

// action is what a screen asks of the App in answer to a message. The App
// does it before its Update returns, so a key typed ahead reaches the
// screen the previous key opened. Nil: nothing.
type action interface{ isAction() }

type (
	// navigate pushes a screen.
	navigate struct{ to screen }
	// goBack closes the active screen.
	goBack struct{}
	// decide records a decision about the statement, closing the active
	// screen first if closeTop (the Statement window).
	decide struct {
		choice   flow.Choice
		closeTop bool
	}
	// checkNow checks the connection now (none if a check is running).
	checkNow struct{}
	// finish ends a setup App with outcome, a choice already in force,
	// once any decision being saved is written.
	finish struct{ outcome SetupOutcome }
)

func (navigate) isAction() {}
func (goBack) isAction()   {}
func (decide) isAction()   {}
func (checkNow) isAction() {}
func (finish) isAction()   {}

type (
	// savedMsg reports settings written by this App.
	savedMsg struct {
		settings model.Settings
		at       time.Time
		outcome  flow.Outcome
	}
	// flashEndMsg ends the answer of generation gen.
	flashEndMsg struct{ gen int }
	// errMsg reports a decision that could not be saved: shown in the
	// banner and answered (docs/screens.md).
	errMsg struct {
		choice flow.Choice
		err    error
	}
	// settingsChangedMsg reports that a file in the config directory changed.
	settingsChangedMsg struct{}
	// loadedMsg carries the settings, policy and license read from disk.
	loadedMsg struct {
		seq   int // which reload this answers
		files model.Files
	}
	// renderedMsg carries a Glamour rendering of doc for a width and theme.
	renderedMsg struct {
		doc     string
		width   int
		theme   statement.Theme
		content string
		err     error
	}
	// tickMsg asks for the periodic check of generation gen.
	tickMsg struct{ gen int }
	// restrictionEndMsg asks for a check when the restriction of the
	// result of generation gen ends.
	restrictionEndMsg struct{ gen int }
)

// saveDecision records r with flow.Decide, the one decision function of
// every face. saves is done when it returns, so a program's owner can wait
// for it.
func saveDecision(saves *sync.WaitGroup, store *model.Store, r flow.Request) tea.Cmd {
	return func() tea.Msg {
		defer saves.Done()
		o, err := flow.Decide(store, r)
		if err != nil {
			return errMsg{choice: r.Choice, err: err}
		}
		return savedMsg{settings: o.Settings, at: o.At, outcome: o}
	}
}

// loadSettings reads the settings, the policy and the license, as reload seq.
func loadSettings(seq int, store *model.Store, policyDirs []string) tea.Cmd {
	return func() tea.Msg {
		msg := load(store, policyDirs)
		msg.seq = seq
		return msg
	}
}

// load reads the settings, the policy and the license now.
func load(store *model.Store, policyDirs []string) loadedMsg {
	return loadedMsg{files: model.ReadFiles(store, policyDirs, statement.Current()...)}
}

// waitForChange waits for the next change in the config directory.
func waitForChange(ctx context.Context, ch <-chan struct{}) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case _, ok := <-ch:
			if !ok {
				return nil
			}
			return settingsChangedMsg{}
		case <-ctx.Done():
			return nil
		}
	}
}

// render returns a command that renders doc with the shared cache.
func render(c *statement.Cache, name string, doc []byte, width int, theme statement.Theme) tea.Cmd {
	return func() tea.Msg {
		out, err := c.Render(doc, width, theme)
		return renderedMsg{doc: name, width: width, theme: theme, content: out, err: err}
	}
}

// after returns a command that delivers msg after d, or nothing if ctx
// ends first.
func after(ctx context.Context, d time.Duration, msg tea.Msg) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return msg
		case <-ctx.Done():
			return nil
		}
	}
}

// tick returns a command that asks for check generation gen after d, or
// nothing if ctx ends first (so no timer outlives an SSH session).
func tick(ctx context.Context, gen int, d time.Duration) tea.Cmd {
	return func() tea.Msg {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return tickMsg{gen: gen}
		case <-ctx.Done():
			return nil
		}
	}
}

package ui

import "ksn/flow"

// windowOf is window id as flow.WindowOf makes it for the state in force:
// its controls in focus order and what each does.
func (s *shared) windowOf(id flow.WindowID) flow.Window { return flow.WindowOf(id, s.state()) }

// focusOrder is the controls of w that take the focus, as zone ids.
func focusOrder(w flow.Window) []int {
	var ids []int
	for _, id := range w.Focus() {
		ids = append(ids, int(id))
	}
	return ids
}

// pressControl is what pressing control id of window w asks the App to do: open
// a window, show the statement (whose agree button then records the
// choice), record a choice at once, or check now. Nothing while a
// decision is being saved, or for a control that w lacks or a policy
// locks (the screen says who decides).
func pressControl(sh *shared, w flow.Window, id int) action {
	c, ok := w.Control(flow.ControlID(id))
	if !ok || c.Locked || sh.saving {
		return nil
	}
	switch {
	case c.ID == flow.CheckNow:
		return checkNow{}
	case c.Reads:
		agree := sh.say.T("ui.button.agree")
		if c.ID == flow.AcceptButton {
			agree = sh.say.T("ui.button.accept")
		}
		return navigate{to: newStatementWindow(sh, agree)}
	case c.Choice != flow.NoChoice:
		return decide{choice: c.Choice}
	}
	return navigate{to: screenOf(sh, c.Opens)}
}

// screenOf is the screen that shows window id; the Statement window read
// only (with "Close").
func screenOf(sh *shared, id flow.WindowID) screen {
	switch id {
	case flow.SettingsWindow:
		return newSettings(sh)
	case flow.SecurityWindow:
		return newSecurity(sh)
	case flow.KSNWindow:
		return newKSN(sh)
	case flow.StatementWindow:
		return newStatementWindow(sh, "")
	case flow.SentWindow:
		return newSentWindow(sh)
	}
	return newMainWindow(sh)
}

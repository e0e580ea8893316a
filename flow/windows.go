package flow

import "ksn/model"

// WindowID names a window of the walk: main window › Settings › Security
// settings › Kaspersky Security Network, the Statement window over it, and
// `ksn setup`'s question.
type WindowID int

// The windows.
const (
	// NoWindow is none: a control that opens nothing.
	NoWindow WindowID = iota
	// MainWindow is the main application window: participation, the
	// connection and the license, and the Settings button.
	MainWindow
	// SettingsWindow lists the sections of Settings.
	SettingsWindow
	// SecurityWindow lists the components of Security settings.
	SecurityWindow
	// KSNWindow is the Kaspersky Security Network window, in either layout.
	KSNWindow
	// StatementWindow shows the statement, with agree and Cancel (or only
	// Close).
	StatementWindow
	// SetupWindow is `ksn setup`'s install-time question.
	SetupWindow
	// SentWindow is "Data sent": the requests ksn has sent, newest first
	// (docs/sent.md); choosing one shows it whole.
	SentWindow
)

// ControlID names a control of a window: a button, a list item, the
// toggle.
type ControlID int

// The controls.
const (
	// NoControl is none.
	NoControl ControlID = iota
	// OpenSettings is the main window's "Settings" button.
	OpenSettings
	// OpenSecurity is the "Security settings" item of Settings.
	OpenSecurity
	// OpenKSN is the "Kaspersky Security Network" item of Security settings.
	OpenKSN
	// Toggle is the participation toggle of the info layout.
	Toggle
	// AcceptButton is "Accept" of the statement layout.
	AcceptButton
	// DeclineButton is "Decline" of the statement layout.
	DeclineButton
	// ReadButton is "Read the statement", of setup and of the KSN window's
	// info layout: the Statement window read-only, with only "Close";
	// it records nothing.
	ReadButton
	// JoinButton is setup's "Participate".
	JoinButton
	// NotJoinButton is setup's "Do not participate".
	NotJoinButton
	// CheckNow checks the connection now (`r` in the TUI).
	CheckNow
	// SentButton is the KSN window's "Data sent", in either layout and
	// either participation state: it opens SentWindow and records nothing.
	SentButton
)

// Control is one control of a window and what pressing it does.
type Control struct {
	// ID names it.
	ID ControlID
	// Opens is the window it opens; NoWindow for none.
	Opens WindowID
	// Reads reports that it shows the statement first: its agree button
	// then records Choice, and Cancel records nothing.
	Reads bool
	// Choice is the decision it records (after the statement, if Reads);
	// NoChoice for a control that decides nothing.
	Choice Choice
	// Locked reports that the administrator's policy decides what it
	// would change: it is shown, takes no focus, and pressing it says who
	// decides (Window.LockedBy).
	Locked bool
}

// Focusable reports whether the control takes the focus.
func (c Control) Focusable() bool { return !c.Locked }

// Window is a window as data: what each face draws, in focus order.
type Window struct {
	// ID names it.
	ID WindowID
	// Layout is the KSN window's layout in force; "" for other windows.
	Layout model.Window
	// Controls are its controls, in focus order.
	Controls []Control
	// LockedBy is the policy that decides participation, "" if none: its
	// controls that change participation are Locked.
	LockedBy string
}

// WindowOf is window id as the state in force in makes it: which
// controls it has and what each does. The TUI draws it with its focus
// and zones, the accessible mode as numbered choices.
func WindowOf(id WindowID, in InForce) Window {
	w := Window{ID: id}
	if in.ConsentLocked {
		w.LockedBy = in.Policy.PathOf(model.KeyParticipation)
	}
	locked := in.ConsentLocked
	switch id {
	case MainWindow:
		w.Controls = []Control{{ID: OpenSettings, Opens: SettingsWindow}}
	case SettingsWindow:
		w.Controls = []Control{{ID: OpenSecurity, Opens: SecurityWindow}}
	case SecurityWindow:
		w.Controls = []Control{{ID: OpenKSN, Opens: KSNWindow}}
	case KSNWindow:
		w.Layout = in.Window
		w.Controls = ksnControls(in, locked)
	case SetupWindow:
		join := StatementWindow
		if in.Participating {
			join = NoWindow
		}
		w.Controls = []Control{
			{ID: ReadButton, Opens: StatementWindow},
			// A participant is not shown the statement again: Decide
			// answers that participation is on already.
			{ID: JoinButton, Opens: join, Reads: !in.Participating, Choice: Accept, Locked: locked},
			{ID: NotJoinButton, Choice: Decline, Locked: locked},
		}
	}
	return w
}

// ksnControls are the KSN window's controls in the layout in force: the
// toggle (on: read the statement, then accept; off: withdraw) and "Read
// the statement" below it, which a participant too may press, and no
// policy locks (docs/screens.md); or Accept and Decline; then "Data
// sent" (docs/sent.md), which no policy locks either; then checking the
// connection now.
func ksnControls(in InForce, locked bool) []Control {
	if in.Window == model.WindowStatement {
		return []Control{
			{ID: AcceptButton, Opens: StatementWindow, Reads: true, Choice: Accept, Locked: locked},
			{ID: DeclineButton, Choice: Decline, Locked: locked},
			{ID: SentButton, Opens: SentWindow},
			{ID: CheckNow},
		}
	}
	toggle := Control{ID: Toggle, Opens: StatementWindow, Reads: true, Choice: Accept, Locked: locked}
	if in.Participating {
		toggle = Control{ID: Toggle, Choice: Withdraw, Locked: locked}
	}
	return []Control{toggle, {ID: ReadButton, Opens: StatementWindow}, {ID: SentButton, Opens: SentWindow}, {ID: CheckNow}}
}

// Focus is the controls of w that take the focus, in order.
func (w Window) Focus() []ControlID {
	var out []ControlID
	for _, c := range w.Controls {
		if c.Focusable() && c.ID != CheckNow { // a key, not a control that takes focus
			out = append(out, c.ID)
		}
	}
	return out
}

// Control is w's control id, and whether w has it.
func (w Window) Control(id ControlID) (Control, bool) {
	for _, c := range w.Controls {
		if c.ID == id {
			return c, true
		}
	}
	return Control{}, false
}

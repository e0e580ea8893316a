package model

import "fmt"

// Decision is what the user decided about the KSN Statement.
type Decision string

const (
	// DecisionNone means the statement was neither accepted nor declined.
	DecisionNone Decision = "none"
	// DecisionAccepted means the user accepted the statement.
	DecisionAccepted Decision = "accepted"
	// DecisionDeclined means the user declined the statement.
	DecisionDeclined Decision = "declined"
)

// Valid reports whether d is one of the known decisions.
func (d Decision) Valid() bool {
	switch d {
	case DecisionNone, DecisionAccepted, DecisionDeclined:
		return true
	}
	return false
}

// parseDecision returns the Decision named s, or an error naming s.
func parseDecision(s string) (Decision, error) {
	d := Decision(s)
	if !d.Valid() {
		return "", fmt.Errorf("unknown decision %q (want %q, %q or %q)",
			s, DecisionNone, DecisionAccepted, DecisionDeclined)
	}
	return d, nil
}

// Window is the layout of the Kaspersky Security Network window.
type Window string

const (
	// WindowInfo shows the participation toggle and the details of KSN.
	WindowInfo Window = "info"
	// WindowStatement shows the state of the statement with Accept and
	// Decline buttons.
	WindowStatement Window = "statement"
)

// Valid reports whether w is one of the known layouts.
func (w Window) Valid() bool {
	return w == WindowInfo || w == WindowStatement
}

// ParseWindow returns the Window named s ("info" or "statement"). The error
// names the bad value.
func ParseWindow(s string) (Window, error) {
	w := Window(s)
	if !w.Valid() {
		return "", fmt.Errorf("unknown window %q (want %q or %q)", s, WindowInfo, WindowStatement)
	}
	return w, nil
}

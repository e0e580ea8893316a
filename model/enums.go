package model

import "strconv"

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
		return "", gotProblem(CodeDecisionUnknown, strconv.Quote(s))
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
		return "", gotProblem(CodeWindowUnknown, strconv.Quote(s))
	}
	return w, nil
}

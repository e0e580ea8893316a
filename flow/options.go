package flow

import (
	"context"
	"sync"
	"time"

	"ksn/lang"
	"ksn/model"
	"ksn/netcheck"
	"ksn/statement"
)

// Options configure a run of a face (a TUI App or an accessible
// Session): the same for both. Store, Checker and Renders are required.
type Options struct {
	Store   *model.Store
	Checker Checker
	Renders *statement.Cache // shared by every face of the process
	// Overrides are --endpoint (or KSN_ENDPOINT) and --window; the
	// administrator's policy still wins over them.
	Overrides Overrides
	Timeout   time.Duration // bound of one connection check; 0 for netcheck's default
	Via       string        // recorded with consent: "tui" or "ssh:<user>"
	Key       string        // recorded with consent over SSH: the key's fingerprint
	// Lang is the language of every word and of the statement shown; the
	// zero Lang is English.
	Lang    lang.Lang
	Context context.Context  // ends the background work; nil for Background
	Now     func() time.Time // the clock; nil for time.Now
	// Watch reports changes in the config directory until ctx ends; nil for
	// Store.Watch. An SSH server passes one shared watch to every session.
	Watch func(ctx context.Context) (<-chan struct{}, error)
	// PolicyDirs are where ksn/policy.json is read (model.LoadPolicy),
	// the system's directory first; nil for model.DefaultPolicyDirs: the
	// link-time system directory, then $XDG_CONFIG_DIRS (docs/policy.md).
	// Tests pass their own.
	PolicyDirs []string
	// Banner is a line shown above every screen, e.g. for the demo.
	Banner string
	// Saves counts decisions being written; the owner of the program waits
	// for it before the process ends (SSH sessions share one). Nil for the
	// face's own (ui.App.WaitSaves).
	Saves *sync.WaitGroup
	// Start is the screen the face opens on: the main window, or `ksn
	// setup`'s question (StartSetup), which ends it once it has saved
	// a decision.
	Start Start
}

// WithDefaults is o with what it leaves out filled in: the Background
// context, Via "tui", model.DefaultPolicyDirs and its own WaitGroup of
// saves. Every front end on Options (the TUI, the accessible mode) starts
// from it.
func (o Options) WithDefaults() Options {
	if o.Context == nil {
		o.Context = context.Background()
	}
	if o.Via == "" {
		o.Via = "tui"
	}
	if o.PolicyDirs == nil {
		o.PolicyDirs = model.DefaultPolicyDirs()
	}
	if o.Saves == nil {
		o.Saves = &sync.WaitGroup{}
	}
	return o
}

// Checker runs connection checks: a *netcheck.Checker, or one that shares
// checks between SSH sessions.
type Checker interface {
	Check(ctx context.Context, in netcheck.Input) netcheck.Result
}

// Start is the screen a face opens on.
type Start int

const (
	// StartMain opens the main application window.
	StartMain Start = iota
	// StartSetup opens `ksn setup`'s install-time question (docs/commands.md "First run") as the
	// face's only root: the face checks no connection, esc on the question
	// quits, and the face ends once it has saved a decision. Outcome says
	// how it ended.
	StartSetup
)

// SetupOutcome is how a face opened with StartSetup ended. The zero value:
// it was left without a decision, and nothing was recorded.
type SetupOutcome struct {
	// Recorded is the decision the face wrote to consent.jsonl:
	// model.ConsentAccepted or model.ConsentDeclined; "" if none.
	Recorded model.ConsentDecision
	// Already is a choice that was the decision in force already, so that
	// nothing was recorded: model.ConsentAccepted ("Participate" while
	// participating) or model.ConsentDeclined ("Do not participate" with
	// the current statement declined); "" if none.
	Already model.ConsentDecision
	// At is when Recorded was recorded, or when Already was decided.
	At time.Time
	// Dropped reports that the decline deleted the pending participation
	// report (docs/sent.md).
	Dropped bool
}

// Setup is o as the answer to `ksn setup`'s question: an acceptance or a
// decline recorded, or the decision in force already; the zero
// SetupOutcome for anything else.
func (o Outcome) Setup() SetupOutcome {
	var d model.ConsentDecision
	switch o.Choice {
	case Accept:
		d = model.ConsentAccepted
	case Decline:
		d = model.ConsentDeclined
	default:
		return SetupOutcome{}
	}
	if !o.Recorded {
		return SetupOutcome{Already: d, At: o.At}
	}
	return SetupOutcome{Recorded: d, At: o.At, Dropped: o.Dropped}
}

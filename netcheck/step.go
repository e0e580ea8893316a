package netcheck

import (
	"time"

	"ksn/lang"
)

// StepName names one step of a check, as `ksn check` prints it.
type StepName string

// The steps of a check, in the order they are taken.
const (
	// StepSettings checks that participation is on.
	StepSettings StepName = "settings"
	// StepActivation checks that a license is installed and activated.
	StepActivation StepName = "activation"
	// StepLicense checks that the license has not expired.
	StepLicense StepName = "license"
	// StepDNS resolves the host of the endpoint (or of the proxy).
	StepDNS StepName = "dns"
	// StepConnect opens a TCP connection to it.
	StepConnect StepName = "connect"
	// StepTLS makes the TLS handshake; "not used" for an http endpoint.
	StepTLS StepName = "tls"
	// StepService sends the request and reads the answer.
	StepService StepName = "service"
	// StepKey reads what the service says of the key.
	StepKey StepName = "key"
	// StepRestrictions reads the restrictions in force.
	StepRestrictions StepName = "restrictions"
)

// Step is one step of a check and its outcome.
type Step struct {
	// Name is which step.
	Name StepName `json:"name"`
	// OK is whether it passed.
	OK bool `json:"ok"`
	// Detail says what was found, in one line.
	Detail string `json:"detail,omitempty"`
	// Hint says what to do about a failure, in one line; "" when OK.
	Hint string `json:"hint,omitempty"`
	// HintWords is Hint as a message, for people in their language.
	HintWords lang.Msg `json:"-"`
	// Times are the times Detail names, in order, each written there in
	// RFC 3339 UTC (as JSON has them), so that a report for people can show
	// them as local times.
	Times []time.Time `json:"-"`
}

// steps collects the steps of one check.
type steps []Step

// ok records a step that passed.
func (s *steps) ok(name StepName, detail string) {
	*s = append(*s, Step{Name: name, OK: true, Detail: oneLine(detail)})
}

// fail records the step that failed, with what to do about it.
func (s *steps) fail(name StepName, detail, hintID string) {
	hint := lang.Msg{ID: hintID}
	*s = append(*s, Step{Name: name, OK: false, Detail: oneLine(detail), Hint: lang.English().Say(hint), HintWords: hint})
}

// at records the times the last step's detail names.
func (s *steps) at(times ...time.Time) {
	(*s)[len(*s)-1].Times = times
}

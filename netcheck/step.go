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
	// Detail says what was found, in one line: Words in English, its
	// times in RFC 3339 UTC.
	Detail string `json:"detail,omitempty"`
	// Hint says what to do about a failure, in one line; "" when OK.
	Hint string `json:"hint,omitempty"`
	// HintWords is Hint as a message, for people in their language.
	HintWords lang.Msg `json:"-"`
	// Words is Detail as a message, for people in their language (see
	// DetailIn); its times are time.Time values.
	Words lang.Msg `json:"-"`
	// Times are the times Detail names, in order, each written there in
	// RFC 3339 UTC (as JSON has them), so that a report for people can show
	// them as local times.
	Times []time.Time `json:"-"`
}

// DetailIn is the step's detail in l, in one line, the times it names
// written by when; Detail when the step has no Words.
func (s Step) DetailIn(l lang.Lang, when func(time.Time) string) string {
	if s.Words.ID == "" {
		return s.Detail
	}
	return oneLine(render(l, s.Words, when))
}

// steps collects the steps of one check.
type steps []Step

// ok records a step that passed, what it found said by words.
func (s *steps) ok(name StepName, words lang.Msg) {
	*s = append(*s, newStep(name, true, words, lang.Msg{}))
}

// fail records the step that failed, with what to do about it.
func (s *steps) fail(name StepName, words lang.Msg, hintID string) {
	*s = append(*s, newStep(name, false, words, lang.Msg{ID: hintID}))
}

// newStep is a step with its words and hint, and the English of both.
func newStep(name StepName, ok bool, words, hint lang.Msg) Step {
	st := Step{Name: name, OK: ok, Words: words, Times: timesIn(words)}
	st.Detail = st.DetailIn(lang.English(), utc)
	if hint.ID != "" {
		st.Hint, st.HintWords = lang.English().Say(hint), hint
	}
	return st
}

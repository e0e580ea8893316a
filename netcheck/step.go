package netcheck

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

// Step is one step of a check and its outcome, as a code and facts: say
// puts it into words (say.Voice.StepDetail, and the English of the JSON).
type Step struct {
	// Name is which step.
	Name StepName
	// OK is whether it passed.
	OK bool
	// Detail is what was found: which of the details of this step.
	Detail Detail
	// Facts are what the detail names: times, durations, hosts, the HTTP
	// status, the error quoted.
	Facts Facts
	// Hint is what to do about a failure; HintNone when OK.
	Hint Hint
}

// steps collects the steps of one check.
type steps []Step

// ok records a step that passed.
func (s *steps) ok(name StepName, d Detail, f Facts) {
	*s = append(*s, Step{Name: name, OK: true, Detail: d, Facts: f})
}

// fail records the step that failed, with what to do about it.
func (s *steps) fail(name StepName, d Detail, f Facts, h Hint) {
	*s = append(*s, Step{Name: name, Detail: d, Facts: f, Hint: h})
}

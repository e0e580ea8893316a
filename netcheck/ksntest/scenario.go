package ksntest

import (
	"fmt"
	"strings"
)

// Scenario is how the fake service answers.
type Scenario string

// The scenarios of `ksn --demo` (docs/commands.md).
const (
	// Valid answers that the key is valid, without restrictions.
	Valid Scenario = "valid"
	// Denylisted answers that the key is denylisted.
	Denylisted Scenario = "denylisted"
	// Restricted answers that the key is valid, with a file reputation
	// restriction until 20 minutes from the request.
	Restricted Scenario = "restricted"
	// Expired answers that the license has expired.
	Expired Scenario = "expired"
	// Offline is not reachable at all: its port refuses connections.
	Offline Scenario = "offline"
)

// Scenarios returns every scenario, Valid (the default) first.
func Scenarios() []Scenario {
	return []Scenario{Valid, Denylisted, Restricted, Expired, Offline}
}

// ParseScenario returns the scenario named s (case and surrounding spaces
// ignored); "" is Valid, the default of `ksn --demo`.
func ParseScenario(s string) (Scenario, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Valid, nil
	}
	for _, sc := range Scenarios() {
		if string(sc) == s {
			return sc, nil
		}
	}
	return "", fmt.Errorf("unknown demo scenario %q (want valid, denylisted, restricted, expired or offline)", s)
}

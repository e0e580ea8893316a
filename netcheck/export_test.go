package netcheck

import "testing"

// Scenario is one way a check can go (see stepScenarios), for the tests of
// package netcheck_test, which read them with say.
type Scenario = scenario

// StepScenarios takes every detail the check writes, each at least once.
func StepScenarios(t *testing.T) []Scenario { return stepScenarios(t) }

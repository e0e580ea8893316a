package ksntest

import "testing"

// NewTestServer starts a Service answering as sc says (see Start) and
// stops it when the test ends. It returns the service and its base URL.
func NewTestServer(t testing.TB, sc Scenario) (*Service, string) {
	t.Helper()
	s := NewService(sc)
	url, stop, err := Start(s)
	if err != nil {
		t.Fatalf("ksntest: start the fake KSN service: %v", err)
	}
	t.Cleanup(stop)
	return s, url
}

package flow

import (
	"testing"
	"time"

	"ksn/netcheck"
)

// TestRestrictionEnds waits for the service's end, but never past a day.
func TestRestrictionEnds(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	restricted := func(until time.Time) netcheck.Result {
		return netcheck.Result{Connected: true, Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: until}}}
	}
	tests := []struct {
		name string
		res  netcheck.Result
		wait time.Duration
		ok   bool
	}{
		{"none", netcheck.Result{Connected: true}, 0, false},
		{"in an hour", restricted(now.Add(time.Hour)), time.Hour, true},
		{"in a year: a day", restricted(now.AddDate(1, 0, 0)), 24 * time.Hour, true},
		{"ended", restricted(now.Add(-time.Second)), 0, false},
		{"not connected", netcheck.Result{Restrictions: []netcheck.Restriction{{Until: now.Add(time.Hour)}}}, 0, false},
	}
	for _, tt := range tests {
		if wait, ok := RestrictionEnds(tt.res, now, time.Time{}); wait != tt.wait || ok != tt.ok {
			t.Errorf("%s: %v, %v; want %v, %v", tt.name, wait, ok, tt.wait, tt.ok)
		}
	}
}

// TestCheckDue checks again when the input changes, the interval passes
// or the restriction ends, and not otherwise.
func TestCheckDue(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	in := InForce{Participating: true, Endpoint: "https://ksn.example", Interval: 5 * time.Minute}
	last := in.CheckInput(time.Second)
	ok := &netcheck.Result{Connected: true}
	ended := &netcheck.Result{Connected: true, Restrictions: []netcheck.Restriction{{Until: now.Add(-time.Second)}}}
	off := in
	off.Participating = false
	tests := []struct {
		name   string
		in     InForce
		res    *netcheck.Result
		doneAt time.Time
		due    bool
	}{
		{"no check yet", in, nil, time.Time{}, true},
		{"fresh", in, ok, now.Add(-time.Minute), false},
		{"older than the interval", in, ok, now.Add(-5 * time.Minute), true},
		{"participation changed", off, ok, now.Add(-time.Minute), true},
		{"restriction ended", in, ended, now.Add(-time.Minute), true},
	}
	for _, tt := range tests {
		if due := CheckDue(tt.in, time.Second, tt.res, last, tt.doneAt, now); due != tt.due {
			t.Errorf("%s: due %v, want %v", tt.name, due, tt.due)
		}
	}
}

// TestChanged tells participation, the check's input and the interval
// apart.
func TestChanged(t *testing.T) {
	t.Parallel()
	base := InForce{Participating: true, Endpoint: "https://ksn.example", Interval: 5 * time.Minute}
	off, moved, slower := base, base, base
	off.Participating = false
	moved.Endpoint = "https://other.example"
	slower.Interval = time.Hour
	tests := []struct {
		name  string
		after InForce
		want  Change
	}{
		{"nothing", base, Change{}},
		{"participation", off, Change{Participation: true, CheckInput: true}},
		{"endpoint", moved, Change{CheckInput: true}},
		{"interval", slower, Change{Interval: true}},
	}
	for _, tt := range tests {
		if got := Changed(base, tt.after, time.Second); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

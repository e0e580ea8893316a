package flow

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"ksn/lang"
	"ksn/model"
	"ksn/netcheck"
	"ksn/statement"
)

// keptStore is a Store over a fresh directory.
func keptStore(t *testing.T) *model.Store {
	t.Helper()
	root := t.TempDir()
	return model.NewStore(model.Paths{
		ConfigDir: filepath.Join(root, "config", "ksn"),
		StateDir:  filepath.Join(root, "state", "ksn"),
		DataDir:   filepath.Join(root, "data", "ksn"),
	})
}

// participant is a state in force while participating, with a license.
func participant() InForce {
	return InForce{
		Participating: true,
		Endpoint:      "https://ksn.example",
		Interval:      5 * time.Minute,
		License: LicenseInfo{
			State: LicenseActive, Installed: true, Activated: true,
			ExpiresAt: time.Date(2027, 11, 29, 0, 0, 0, 0, time.UTC),
			KeySuffix: "PQRST", keySHA256: "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12",
		},
	}
}

// TestKeepCheckRoundTrip keeps a check made while participating and reads
// it back as it was, the input it answered too; it then answers for the
// same state within the interval.
func TestKeepCheckRoundTrip(t *testing.T) {
	t.Parallel()
	store := keptStore(t)
	now := time.Date(2026, 12, 7, 10, 0, 0, 500_000_000, time.UTC)
	in := participant()
	ci := in.CheckInput(3 * time.Second)
	res := netcheck.Result{
		Connected: true, KeyState: netcheck.KeyValid, CheckedAt: now, Latency: 42 * time.Millisecond, Requested: true,
		Restrictions: []netcheck.Restriction{{Scope: "file_reputation", Until: now.Add(time.Hour)}},
		Steps:        []netcheck.Step{{Name: netcheck.StepService, OK: true}},
	}
	if err := KeepCheck(store, ci, res); err != nil {
		t.Fatal(err)
	}
	sc, ok, err := LastCheck(store)
	if err != nil || !ok {
		t.Fatalf("LastCheck = %v, %v", ok, err)
	}
	want := res
	want.Steps = nil // not kept
	if !reflect.DeepEqual(sc.Result, want) {
		t.Errorf("kept result = %+v, want %+v", sc.Result, want)
	}
	wantIn := ci
	wantIn.Timeout = 0
	if !reflect.DeepEqual(sc.Input, wantIn) {
		t.Errorf("kept input = %+v, want %+v", sc.Input, wantIn)
	}
	if !sc.Answers(in, now.Add(time.Minute)) {
		t.Error("a check a minute old does not answer")
	}
}

// TestKeepCheckNotWhileOff writes nothing for a check made while
// participation is off (docs/files.md: never while off).
func TestKeepCheckNotWhileOff(t *testing.T) {
	t.Parallel()
	store := keptStore(t)
	in := participant()
	in.Participating = false
	res := netcheck.Result{Reason: netcheck.ReasonNotParticipating, CheckedAt: time.Now()}
	if err := KeepCheck(store, in.CheckInput(time.Second), res); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(store.Paths().StateDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the state directory was made while off: %v", err)
	}
	if _, ok, err := LastCheck(store); ok || err != nil {
		t.Errorf("LastCheck = %v, %v; want none", ok, err)
	}
}

// TestLastCheckNotOurs: a last_check.json ksn did not write, or of another
// schema, is not a stored check (the caller checks live and replaces it).
func TestLastCheckNotOurs(t *testing.T) {
	t.Parallel()
	for _, content := range []string{
		`not json`,
		`{"schema": 2, "checked_at": "2026-12-07T10:00:00Z", "connected": true, "reason": ""}`,
		`{"schema": 1, "connected": true, "reason": ""}`,
		`{"schema": 1, "checked_at": "2026-12-07T10:00:00Z", "connected": false, "reason": "because"}`,
		`{"schema": 1, "checked_at": "2026-12-07T10:00:00Z", "connected": true, "reason": "no_internet"}`,
	} {
		store := keptStore(t)
		if err := store.WriteLastCheck([]byte(content)); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := LastCheck(store); ok || err == nil {
			t.Errorf("%s: LastCheck = %v, %v; want an error", content, ok, err)
		}
	}
}

// TestStoredCheckAnswers answers only for the same question, within the
// interval, from no future, with no ended restriction, and never while
// participation is off.
func TestStoredCheckAnswers(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	in := participant()
	ci := in.CheckInput(0)
	stored := func(age time.Duration, mod func(*netcheck.Input, *netcheck.Result)) StoredCheck {
		sc := StoredCheck{Input: ci, Result: netcheck.Result{Connected: true, CheckedAt: now.Add(-age)}}
		if mod != nil {
			mod(&sc.Input, &sc.Result)
		}
		return sc
	}
	off := in
	off.Participating = false
	tests := []struct {
		name string
		in   InForce
		sc   StoredCheck
		want bool
	}{
		{"fresh", in, stored(time.Minute, nil), true},
		{"just made", in, stored(0, nil), true},
		{"as old as the interval", in, stored(5*time.Minute, nil), false},
		{"older", in, stored(time.Hour, nil), false},
		{"from the future", in, stored(-time.Minute, nil), false},
		{"while off", off, stored(time.Minute, nil), false},
		{"another endpoint", in, stored(time.Minute, func(i *netcheck.Input, _ *netcheck.Result) { i.Endpoint = "https://other.example" }), false},
		{"another key", in, stored(time.Minute, func(i *netcheck.Input, _ *netcheck.Result) { i.License.KeySHA256 = "cd" }), false},
		{"another expiry", in, stored(time.Minute, func(i *netcheck.Input, _ *netcheck.Result) { i.License.ExpiresAt = i.License.ExpiresAt.Add(time.Hour) }), false},
		{"the same expiry elsewhere", in, stored(time.Minute, func(i *netcheck.Input, _ *netcheck.Result) {
			i.License.ExpiresAt = i.License.ExpiresAt.In(time.FixedZone("MSK", 3*3600))
		}), true},
		{"a restriction still on", in, stored(time.Minute, func(_ *netcheck.Input, r *netcheck.Result) {
			r.Restrictions = []netcheck.Restriction{{Scope: "file_reputation", Until: now.Add(time.Minute)}}
		}), true},
		{"a restriction ended", in, stored(time.Minute, func(_ *netcheck.Input, r *netcheck.Result) {
			r.Restrictions = []netcheck.Restriction{{Scope: "file_reputation", Until: now.Add(-time.Second)}}
		}), false},
	}
	for _, tt := range tests {
		if got := tt.sc.Answers(tt.in, now); got != tt.want {
			t.Errorf("%s: Answers = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// fakeChecker answers every check with res.
type fakeChecker struct {
	res netcheck.Result
}

// Check implements Checker.
func (f fakeChecker) Check(context.Context, netcheck.Input) netcheck.Result { return f.res }

// TestKeeping keeps a check made while participating, not one made while
// off, not one whose context ended (superseded or interrupted), and not one
// that answers after participation was withdrawn.
func TestKeeping(t *testing.T) {
	t.Parallel()
	res := netcheck.Result{Connected: true, CheckedAt: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
	in := participant()
	off := in
	off.Participating = false
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		ci   netcheck.Input
		kept bool
	}{
		{"participating", context.Background(), in.CheckInput(time.Second), true},
		{"off", context.Background(), off.CheckInput(time.Second), false},
		{"cut short", cancelled, in.CheckInput(time.Second), false},
	}
	for _, tt := range tests {
		store := keptStore(t)
		dirs := []string{filepath.Join(t.TempDir(), "etc-xdg")}
		if _, err := Decide(store, Request{Choice: Accept, Statement: DecidedOn(statement.In(lang.English())), Via: "tui", At: res.CheckedAt, PolicyDirs: dirs}); err != nil {
			t.Fatal(err)
		}
		if got := Keeping(store, dirs, fakeChecker{res: res}).Check(tt.ctx, tt.ci); !reflect.DeepEqual(got, res) {
			t.Errorf("%s: Check = %+v, want the checker's %+v", tt.name, got, res)
		}
		_, ok, err := LastCheck(store)
		if ok != tt.kept || err != nil {
			t.Errorf("%s: kept = %v (%v), want %v", tt.name, ok, err, tt.kept)
		}
	}
	// Withdrawn while the check was in flight: it answers, and nothing is kept.
	store := keptStore(t)
	dirs := []string{filepath.Join(t.TempDir(), "etc-xdg")}
	withdraw := checkerFunc(func(context.Context, netcheck.Input) netcheck.Result {
		if _, err := Decide(store, Request{Choice: Withdraw, Via: "cli", At: res.CheckedAt, PolicyDirs: dirs}); err != nil {
			t.Error(err)
		}
		return res
	})
	if _, err := Decide(store, Request{Choice: Accept, Statement: DecidedOn(statement.In(lang.English())), Via: "tui", At: res.CheckedAt, PolicyDirs: dirs}); err != nil {
		t.Fatal(err)
	}
	Keeping(store, dirs, withdraw).Check(context.Background(), in.CheckInput(time.Second))
	if _, ok, _ := LastCheck(store); ok {
		t.Error("a check that answered after the withdrawal was kept")
	}
}

// checkerFunc is a Checker that is a function.
type checkerFunc func(context.Context, netcheck.Input) netcheck.Result

// Check implements Checker.
func (f checkerFunc) Check(ctx context.Context, in netcheck.Input) netcheck.Result { return f(ctx, in) }

package flow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"ksn/model"
	"ksn/netcheck"
)

// The last stored check (docs/fleets.md): while participating, each check's
// result is kept in $XDG_STATE_HOME/ksn/last_check.json, with the input it
// answered, so that `ksn status --format=prometheus` (run by a timer) asks
// the service only when that result is older than the check interval.

// lastCheckSchema is the "schema" of last_check.json.
const lastCheckSchema = 1

// StoredCheck is the last stored check: a result and what it answered.
type StoredCheck struct {
	// Result is the check's result, without its steps and trouble.
	Result netcheck.Result
	// Input is what the check was about; its Timeout is zero.
	Input netcheck.Input
}

// lastCheckFile is last_check.json.
type lastCheckFile struct {
	Schema       int                    `json:"schema"`
	CheckedAt    time.Time              `json:"checked_at"`
	Connected    bool                   `json:"connected"`
	Reason       netcheck.Reason        `json:"reason"`
	Key          netcheck.KeyState      `json:"key"`
	Restrictions []netcheck.Restriction `json:"restrictions"`
	LatencyMS    int64                  `json:"latency_ms"`
	Requested    bool                   `json:"requested"`
	Endpoint     string                 `json:"endpoint"`
	License      lastCheckLicense       `json:"license"`
}

// lastCheckLicense is the license a stored check was made with; the key
// only as the hash the check sends.
type lastCheckLicense struct {
	Present   bool       `json:"present"`
	Activated bool       `json:"activated"`
	ExpiresAt *time.Time `json:"expires_at"`
	KeySHA256 string     `json:"key_sha256"`
}

// KeepCheck keeps res, the answer to in, as the last stored check, if in
// was made while participating; it writes nothing otherwise (docs/files.md:
// never while off).
func KeepCheck(store *model.Store, in netcheck.Input, res netcheck.Result) error {
	if !in.Participating {
		return nil
	}
	f := lastCheckFile{
		Schema:       lastCheckSchema,
		CheckedAt:    res.CheckedAt.UTC(),
		Connected:    res.Connected,
		Reason:       res.Reason,
		Key:          res.KeyState,
		Restrictions: res.Restrictions,
		LatencyMS:    res.Latency.Milliseconds(),
		Requested:    res.Requested,
		Endpoint:     in.Endpoint,
		License: lastCheckLicense{
			Present:   in.License.Present,
			Activated: in.License.Activated,
			KeySHA256: in.License.KeySHA256,
		},
	}
	if f.Restrictions == nil {
		f.Restrictions = []netcheck.Restriction{}
	}
	if !in.License.ExpiresAt.IsZero() {
		t := in.License.ExpiresAt.UTC()
		f.License.ExpiresAt = &t
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return store.WriteLastCheck(append(data, '\n'))
}

// LastCheck reads the last stored check: ok is false if there is none. A
// file that cannot be read or is not one ksn wrote gives an error; the
// caller checks live instead, and the next check made while participating
// replaces it.
func LastCheck(store *model.Store) (sc StoredCheck, ok bool, err error) {
	data, err := store.ReadLastCheck()
	if errors.Is(err, fs.ErrNotExist) {
		return StoredCheck{}, false, nil
	}
	if err != nil {
		return StoredCheck{}, false, err
	}
	var f lastCheckFile
	if err := json.Unmarshal(data, &f); err != nil {
		return StoredCheck{}, false, fmt.Errorf("%s: %w", store.Paths().LastCheckFile(), err)
	}
	if f.Schema != lastCheckSchema || f.CheckedAt.IsZero() || !f.Reason.Known() || f.Connected != (f.Reason == netcheck.ReasonNone) {
		return StoredCheck{}, false, fmt.Errorf("%s: not a stored check of this ksn", store.Paths().LastCheckFile())
	}
	sc.Result = netcheck.Result{
		Connected:    f.Connected,
		Reason:       f.Reason,
		KeyState:     f.Key,
		Restrictions: f.Restrictions,
		CheckedAt:    f.CheckedAt,
		Latency:      time.Duration(f.LatencyMS) * time.Millisecond,
		Requested:    f.Requested,
	}
	sc.Input = netcheck.Input{
		Participating: true,
		Endpoint:      f.Endpoint,
		License: netcheck.License{
			Present:   f.License.Present,
			Activated: f.License.Activated,
			KeySHA256: f.License.KeySHA256,
		},
	}
	if f.License.ExpiresAt != nil {
		sc.Input.License.ExpiresAt = *f.License.ExpiresAt
	}
	return sc, true, nil
}

// Answers reports whether the stored check still answers for the state in
// force in at now, so that no live check is due: participation is on, the
// check was made with what a check would be made with now (the endpoint,
// the license), it is younger than the check interval (and not from a
// clock's future), and the restriction it found, if any, has not ended.
// While participation is off it never answers: the live check then sends
// nothing (docs/check.md).
func (sc StoredCheck) Answers(in InForce, now time.Time) bool {
	if !in.Participating || !sameInput(in.CheckInput(0), sc.Input) {
		return false
	}
	at := sc.Result.CheckedAt
	if at.After(now) || now.Sub(at) >= in.Interval {
		return false
	}
	return !sc.Result.Restricted() || sc.Result.RestrictedUntil().After(now)
}

// sameInput reports whether a and b ask the same check, whatever their
// timeouts and the locations of their times.
func sameInput(a, b netcheck.Input) bool {
	la, lb := a.License, b.License
	return a.Participating == b.Participating && a.Endpoint == b.Endpoint &&
		la.Present == lb.Present && la.Activated == lb.Activated &&
		la.ExpiresAt.Equal(lb.ExpiresAt) && la.KeySHA256 == lb.KeySHA256
}

// Keeping returns a Checker that runs c's checks and keeps each one made
// while participating as the last stored check (KeepCheck), if
// participation is still on when it answers (policyDirs: where the
// policies are read): a check that answers after a withdrawal writes
// nothing. A check cut short (its context ended: superseded, or the
// process is ending) is not kept, and neither is a failure to keep one
// said: the next check made while participating tries again.
func Keeping(store *model.Store, policyDirs []string, c Checker) Checker {
	return keeping{store: store, policyDirs: policyDirs, c: c}
}

// keeping is the Checker of Keeping.
type keeping struct {
	store      *model.Store
	policyDirs []string
	c          Checker
}

// stillOn reports whether participation is on now, as the files say: asked
// again before each write of a check (netcheck.WhileParticipating).
func (k keeping) stillOn() bool { return ParticipatingNow(k.store, k.policyDirs) }

// Check implements Checker.
func (k keeping) Check(ctx context.Context, in netcheck.Input) netcheck.Result {
	res := k.c.Check(netcheck.WhileParticipating(ctx, k.stillOn), in)
	if ctx.Err() == nil && in.Participating && k.stillOn() {
		_ = KeepCheck(k.store, in, res)
	}
	return res
}

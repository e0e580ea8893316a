package model

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/adrg/xdg"
)

// policyName is the administrator's file inside an XDG config directory.
const policyName = "ksn/policy.json"

// PolicyKey names a key of settings.json's "ksn" object that a policy may
// set (README "Managed settings").
type PolicyKey string

// The keys a policy may set.
const (
	// KeyParticipation is "participation".
	KeyParticipation PolicyKey = "participation"
	// KeyWindow is "window".
	KeyWindow PolicyKey = "window"
	// KeyEndpoint is "endpoint".
	KeyEndpoint PolicyKey = "endpoint"
	// KeyCheckInterval is "check_interval".
	KeyCheckInterval PolicyKey = "check_interval"
	// KeyStatement is "statement".
	KeyStatement PolicyKey = "statement"
)

// policyKeys are the keys a policy may set, in settings.json's order.
func policyKeys() []PolicyKey {
	return []PolicyKey{KeyParticipation, KeyWindow, KeyEndpoint, KeyCheckInterval, KeyStatement}
}

// keyNames are the names of keys, in order.
func keyNames(keys []PolicyKey) []string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = string(k)
	}
	return names
}

// Policy is an administrator's ksn/policy.json (README "Managed settings"): the keys of
// settings.json's "ksn" object that it sets win over the user's settings
// and cannot be changed by the user.
type Policy struct {
	// Path is the file the policy was read from.
	Path string
	// KSN holds the values of the keys the policy sets.
	KSN KSN
	// Problem is a part of the policy that could not be honoured and was
	// ignored, nil if none (say.Voice.PolicyNote says it).
	Problem *Problem
	set     map[PolicyKey]bool
}

// DefaultPolicyDirs returns the XDG config directories ($XDG_CONFIG_DIRS,
// by default /etc/xdg), most important first.
func DefaultPolicyDirs() []string { return append([]string(nil), xdg.ConfigDirs...) }

// PolicyFiles returns where a policy is looked for in dirs, in order.
func PolicyFiles(dirs []string) []string {
	files := make([]string, len(dirs))
	for i, d := range dirs {
		files[i] = filepath.Join(d, policyName)
	}
	return files
}

// ParsePolicy reads a policy: a JSON object with some of the keys of
// settings.json's "ksn" object. A key it does not know or a bad value is an
// error, and the policy is then ignored as a whole. A policy that turns
// participation on without an accepted statement whose sha256 is one of current
// keeps its other keys; its participation key is dropped and Problem says why.
func ParsePolicy(data []byte, current ...string) (Policy, error) {
	top, err := decodeTop(data)
	if err != nil {
		return Policy{}, err
	}
	pol := Policy{set: map[PolicyKey]bool{}}
	for _, k := range policyKeys() {
		if _, ok := top[string(k)]; ok {
			pol.set[k] = true
		}
	}
	for k := range top {
		if !pol.set[PolicyKey(k)] {
			return Policy{}, &Problem{Code: CodePolicyUnknownKey, Key: strconv.Quote(k), Keys: keyNames(policyKeys())}
		}
	}
	if len(pol.set) == 0 {
		return Policy{}, &Problem{Code: CodePolicyEmpty}
	}
	p := fieldParser{}
	pol.KSN = p.ksn(data, Defaults().KSN)
	if p.err != nil {
		return Policy{}, p.err
	}
	if pol.set[KeyParticipation] && pol.KSN.Participation {
		st := pol.KSN.Statement
		if !pol.set[KeyStatement] || st.Decision != DecisionAccepted || !isCurrent(st.SHA256, current) {
			delete(pol.set, KeyParticipation)
			pol.KSN.Participation = false
			pol.Problem = &Problem{Code: CodePolicyParticipation, SHAs: slices.Clone(current)}
		}
	}
	return pol, nil
}

// LoadPolicy reads the first ksn/policy.json found in dirs. No file: the
// zero Policy and found false. A file that cannot be read or parsed: an
// error naming it, to be reported while the policy is ignored as a whole.
func LoadPolicy(dirs []string, current ...string) (pol Policy, found bool, err error) {
	for _, path := range PolicyFiles(dirs) {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Policy{Path: path}, true, &Problem{Code: CodePolicyUnreadable, Path: path, Err: errors.Unwrap(err)}
		}
		pol, err := ParsePolicy(data, current...)
		pol.Path = path
		if err != nil {
			return Policy{Path: path}, true, &Problem{Code: CodePolicyIgnored, Path: path, Err: err}
		}
		return pol, true, nil
	}
	return Policy{}, false, nil
}

// Locks reports whether the policy sets key.
func (p Policy) Locks(key PolicyKey) bool { return p.set[key] }

// LocksConsent reports whether the policy decides participation, so that
// the user cannot change it: it sets participation or the statement.
func (p Policy) LocksConsent() bool {
	return p.set[KeyParticipation] || p.set[KeyStatement]
}

// Keys lists the keys the policy sets, in settings.json's order.
func (p Policy) Keys() []PolicyKey {
	var ks []PolicyKey
	for _, k := range policyKeys() {
		if p.set[k] {
			ks = append(ks, k)
		}
	}
	return ks
}

// Apply returns s with the policy's keys in force.
func (p Policy) Apply(s Settings) Settings {
	if p.set[KeyParticipation] {
		s.KSN.Participation = p.KSN.Participation
	}
	if p.set[KeyWindow] {
		s.KSN.Window = p.KSN.Window
	}
	if p.set[KeyEndpoint] {
		s.KSN.Endpoint = p.KSN.Endpoint
	}
	if p.set[KeyCheckInterval] {
		s.KSN.CheckInterval = p.KSN.CheckInterval
	}
	if p.set[KeyStatement] {
		s.KSN.Statement = p.KSN.Statement
	}
	if s.KSN.Participation && s.KSN.Statement.Decision != DecisionAccepted {
		s.KSN.Participation = false // never on without an accepted statement
	}
	return s
}

// WatchPolicy reports changes of the policy files in dirs — added, changed
// or removed — until ctx ends, by looking at them twice a second (the
// directories, e.g. /etc/xdg/ksn, often do not exist to be watched).
func WatchPolicy(ctx context.Context, dirs []string) <-chan struct{} {
	ch := make(chan struct{}, 1)
	files := PolicyFiles(dirs)
	last := policyStamp(files) // before returning, so no change is missed
	go func() {
		defer close(ch)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if now := policyStamp(files); now != last {
				last = now
				select {
				case ch <- struct{}{}:
				default:
				}
			}
		}
	}()
	return ch
}

// policyStamp summarises the size, time and identity of each policy file.
func policyStamp(files []string) string {
	var stamp string
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			stamp += "-|"
			continue
		}
		stamp += fmt.Sprintf("%d:%d:%v|", info.Size(), info.ModTime().UnixNano(), info.Mode())
	}
	return stamp
}

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
// set (docs/policy.md).
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

// Policy is the administrators' policy files merged (docs/policy.md):
// the keys of settings.json's "ksn" object that they set win
// over the user's settings and cannot be changed by the user.
type Policy struct {
	// Path is the most important file the policy was read from: the
	// system's if it sets anything.
	Path string
	// KSN holds the values of the keys the policy sets.
	KSN KSN
	// Problem is a part of the policy that could not be honoured and was
	// ignored, nil if none (say.Voice.PolicyNote says it).
	Problem *Problem
	set     map[PolicyKey]bool
	from    map[PolicyKey]string // the file that set each key
}

// systemConfigDir is the administrator's XDG config directory, whose
// ksn/policy.json is always read (docs/policy.md). Test builds
// move it with -ldflags "-X ksn/model.systemConfigDir=DIR"; nothing at run
// time does.
var systemConfigDir = "/etc/xdg"

// DefaultPolicyDirs returns where policies are read, most important
// first: the system's directory (/etc/xdg), whatever $XDG_CONFIG_DIRS
// says, then the XDG config directories, each once.
func DefaultPolicyDirs() []string { return policyDirs(systemConfigDir, xdg.ConfigDirs) }

// policyDirs is system, then each absolute directory of configDirs not
// named yet ($XDG_CONFIG_DIRS, which cannot take system out).
func policyDirs(system string, configDirs []string) []string {
	dirs := []string{system}
	for _, d := range configDirs {
		if d = filepath.Clean(d); filepath.IsAbs(d) && !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

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

// LoadPolicy reads ksn/policy.json in each of dirs and merges them (docs/policy.md).
// dirs[0] is the system's directory: its keys win,
// and a file there that cannot be trusted (StrictModes, not a regular
// file, too large) locks participation off and is otherwise ignored.
// Among the others the first directory wins a key; one that fails is not
// honoured. No file: the zero Policy and found false. err is the first
// file not honoured, named, for the user to be told; the policy returned
// is what is honoured all the same.
func LoadPolicy(dirs []string, current ...string) (pol Policy, found bool, err error) {
	pol = Policy{set: map[PolicyKey]bool{}, from: map[PolicyKey]string{}}
	for i, path := range PolicyFiles(dirs) {
		one, ferr := loadPolicyFile(path, current...)
		if errors.Is(ferr, fs.ErrNotExist) {
			continue
		}
		found = true
		switch {
		case ferr == nil:
			pol.merge(one, path)
			continue
		case i == 0 && untrusted(ferr):
			pol.lockOff(path)
			ferr = &Problem{Code: CodePolicyLockedOff, Path: path, Err: ferr}
		case untrusted(ferr):
			ferr = &Problem{Code: CodePolicyIgnored, Path: path, Err: ferr}
		}
		if err == nil {
			err = ferr
		}
	}
	return pol, found, err
}

// loadPolicyFile reads and parses the policy at path, once it has passed
// StrictModes. A missing file gives an error matching fs.ErrNotExist; one
// that cannot be trusted, the file's problem (see untrusted); one that
// cannot be read or parsed, a policy problem naming it.
func loadPolicyFile(path string, current ...string) (Policy, error) {
	data, err := ReadTrusted(path, "")
	if errors.Is(err, fs.ErrNotExist) || untrusted(err) {
		return Policy{}, err
	}
	if err != nil {
		return Policy{}, &Problem{Code: CodePolicyUnreadable, Path: path, Err: cause(err)}
	}
	pol, err := ParsePolicy(data, current...)
	if err != nil {
		return Policy{}, &Problem{Code: CodePolicyIgnored, Path: path, Err: err}
	}
	return pol, nil
}

// untrusted reports whether err refuses a file as one that cannot be
// trusted: StrictModes, not a regular file, too large.
func untrusted(err error) bool {
	var p *Problem
	if !errors.As(err, &p) {
		return false
	}
	switch p.Code {
	case CodeStrictOwnerFile, CodeStrictOwnerDir, CodeStrictFileMode, CodeStrictDirMode,
		CodeStrictSharedDir, CodeStrictReplaced, CodeFileNotRegular, CodeFileTooLarge:
		return true
	}
	return false
}

// merge adds the keys of one, read from path, that p does not set yet.
func (p *Policy) merge(one Policy, path string) {
	for _, k := range one.Keys() {
		if p.set[k] {
			continue
		}
		p.set[k], p.from[k] = true, path
		p.KSN = one.value(k, p.KSN)
	}
	if p.Path == "" {
		p.Path = path
	}
	if p.Problem == nil {
		p.Problem = one.Problem
	}
}

// lockOff sets participation off, from the untrusted system file at path.
func (p *Policy) lockOff(path string) {
	p.set[KeyParticipation], p.from[KeyParticipation] = true, path
	p.KSN.Participation = false
	p.Path = path
}

// value is k's value of p set in k.
func (p Policy) value(key PolicyKey, k KSN) KSN {
	switch key {
	case KeyParticipation:
		k.Participation = p.KSN.Participation
	case KeyWindow:
		k.Window = p.KSN.Window
	case KeyEndpoint:
		k.Endpoint = p.KSN.Endpoint
	case KeyCheckInterval:
		k.CheckInterval = p.KSN.CheckInterval
	case KeyStatement:
		k.Statement = p.KSN.Statement
	}
	return k
}

// PathOf is the file that set key: Path for a policy read from one file.
func (p Policy) PathOf(key PolicyKey) string {
	if path, ok := p.from[key]; ok {
		return path
	}
	return p.Path
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
	for _, k := range p.Keys() {
		s.KSN = p.value(k, s.KSN)
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

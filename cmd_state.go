package main

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"time"

	"ksn/model"
	"ksn/netcheck"
	"ksn/statement"
)

// License states of the "license" object of SPEC §5.
const (
	licenseActive       = "active"
	licenseNotActivated = "not_activated"
	licenseExpired      = "expired"
	licenseDenylisted   = "denylisted"
)

// localState is what the settings files say, read once for one command.
type localState struct {
	store *model.Store
	// user is settings.json as read; settings is what is in force, the
	// administrator's policy applied.
	user     model.Settings
	settings model.Settings
	// policy is the administrator's ksn/policy.json (SPEC §7); the zero
	// Policy if there is none or it cannot be honoured (policyErr says why).
	policy    model.Policy
	policyErr error
	// notice is what Load had to say: a settings file kept aside, or one
	// of a newer schema.
	notice model.LoadNotice
	// endpointInFile is whether settings.json names an endpoint itself.
	endpointInFile bool

	license    model.License
	hasLicense bool
	licenseErr error // license.json is there but cannot be used
}

// openStore returns the Store over the user's files, as the XDG variables
// say.
func openStore() *model.Store {
	return model.NewStore(model.DefaultPaths())
}

// loadState reads settings.json and license.json. A settings file that is
// not valid is kept aside and the defaults used, as SPEC §2 says (see
// settingsProblem); an error reading either file is returned.
func loadState(store *model.Store) (localState, error) {
	st, notice, err := store.Load()
	if err != nil {
		return localState{}, failure("%v", err)
	}
	ls := localState{store: store, user: st, notice: notice}
	if notice.Message == "" || notice.Newer {
		ls.endpointInFile = namesEndpoint(store.Paths().SettingsFile())
	}
	ls.policy, ls.policyErr = loadPolicy()
	ls.settings = ls.policy.Apply(st)
	ls.license, ls.hasLicense, ls.licenseErr = store.LoadLicense()
	if ls.licenseErr != nil && !ls.hasLicense {
		// Not a bad file, but one that could not be read.
		return localState{}, failure("%v", ls.licenseErr)
	}
	return ls, nil
}

// settingsProblem is the error to end with when settings.json was not
// valid (it has been kept aside and the defaults used), nil otherwise.
func (ls localState) settingsProblem() error {
	if ls.notice.Message == "" || ls.notice.Newer {
		return nil
	}
	return failure("%s", ls.notice.Message)
}

// problem is the first error the command should end with after it has
// printed its report: a settings file that was not valid, or a license
// file that is not.
func (ls localState) problem() error {
	if err := ls.settingsProblem(); err != nil {
		return err
	}
	if ls.licenseErr != nil {
		return failure("%v", ls.licenseErr)
	}
	return nil
}

// infos are the notices that are not errors of the user's: a settings
// file of a newer schema, a policy that cannot be honoured.
func (ls localState) infos() []string {
	var out []string
	if ls.notice.Newer {
		out = append(out, ls.notice.Message)
	}
	return append(out, policyNotes(ls.policy, ls.policyErr)...)
}

// loadPolicy reads the administrator's policy from the XDG config
// directories. One that cannot be read or parsed is ignored as a whole: the
// zero Policy and the error that says why.
func loadPolicy() (model.Policy, error) {
	pol, _, err := model.LoadPolicy(model.DefaultPolicyDirs(), statement.SHA256())
	if err != nil {
		return model.Policy{}, err
	}
	return pol, nil
}

// policyNotes are the lines to tell the user about a policy that is
// ignored, whole or in part.
func policyNotes(pol model.Policy, err error) []string {
	switch {
	case err != nil:
		return []string{err.Error()}
	case pol.Problem != "":
		return []string{"policy " + pol.Path + ": " + pol.Problem}
	}
	return nil
}

// consentLocked reports whether the administrator decides participation.
func consentLocked(pol model.Policy) bool {
	return pol.Locks("participation") || pol.Locks("statement")
}

// managed is the "managed" object of status --json: each key the policy
// locks, with the policy file.
func (ls localState) managed() map[string]string {
	m := map[string]string{}
	for _, k := range ls.policy.Keys() {
		m[k] = ls.policy.Path
	}
	return m
}

// namesEndpoint reports whether the settings file at path sets ksn.endpoint.
func namesEndpoint(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var f struct {
		KSN map[string]json.RawMessage `json:"ksn"`
	}
	if json.Unmarshal(data, &f) != nil {
		return false
	}
	_, ok := f.KSN["endpoint"]
	return ok
}

// participating applies the invariant of SPEC §2.
func (ls localState) participating() bool {
	return ls.settings.Participating(statement.SHA256())
}

// window is the KSN window layout the settings choose.
func (ls localState) window() model.Window {
	if ls.settings.KSN.Window == "" {
		return model.WindowInfo
	}
	return ls.settings.KSN.Window
}

// usableLicense reports whether license.json is there and valid.
func (ls localState) usableLicense() bool {
	return ls.hasLicense && ls.licenseErr == nil
}

// checkInput is the input of a connection check of this state.
func (ls localState) checkInput(endpoint string, timeout time.Duration) netcheck.Input {
	in := netcheck.Input{
		Participating: ls.participating(),
		Endpoint:      endpoint,
		Timeout:       timeout,
	}
	if ls.usableLicense() {
		in.License = netcheck.License{
			Present:   true,
			Activated: ls.license.Activated,
			ExpiresAt: ls.license.ExpiresAt,
			KeySHA256: ls.license.KeySHA256(),
		}
	}
	return in
}

// licenseState is the state of the license: from the file, and from what
// the service said of the key if res is not nil.
func (ls localState) licenseState(now time.Time, res *netcheck.Result) string {
	switch {
	case !ls.usableLicense() || !ls.license.Activated:
		return licenseNotActivated
	case res != nil && res.KeyState == "denylisted":
		return licenseDenylisted
	case ls.license.Expired(now), res != nil && res.KeyState == "expired":
		return licenseExpired
	}
	return licenseActive
}

// licenseJSON is the "license" object of SPEC §5.
type licenseJSON struct {
	State     string     `json:"state"`
	ExpiresAt *time.Time `json:"expires_at"`
	KeySuffix *string    `json:"key_suffix"`
}

// licenseObject returns the "license" object for state.
func (ls localState) licenseObject(state string) licenseJSON {
	out := licenseJSON{State: state}
	if ls.usableLicense() {
		if !ls.license.ExpiresAt.IsZero() {
			t := ls.license.ExpiresAt.UTC()
			out.ExpiresAt = &t
		}
		s := ls.license.KeySuffix()
		out.KeySuffix = &s
	}
	return out
}

// isNotExist reports whether err says a file is missing.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

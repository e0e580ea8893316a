package flow

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"ksn/model"
	"ksn/netcheck"
	"ksn/statement"
)

func TestDeriveEndpointPrecedence(t *testing.T) {
	dir := t.TempDir()
	writePolicy(t, dir, `{"endpoint": "https://policy.example.org"}`)
	pol, _, err := model.LoadPolicy([]string{dir}, policySHA)
	if err != nil {
		t.Fatal(err)
	}
	user := model.Defaults()
	user.KSN.Endpoint = "https://settings.example.org"
	flag := Overrides{Endpoint: "https://flag.example.org", EndpointSource: SourceFlag}
	env := Overrides{Endpoint: "https://env.example.org", EndpointSource: SourceEnvironment}
	tests := []struct {
		name string
		f    model.Files
		o    Overrides
		url  string
		src  Source
	}{
		{"default", model.Files{User: model.Defaults()}, Overrides{}, model.DefaultEndpoint, SourceDefault},
		{"a saved default", model.Files{User: model.Defaults(), EndpointInFile: true}, Overrides{}, model.DefaultEndpoint, SourceDefault},
		{"settings", model.Files{User: user, EndpointInFile: true}, Overrides{}, "https://settings.example.org", SourceSettings},
		{"environment over settings", model.Files{User: user, EndpointInFile: true}, env, "https://env.example.org", SourceEnvironment},
		{"flag", model.Files{User: user, EndpointInFile: true}, flag, "https://flag.example.org", SourceFlag},
		{"policy over all", model.Files{User: user, EndpointInFile: true, Policy: pol}, flag, "https://policy.example.org", SourcePolicy},
	}
	for _, tt := range tests {
		in := Derive(tt.f, tt.o, nil, time.Now(), policySHA)
		if in.Endpoint != tt.url || in.EndpointSource != tt.src {
			t.Errorf("%s: %s (%s), want %s (%s)", tt.name, in.Endpoint, in.EndpointSource, tt.url, tt.src)
		}
		if ci := in.CheckInput(time.Second); ci.Endpoint != in.Endpoint {
			t.Errorf("%s: the check would ask %s", tt.name, ci.Endpoint)
		}
	}
	in := Derive(model.Files{User: user, Policy: pol}, flag, nil, time.Now(), policySHA)
	if in.IgnoredOverride != SourceFlag {
		t.Errorf("IgnoredOverride = %q", in.IgnoredOverride)
	}
}

func TestDeriveWindowAndLocks(t *testing.T) {
	dir := t.TempDir()
	writePolicy(t, dir, `{"window": "info", "statement": {"decision": "declined"}}`)
	pol, _, err := model.LoadPolicy([]string{dir}, policySHA)
	if err != nil {
		t.Fatal(err)
	}
	user := model.Defaults()
	user, e := user.Accept(model.Statement{Version: statement.Version, SHA256: policySHA}, time.Now(), "cli")
	in := Derive(model.Files{User: user, Consent: e, ConsentOK: true}, Overrides{Window: model.WindowStatement}, nil, time.Now(), policySHA)
	if in.Window != model.WindowStatement || !in.Participating || in.ConsentLocked {
		t.Errorf("no policy: window %s, participating %v, locked %v", in.Window, in.Participating, in.ConsentLocked)
	}
	in = Derive(model.Files{User: user, Consent: e, ConsentOK: true, Policy: pol}, Overrides{Window: model.WindowStatement}, nil, time.Now(), policySHA)
	if in.Window != model.WindowInfo || in.Participating || !in.ConsentLocked {
		t.Errorf("policy: window %s, participating %v, locked %v", in.Window, in.Participating, in.ConsentLocked)
	}
	if m := in.Managed(); len(m) != 2 || m[model.KeyWindow] != pol.Path || m[model.KeyStatement] != pol.Path {
		t.Errorf("Managed = %v", m)
	}
	in = Derive(model.Files{User: user, Consent: e, ConsentOK: true}, Overrides{}, nil, time.Now(), "another statement")
	if in.Participating || !in.StatementChanged {
		t.Errorf("changed statement: participating %v, changed %v", in.Participating, in.StatementChanged)
	}
}

func TestDeriveLicenseState(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	good := model.License{Key: "ABCDE-FGHIJ-KLMNO-PQRST", Activated: true, ExpiresAt: now.AddDate(1, 0, 0)}
	expired := good
	expired.ExpiresAt = now.AddDate(0, 0, -1)
	off := good
	off.Activated = false
	denied := &netcheck.Result{KeyState: netcheck.KeyDenylisted}
	said := &netcheck.Result{KeyState: netcheck.KeyExpired}
	tests := []struct {
		name string
		f    model.Files
		last *netcheck.Result
		want LicenseState
		// reported: the service says expired while the file's date is ahead
		reported bool
	}{
		{"none", model.Files{}, nil, LicenseNotActivated, false},
		{"not valid", model.Files{HasLicense: true, LicenseErr: errors.New("bad")}, nil, LicenseUnreadable, false},
		{"unreadable", model.Files{LicenseErr: errors.New("permission denied")}, nil, LicenseUnreadable, false},
		{"not activated", model.Files{License: off, HasLicense: true}, nil, LicenseNotActivated, false},
		{"active", model.Files{License: good, HasLicense: true}, nil, LicenseActive, false},
		{"expired by date", model.Files{License: expired, HasLicense: true}, nil, LicenseExpired, false},
		{"expired by the service", model.Files{License: good, HasLicense: true}, said, LicenseExpired, true},
		{"expired by date and the service", model.Files{License: expired, HasLicense: true}, said, LicenseExpired, false},
		{"denylisted", model.Files{License: good, HasLicense: true}, denied, LicenseDenylisted, false},
	}
	for _, tt := range tests {
		l := Derive(tt.f, Overrides{}, tt.last, now, policySHA).License
		if l.State != tt.want || l.ReportedExpired != tt.reported {
			t.Errorf("%s: %s (reported %v), want %s (%v)", tt.name, l.State, l.ReportedExpired, tt.want, tt.reported)
		}
	}
	l := Derive(model.Files{License: good, HasLicense: true}, Overrides{}, nil, now, policySHA)
	if ci := l.CheckInput(time.Second); !ci.License.Present || ci.License.KeySHA256 != good.KeySHA256() || l.License.KeySuffix != "PQRST" {
		t.Errorf("check input %+v, suffix %q", ci.License, l.License.KeySuffix)
	}
	// A license.json that is there but broken reaches the check by name, so
	// its activation step says "broken", not "no license" (docs/check.md).
	broken := model.Files{HasLicense: true, LicenseErr: errors.New("bad"), LicensePath: "/x/license.json"}
	if ci := Derive(broken, Overrides{}, nil, now, policySHA).CheckInput(time.Second); ci.License.Present || ci.License.Broken != "/x/license.json" {
		t.Errorf("broken license: check input %+v", ci.License)
	}
	if ci := Derive(model.Files{LicensePath: "/x/license.json"}, Overrides{}, nil, now, policySHA).CheckInput(time.Second); ci.License.Broken != "" {
		t.Errorf("no license: check input %+v, want none broken", ci.License)
	}
}

var policySHA = statement.SHA256()

// writePolicy writes text as dir/ksn/policy.json.
func writePolicy(t *testing.T, dir, text string) {
	t.Helper()
	path := filepath.Join(dir, "ksn", "policy.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

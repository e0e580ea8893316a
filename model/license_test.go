package model

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"
)

const specLicense = `{ "key": "ABCDE-FGHIJ-KLMNO-PQRST", "activated": true, "expires_at": "2027-11-29T00:00:00Z" }`

func TestParseLicense(t *testing.T) {
	t.Parallel()
	l, err := ParseLicense([]byte(specLicense))
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Date(2027, 11, 29, 0, 0, 0, 0, time.UTC)
	if l.Key != "ABCDE-FGHIJ-KLMNO-PQRST" || !l.Activated || !l.ExpiresAt.Equal(exp) {
		t.Fatalf("ParseLicense = %#v", l)
	}
	if l.KeySuffix() != "PQRST" {
		t.Errorf("KeySuffix = %q", l.KeySuffix())
	}
	// sha256 of "ABCDE-FGHIJ-KLMNO-PQRST"
	if got := l.KeySHA256(); len(got) != 64 || got != (License{Key: l.Key}).KeySHA256() || strings.ToLower(got) != got {
		t.Errorf("KeySHA256 = %q", got)
	}
	if l.Expired(exp.Add(-time.Second)) {
		t.Error("expired a second before")
	}
	if !l.Expired(exp) || !l.Expired(exp.Add(time.Hour)) {
		t.Error("not expired at or after expires_at")
	}
	if (License{Key: "x"}).Expired(exp) {
		t.Error("a license without expiry expired")
	}
}

func TestParseLicenseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, field string
		code            Code
	}{
		{"not json", `{key}`, "", CodeJSONSyntax},
		{"empty key", `{"key":"","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key", CodeKeyEmpty},
		{"blank key", `{"key":"  ","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key", CodeKeyEmpty},
		{"padded key", `{"key":"ABCDE-FGHIJ ","activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key", CodeKeySpaces},
		{"key number", `{"key":12345,"activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key", CodeKeyString},
		{"missing key", `{"activated":true,"expires_at":"2027-11-29T00:00:00Z"}`, "key", CodeJSONMissing},
		{"missing expiry", `{"key":"ABCDE-FGHIJ","activated":true}`, "expires_at", CodeJSONMissing},
		{"activated string", `{"key":"ABCDE-FGHIJ","activated":"yes","expires_at":"2027-11-29T00:00:00Z"}`, "activated", CodeJSONBool},
		{"bad date", `{"key":"ABCDE-FGHIJ","activated":true,"expires_at":"2027-11-29"}`, "expires_at", CodeJSONTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLicense([]byte(tt.in))
			p, ok := err.(*Problem)
			if ok && tt.field != "" {
				if p.Code != CodeField || p.Field != tt.field {
					t.Fatalf("error = %v, want a problem with %s", err, tt.field)
				}
				p, ok = p.Err.(*Problem)
			}
			if !ok || p.Code != tt.code {
				t.Fatalf("error = %v, want %s", err, tt.code)
			}
			if strings.Contains(err.Error(), "FGHIJ") {
				t.Fatalf("error shows the key: %v", err)
			}
		})
	}
}

func TestLicenseNeverPrintsKey(t *testing.T) {
	t.Parallel()
	l, err := ParseLicense([]byte(specLicense))
	if err != nil {
		t.Fatal(err)
	}
	type wrapper struct{ Lic License }
	var outs []string
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%10.3s", "%T"} {
		outs = append(outs, fmt.Sprintf(f, l), fmt.Sprintf(f, &l), fmt.Sprintf(f, wrapper{l}), fmt.Sprintf(f, []License{l}))
	}
	outs = append(outs, fmt.Sprint(l), fmt.Sprintln(l), l.String(), l.GoString())
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("loaded", "license", l)
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("loaded", "license", l)
	outs = append(outs, logged.String())
	for _, out := range outs {
		if strings.Contains(out, "ABCDE") || strings.Contains(out, "KLMNO") || strings.Contains(out, "4142434445") {
			t.Errorf("output shows the key: %s", out)
		}
	}
	if got := fmt.Sprint(l); got != "license …PQRST (activated, expires 2027-11-29T00:00:00Z)" {
		t.Errorf("String = %q", got)
	}
	if !strings.Contains(logged.String(), "PQRST") {
		t.Errorf("log lacks the suffix: %s", logged.String())
	}
}

func TestKeySuffixShortKey(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]string{"": "", "ABC": "C", "ABCDEFGH": "EFGH", "ABCDEFGHIJ": "FGHIJ", "ÄÖÜ-ÄÖÜ-ÄÖÜ": "Ü-ÄÖÜ"} {
		if got := (License{Key: key}).KeySuffix(); got != want {
			t.Errorf("KeySuffix(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestStoreLicense(t *testing.T) {
	t.Parallel()
	st := NewStore(testPaths(t))
	if _, ok, err := st.LoadLicense(); ok || err != nil {
		t.Fatalf("missing license: %v, %v", ok, err)
	}
	if _, err := st.InstallLicense([]byte(`{"key":""}`)); err == nil {
		t.Fatal("installed a bad license")
	}
	if _, err := os.Stat(st.Paths().LicenseFile()); !os.IsNotExist(err) {
		t.Fatalf("bad input changed a file: %v", err)
	}
	if _, err := st.InstallLicense([]byte(specLicense)); err != nil {
		t.Fatal(err)
	}
	assertMode(t, st.Paths().LicenseFile(), 0o600)
	l, ok, err := st.LoadLicense()
	if !ok || err != nil || l.KeySuffix() != "PQRST" {
		t.Fatalf("LoadLicense = %v, %v, %v", l, ok, err)
	}
	writeFile(t, st.Paths().LicenseFile(), `{"key": 1}`)
	_, ok, err = st.LoadLicense()
	if !ok || err == nil || !strings.Contains(err.Error(), st.Paths().LicenseFile()) {
		t.Fatalf("broken license: %v, %v", ok, err)
	}
}

// TestInstallLicenseKeepsBrokenFile: installing over a license.json that is
// not valid keeps it aside as license.json.corrupt-<UTC time>, as a broken
// settings.json is (docs/files.md); a valid one is simply replaced.
func TestInstallLicenseKeepsBrokenFile(t *testing.T) {
	t.Parallel()
	st := NewStore(testPaths(t))
	path := st.Paths().LicenseFile()
	writeFile(t, path, "junk\n")
	done, err := st.InstallLicense([]byte(specLicense))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(done.Kept, path+".corrupt-") || done.License.KeySuffix() != "PQRST" {
		t.Fatalf("InstallLicense = %+v", done)
	}
	if data, err := os.ReadFile(done.Kept); err != nil || string(data) != "junk\n" {
		t.Fatalf("kept copy %q, %v", data, err)
	}
	if _, ok, err := st.LoadLicense(); !ok || err != nil {
		t.Fatalf("installed license: %v, %v", ok, err)
	}
	again, err := st.InstallLicense([]byte(specLicense))
	if err != nil || again.Kept != "" {
		t.Fatalf("over a valid license: %+v, %v", again, err)
	}
}

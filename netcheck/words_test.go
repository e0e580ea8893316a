package netcheck_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ksn/lang"
	"ksn/netcheck"
	"ksn/safe"
	"ksn/say"
)

var update = flag.Bool("update", false, "rewrite testdata/steps.golden.json")

// TestStepDetailsAreUnchanged compares the JSON of every step detail,
// hint and technical error the check gives, as say writes them in English,
// with the golden file, written before the details became catalog
// messages and before netcheck stopped speaking: the check's JSON is the
// same English, byte for byte.
func TestStepDetailsAreUnchanged(t *testing.T) {
	t.Parallel()
	type scenario struct {
		Name  string         `json:"name"`
		Steps []say.StepJSON `json:"steps"`
		Err   string         `json:"err,omitempty"`
	}
	en := say.JSON() // the English of the JSON and the logs
	var out []scenario
	for _, sc := range netcheck.StepScenarios(t) {
		out = append(out, scenario{Name: sc.Name, Steps: say.StepsJSON(sc.Steps),
			Err: en.Trouble(netcheck.Result{Steps: sc.Steps, Trouble: sc.Trouble})})
	}
	got, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "steps.golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the steps differ from %s (go test -run TestStepDetailsAreUnchanged -update, and read the diff):\n%s", path, got)
	}
}

// voices are the languages people may read a check in.
func voices(t *testing.T) []say.Voice {
	t.Helper()
	var out []say.Voice
	for _, code := range []string{"en", "ru", "de"} {
		l, err := lang.Parse(code)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, say.In(l))
	}
	return out
}

// TestEveryDetailIsSaid checks the step details of the scenarios: every
// detail code is taken by some scenario, and each says itself in every
// language in one line, its template filled, its times (RFC 3339 UTC in
// the JSON) written for the reader.
func TestEveryDetailIsSaid(t *testing.T) {
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	seen := map[netcheck.Detail]bool{}
	for _, sc := range netcheck.StepScenarios(t) {
		for i, s := range sc.Steps {
			seen[s.Detail] = true
			json := say.StepsJSON(sc.Steps)[i].Detail
			for _, v := range voices(t) {
				got := v.StepDetail(s, now)
				if got == "" || strings.Contains(got, "<no value>") || strings.Contains(got, "{{") || got != safe.Line(got, 0) {
					t.Errorf("%s: %s in %s = %q", sc.Name, s.Name, v.Code(), got)
				}
			}
			if hasTime(s) && !strings.Contains(json, "Z") {
				t.Errorf("%s: %s JSON detail %q has no RFC 3339 time", sc.Name, s.Name, json)
			}
			if hasTime(s) && strings.Contains((say.Voice{}).StepDetail(s, now), "Z") {
				t.Errorf("%s: %s for people has an RFC 3339 time", sc.Name, s.Name)
			}
		}
	}
	for _, d := range netcheck.Details() {
		if !seen[d] {
			t.Errorf("no scenario takes %s", d)
		}
	}
}

// hasTime reports whether s names a time.
func hasTime(s netcheck.Step) bool {
	return !s.Facts.Date.IsZero() || len(s.Facts.Restrictions) > 0
}

// TestJSONIsTheSameForEveryReader runs a check that passes every step but
// a restriction, and one that fails: the JSON carries the English words,
// and what a Russian or German reader reads is other words.
func TestJSONIsTheSameForEveryReader(t *testing.T) {
	t.Parallel()
	until := time.Now().Add(10 * time.Minute).UTC().Truncate(time.Second)
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"key":"valid","restrictions":[{"scope":"file_reputation","until":"` + until.Format(time.RFC3339) + `"}]}`))
	}))
	t.Cleanup(ok.Close)
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	t.Cleanup(bad.Close)
	for _, ep := range []string{ok.URL, bad.URL, "http://ksn.example"} {
		in := netcheck.Input{Participating: true, Endpoint: ep, License: netcheck.License{Present: true, Activated: true,
			KeySHA256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}
		res := netcheck.New(netcheck.Options{}).Check(context.Background(), in)
		b, err := json.Marshal(say.ConnectionOf(res))
		if err != nil {
			t.Fatal(err)
		}
		var c say.ConnectionJSON
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
		if len(c.Steps) != len(res.Steps) || c.Message == "" {
			t.Fatalf("%s: JSON %s", ep, b)
		}
		for _, v := range voices(t)[1:] {
			steps := 0 // steps the reader reads in other words than the JSON's
			for i, s := range res.Steps {
				if v.StepDetail(s, time.Now()) != c.Steps[i].Detail {
					steps++
				}
			}
			if v.Reason(res.Reason) == c.Message || steps == 0 {
				t.Errorf("%s: a %s reader reads the JSON's English", ep, v.Code())
			}
		}
	}
}

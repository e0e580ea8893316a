package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/netcheck/ksntest"
	"ksn/say"
	"ksn/statement"
)

// needTool returns the path of tool, which the test needs. Outside CI
// (CI unset) a missing tool skips the test, saying so; in CI (.ci/run
// installs it from Debian: install, its package) it fails the test.
func needTool(t *testing.T, tool, install string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed, and CI=%s asks for every tool (.ci/run installs %s)", tool, os.Getenv("CI"), install)
	}
	t.Skipf("%s is not installed (apt-get install %s; .ci/run does): not checked here", tool, install)
	return ""
}

// TestMetricsPromtool runs `promtool check metrics` (Prometheus's own
// linter) on the metrics of every demo scenario, before and after the
// statement is accepted, and on metrics with every optional one present
// and label values that need escaping: it accepts them all, without a
// warning.
func TestMetricsPromtool(t *testing.T) {
	t.Parallel()
	promtool := needTool(t, "promtool", "prometheus")
	check := func(t *testing.T, name string, m flow.Metrics) {
		t.Helper()
		var buf bytes.Buffer
		if err := say.WriteMetrics(&buf, m); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = bytes.NewReader(buf.Bytes())
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("%s: promtool check metrics: %v\n%s\non:\n%s", name, err, out, buf.Bytes())
		}
	}
	for _, sc := range ksntest.Scenarios() {
		t.Run(string(sc), func(t *testing.T) {
			t.Parallel()
			now := time.Now()
			env, err := newDemoEnv(sc, now)
			if err != nil {
				t.Fatal(err)
			}
			defer env.close()
			metrics := func() flow.Metrics {
				ls := loadState(env.store, flow.Overrides{Endpoint: env.url, EndpointSource: flow.SourceFlag})
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				res := env.checker().Check(ctx, ls.in.CheckInput(5*time.Second))
				ls.derive(&res, time.Now())
				firstBad, err := env.store.EachConsent(func(model.ConsentEntry) bool { return true })
				return flow.MetricsOf(ls.in, err == nil && firstBad == 0, time.Time{}, time.Now())
			}
			check(t, "off", metrics())
			_, err = env.store.Update(func(s *model.Settings) (*model.ConsentEntry, error) {
				var e model.ConsentEntry
				*s, e = s.Accept(model.Statement{Version: statement.Version, SHA256: statement.SHA256(), Lang: "en"}, now, "tui")
				return &e, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			m := metrics()
			if !m.Participating {
				t.Fatalf("the demo does not participate after the statement was accepted: %+v", m)
			}
			check(t, "participating", m)
		})
	}
	at := time.Date(2026, 12, 7, 10, 0, 0, 123_000_000, time.UTC)
	check(t, "every metric, hostile labels", flow.Metrics{
		Participating: true,
		Statement: &model.StatementDecision{Decision: model.DecisionAccepted,
			Version: "2026.1 \"quoted\" \\ back\nslash", SHA256: strings.Repeat("ab", 32), Lang: "ru\xff"},
		Connected: false, Reason: netcheck.ReasonKeyDenylisted,
		LicenseExpiry: at.AddDate(1, 0, 0), RestrictedUntil: at.Add(time.Hour), CheckedAt: at,
		ConsentIntact: true, LastReport: at.Add(-time.Hour),
	})
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
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

// TestAnsibleRole runs the example playbook of contrib/ansible with
// ansible-playbook against localhost (connection local), as the current
// user, in a throwaway directory: the package task skipped, the role
// pointed at a ksn built with its system policy directory moved inside
// that directory, HOME and the XDG directories there too, and the check
// against a loopback service. It proves: --syntax-check passes; check
// mode predicts the changes and writes nothing; the first run puts the
// policy in place (0644) and records the decision; a second run reports
// changed=0; the registered state is reported; a changed decision (a
// decline) is recorded, and check mode then reports changed=0.
func TestAnsibleRole(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("-short: ansible-playbook takes half a minute")
	}
	playbook := needTool(t, "ansible-playbook", "ansible-core")
	python := needTool(t, "python3", "python3")
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	group, err := user.LookupGroupId(me.Gid)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sys := filepath.Join(dir, "etc-xdg")
	bin := buildWithSystemDir(t, sys)
	_, url := ksntest.NewTestServer(t, ksntest.Valid)
	home := filepath.Join(dir, "home")
	for _, d := range []string{home, filepath.Join(dir, "xdg-dirs"), filepath.Join(dir, "ansible-tmp")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	ksnEnv := map[string]string{
		"HOME":            home,
		"XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_STATE_HOME":  filepath.Join(home, ".local", "state"),
		"XDG_DATA_HOME":   filepath.Join(home, ".local", "share"),
		"XDG_CACHE_HOME":  filepath.Join(home, ".cache"),
		"XDG_CONFIG_DIRS": filepath.Join(dir, "xdg-dirs"),
		"KSN_ENDPOINT":    url,
	}
	policyPath := filepath.Join(sys, "ksn", "policy.json")
	vars := func(participate bool) string {
		v := map[string]any{
			"ksn_install":          false,
			"ksn_bin":              bin,
			"ksn_policy":           map[string]any{"window": "statement", "check_interval": "10m"},
			"ksn_policy_path":      policyPath,
			"ksn_policy_owner":     me.Username,
			"ksn_policy_group":     group.Name,
			"ksn_statement_sha256": statement.SHA256(),
			"ksn_users":            []map[string]any{{"name": me.Username, "participate": participate}},
			"ksn_environment":      ksnEnv,
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("vars-%v.json", participate))
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cfg := filepath.Join(dir, "ansible.cfg") // none of the machine's
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs("contrib/ansible")
	if err != nil {
		t.Fatal(err)
	}
	env := append(pkgEnv(),
		"HOME="+home, "ANSIBLE_CONFIG="+cfg, "ANSIBLE_ROLES_PATH="+filepath.Join(abs, "roles"),
		"ANSIBLE_LOCAL_TEMP="+filepath.Join(dir, "ansible-tmp"), "ANSIBLE_REMOTE_TEMP="+filepath.Join(dir, "ansible-tmp"),
		"ANSIBLE_NOCOLOR=1", "ANSIBLE_FORCE_COLOR=0", "ANSIBLE_RETRY_FILES_ENABLED=0",
		"ANSIBLE_STDOUT_CALLBACK=default", "ANSIBLE_LOAD_CALLBACK_PLUGINS=0", "ANSIBLE_GATHERING=explicit",
		// Faster on one machine: modules over a pipe, the interpreter named.
		"ANSIBLE_PIPELINING=1", "ANSIBLE_PYTHON_INTERPRETER="+python)
	run := func(args ...string) string {
		t.Helper()
		args = append([]string{"-i", "localhost,", "-c", "local", "-e", "ksn_hosts=localhost", "-e", "ansible_become=false"}, args...)
		args = append(args, filepath.Join(abs, "playbook.yml"))
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, playbook, args...)
		cmd.Env, cmd.Dir = env, dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ansible-playbook %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	changed := func(out string) int {
		t.Helper()
		m := regexp.MustCompile(`(?m)^localhost\s+:\s+ok=\d+\s+changed=(\d+)\s+unreachable=0\s+failed=0`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no recap of localhost without failures in:\n%s", out)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	state := func() (participating bool, decision string) {
		t.Helper()
		cmd := exec.Command(bin, "status", "--json")
		for k, v := range ksnEnv {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("ksn status --json: %v\n%s", err, out)
		}
		var st struct {
			Participation bool `json:"participation"`
			Statement     struct {
				Decision string `json:"decision"`
			} `json:"statement"`
			Managed map[string]string `json:"managed"`
		}
		if err := json.Unmarshal(out, &st); err != nil {
			t.Fatal(err)
		}
		if st.Managed["window"] != policyPath {
			t.Errorf("the policy is not in force: managed = %v", st.Managed)
		}
		return st.Participation, st.Statement.Decision
	}

	on := vars(true)
	run("--syntax-check", "-e", "@"+on)

	out := run("--check", "-e", "@"+on)
	if n := changed(out); n == 0 {
		t.Errorf("check mode on a fresh machine predicts no change:\n%s", out)
	}
	for _, p := range []string{policyPath, filepath.Join(ksnEnv["XDG_STATE_HOME"], "ksn", "consent.jsonl")} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("check mode wrote %s (%v)", p, err)
		}
	}

	out = run("-e", "@"+on)
	if n := changed(out); n == 0 {
		t.Errorf("the first run changed nothing:\n%s", out)
	}
	if fi, err := os.Stat(policyPath); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("policy.json: %v, %v; want mode 0644", fi.Mode(), err)
	}
	if p, d := state(); !p || d != "accepted" {
		t.Errorf("after the first run: participation %v, decision %q; want on, accepted", p, d)
	}
	if !strings.Contains(out, me.Username+": participation on, statement accepted "+statement.Version) {
		t.Errorf("the run does not report the machine's state:\n%s", out)
	}

	if out := run("-e", "@"+on); changed(out) != 0 {
		t.Errorf("the second run: changed=%d, want 0:\n%s", changed(out), out)
	}

	off := vars(false)
	if out := run("-e", "@"+off); changed(out) == 0 {
		t.Errorf("a changed decision was not recorded:\n%s", out)
	}
	if p, d := state(); p || d != "declined" {
		t.Errorf("after declining: participation %v, decision %q; want off, declined", p, d)
	}
	if out := run("--check", "-e", "@"+off); changed(out) != 0 {
		t.Errorf("declining again, in check mode: changed=%d, want 0:\n%s", changed(out), out)
	}
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/netcheck/ksntest"
	"ksn/ui"
)

// demoKey is the key of the demo license; only its last five characters
// are ever shown.
const demoKey = "KSNDE-MO000-00000-TRIAL"

// runDemo opens the TUI on a throwaway directory, with a demo license,
// against a built-in KSN service on 127.0.0.1 answering as the scenario of
// --demo says. The user's own files are never read or written.
func runDemo(cmd *cobra.Command, g *globalFlags, o flow.Overrides) error {
	v := voiceOf(cmd)
	sc, err := ksntest.ParseScenario(g.demo)
	if err != nil {
		return usageError("%s", v.T("cli.error.demo_scenario", "Value", g.demo, "Scenarios", scenarioNames()))
	}
	if err := needTerminal(v); err != nil {
		return err
	}
	env, err := newDemoEnv(sc, time.Now())
	if err != nil {
		return failure("%s", v.T("cli.demo.failed", "Error", err))
	}
	defer env.close()
	stderr := cmd.ErrOrStderr()
	name := string(sc) // quoted by the catalog, in the language's quotes
	fmt.Fprintln(stderr, "ksn: "+v.T("cli.demo.start", "Scenario", name, "URL", env.url, "Dir", env.dir))
	err = openTUI(cmd, ui.Options{
		Store:     env.store,
		Overrides: flow.Overrides{Endpoint: env.url, EndpointSource: flow.SourceFlag, Window: o.Window},
		Timeout:   g.timeout,
		Checker:   env.checker(),
		Via:       "tui",
		// No administrator's policy: the demo is a world of its own.
		PolicyDirs: []string{},
		Banner:     v.T("cli.demo.banner", "Scenario", string(sc)),
	})
	fmt.Fprintln(stderr, "ksn: "+v.T("cli.demo.end", "Scenario", name))
	return err
}

// scenarioNames lists the scenarios of --demo.
func scenarioNames() string {
	var names []string
	for _, s := range ksntest.Scenarios() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

// demoEnv is a throwaway ksn installation with a running demo service.
type demoEnv struct {
	dir   string
	store *model.Store
	url   string
	svc   *ksntest.Service
	stop  func()
}

// checker checks against the demo service as a computer with (or, in the
// offline scenario, without) a network does.
func (env *demoEnv) checker() *netcheck.Checker {
	return netcheck.New(netcheck.Options{UserAgent: "ksn/" + version, Transport: env.svc.Transport(), Record: flow.Recorder(env.store, nil)})
}

// newDemoEnv makes a temporary directory with demo settings and an
// activated license that expires in a year, and starts the service.
func newDemoEnv(sc ksntest.Scenario, now time.Time) (*demoEnv, error) {
	dir, err := os.MkdirTemp("", "ksn-demo-")
	if err != nil {
		return nil, err
	}
	env := &demoEnv{dir: dir, stop: func() {}}
	env.store = model.NewStore(model.Paths{
		ConfigDir: filepath.Join(dir, "config", "ksn"),
		StateDir:  filepath.Join(dir, "state", "ksn"),
		DataDir:   filepath.Join(dir, "data", "ksn"),
	})
	if err := env.setup(sc, now); err != nil {
		env.close()
		return nil, err
	}
	return env, nil
}

// setup writes the files and starts the service.
func (env *demoEnv) setup(sc ksntest.Scenario, now time.Time) error {
	lic, err := json.Marshal(model.License{
		Key:       demoKey,
		Activated: true,
		ExpiresAt: now.AddDate(1, 0, 0).UTC().Truncate(time.Second),
	})
	if err != nil {
		return err
	}
	if _, err := env.store.InstallLicense(lic); err != nil {
		return err
	}
	// The defaults, written down: participation off until the user accepts
	// the statement in the demo.
	if _, err := env.store.Update(func(*model.Settings) (*model.ConsentEntry, error) { return nil, nil }); err != nil {
		return err
	}
	env.svc = ksntest.NewService(sc)
	url, stop, err := ksntest.Start(env.svc)
	if err != nil {
		return err
	}
	env.url, env.stop = url, stop
	return nil
}

// close stops the service and removes the directory.
func (env *demoEnv) close() {
	env.stop()
	if err := os.RemoveAll(env.dir); err != nil {
		// A write of the App may have been finishing; try once more.
		time.Sleep(100 * time.Millisecond)
		_ = os.RemoveAll(env.dir)
	}
}

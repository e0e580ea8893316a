package ui

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/netcheck/ksntest"
	"ksn/statement"
	"ksn/ui/help"
)

// TestScreens draws the screens of the README's pictures at 80×24, with
// their colours, against a loopback KSN service of each scenario, into
// $KSN_SCREENS as NAME.ansi; `make screenshots` turns them into SVG with
// freeze. Without $KSN_SCREENS it is skipped.
func TestScreens(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("KSN_SCREENS")
	if dir == "" {
		t.Skip("set KSN_SCREENS to a directory to draw the README's pictures (make screenshots)")
	}
	walk := []string{"enter", "enter", "enter"}
	shots := []struct {
		name     string
		window   model.Window
		scenario ksntest.Scenario
		accepted bool
		keys     []string
		at       help.Name
	}{
		{"main", model.WindowInfo, ksntest.Valid, true, nil, help.Main},
		{"ksn-info-connected", model.WindowInfo, ksntest.Valid, true, walk, help.KSN},
		{"ksn-info-restricted", model.WindowInfo, ksntest.Restricted, true, walk, help.KSN},
		{"ksn-info-denylisted", model.WindowInfo, ksntest.Denylisted, true, walk, help.KSN},
		{"ksn-statement-connected", model.WindowStatement, ksntest.Valid, true, walk, help.KSN},
		{"ksn-statement-restricted", model.WindowStatement, ksntest.Restricted, true, walk, help.KSN},
		{"ksn-statement-denylisted", model.WindowStatement, ksntest.Denylisted, true, walk, help.KSN},
		{"statement-window", model.WindowInfo, ksntest.Valid, false, append(walk, "space"), help.Statement},
	}
	for _, s := range shots {
		t.Run(s.name, func(t *testing.T) {
			_, url := ksntest.NewTestServer(t, s.scenario)
			e := newEnv(t, validLicense, func(o *Options) {
				o.Overrides = flow.Overrides{Endpoint: url, EndpointSource: flow.SourceFlag, Window: s.window}
				o.Now = time.Now
				o.Checker = netcheck.New(netcheck.Options{UserAgent: "ksn/screens"})
				if s.accepted {
					if _, err := o.Store.Update(func(st *model.Settings) (*model.ConsentEntry, error) {
						n, c := st.Accept(model.Statement{Version: statement.Version, SHA256: statement.SHA256()}, time.Now(), "tui")
						*st = n
						return &c, nil
					}); err != nil {
						t.Fatal(err)
					}
				}
			})
			e.send(tea.WindowSizeMsg{Width: 80, Height: 24})
			e.keys(s.keys...)
			e.until(s.name, func() bool { return e.at(s.at) })
			e.until("the check's answer", func() bool { return e.app.sh.result != nil && !e.app.sh.checking })
			e.until("the document", func() bool { return docInTheme(e.app) })
			e.idle()
			if err := os.WriteFile(filepath.Join(dir, s.name+".ansi"), []byte(e.app.frame()), 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

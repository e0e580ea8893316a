package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"ksn/model"
	"ksn/netcheck"
	"ksn/statement"
	"ksn/ui"
)

// runTUI opens the settings window in this terminal.
func runTUI(cmd *cobra.Command, g *globalFlags) error {
	if err := g.validate(); err != nil {
		return err
	}
	endpoint, _, err := g.resolveEndpoint()
	if err != nil {
		return err
	}
	window, _ := model.ParseWindow(g.window)
	if g.window == "" {
		window = ""
	}
	app := ui.New(ui.Options{
		Store:    model.NewStore(model.DefaultPaths()),
		Checker:  netcheck.New(netcheck.Options{UserAgent: "ksn/" + version}),
		Renders:  statement.NewCache(),
		Endpoint: endpoint,
		Window:   window,
		Timeout:  g.timeout,
		Via:      "tui",
		Context:  cmd.Context(),
	})
	_, err = tea.NewProgram(app, tea.WithContext(cmd.Context())).Run()
	if n := app.Notice(); n != "" {
		fmt.Fprintln(os.Stderr, "ksn: "+n)
	}
	if err != nil && cmd.Context().Err() == nil {
		return err
	}
	return nil
}

// Command yardstick is the start-up yardstick of issue 5: a plain Bubble
// Tea v2 program with Glamour linked, drawing a small main window. The
// start-up benchmark (startup_test.go) times it beside ksn; with
// `render FILE WIDTH` it renders Markdown as glow does, the yardstick of
// `ksn statement --width 80`.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/lipgloss/v2"
)

type model struct{ w, h int }

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		if msg.String() == "enter" {
			out, _ := glamour.Render("# Statement", "dark")
			fmt.Fprint(os.Stderr, out)
		}
		return m, tea.Quit
	}
	return m, nil
}

func (m model) View() tea.View {
	title := lipgloss.NewStyle().Bold(true).Render("Kaspersky Free")
	v := tea.NewView(title + "\n\nKSN  Off\n\n[ Settings ]")
	v.AltScreen = true
	return v
}

func main() {
	// yardstick render FILE WIDTH: render Markdown as glow does.
	if len(os.Args) == 4 && os.Args[1] == "render" {
		data, err := os.ReadFile(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var width int
		fmt.Sscan(os.Args[3], &width)
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(width))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out, err := r.RenderBytes(data)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Stdout.Write(out)
		return
	}
	if _, err := tea.NewProgram(model{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

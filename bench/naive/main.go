// Command naive is ksn's start-up yardstick: the Bubble Tea v2 + Glamour
// program one writes first. It reads a Markdown file (the KSN Statement),
// renders it with Glamour before the program starts, and shows it in a
// bubbles viewport under a title, at Bubble Tea's default frame rate.
//
//	naive FILE            show FILE (the frame ends with the help line, Marker)
//	naive -fps N FILE     the same at N frames per second (120 is the fastest)
//	naive render FILE W   render FILE at W columns to stdout, as glow does
//
// `make bench` times it beside ksn (startup_test.go): nothing here is
// tuned, on purpose.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"charm.land/lipgloss/v2"
)

// Marker is the last text of the first frame; the benchmark waits for it.
const Marker = "q quit"

type model struct {
	vp viewport.Model
}

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.vp.SetWidth(msg.Width)
		m.vp.SetHeight(msg.Height - 4)
	case tea.KeyPressMsg:
		if msg.String() == "q" || msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return m, cmd
}

func (m model) View() tea.View {
	title := lipgloss.NewStyle().Bold(true).Padding(0, 1).Render("Kaspersky Security Network Statement")
	help := lipgloss.NewStyle().Faint(true).Render("↑/↓ scroll • " + Marker)
	v := tea.NewView(title + "\n\n" + m.vp.View() + "\n" + help)
	v.AltScreen = true
	return v
}

// render is file rendered by Glamour at width columns, dark.
func render(file string, width int) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(width))
	if err != nil {
		return "", err
	}
	return r.Render(string(data))
}

func main() {
	if len(os.Args) == 4 && os.Args[1] == "render" {
		width, err := strconv.Atoi(os.Args[3])
		if err != nil {
			fail(err)
		}
		out, err := render(os.Args[2], width)
		if err != nil {
			fail(err)
		}
		os.Stdout.WriteString(out)
		return
	}
	fps := flag.Int("fps", 0, "frames per second (0: Bubble Tea's default)")
	flag.Parse()
	if flag.NArg() != 1 {
		fail(fmt.Errorf("usage: naive [-fps N] FILE | naive render FILE WIDTH"))
	}
	doc, err := render(flag.Arg(0), 76)
	if err != nil {
		fail(err)
	}
	vp := viewport.New(viewport.WithWidth(80), viewport.WithHeight(20))
	vp.SetContent(doc)
	var opts []tea.ProgramOption
	if *fps > 0 {
		opts = append(opts, tea.WithFPS(*fps))
	}
	if _, err := tea.NewProgram(model{vp: vp}, opts...).Run(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "naive:", err)
	os.Exit(1)
}

package ui

import (
	"charm.land/lipgloss/v2"
)

// Styles are the app's styles for one background. Focus is always shown by
// shape too (a marker, a heavier border), so the app reads without colour.
type Styles struct {
	Crumb         lipgloss.Style
	Title         lipgloss.Style
	Banner        lipgloss.Style
	Section       lipgloss.Style
	Muted         lipgloss.Style
	OK            lipgloss.Style
	Bad           lipgloss.Style
	Warn          lipgloss.Style
	Item          lipgloss.Style
	ItemFocused   lipgloss.Style
	Button        lipgloss.Style
	ButtonFocused lipgloss.Style
	Box           lipgloss.Style
	BoxFocused    lipgloss.Style
	On            lipgloss.Style
	Off           lipgloss.Style
}

// NewStyles returns the styles for a dark or a light background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#00755E"), lipgloss.Color("#3DDC97"))
	muted := ld(lipgloss.Color("#5C5C5C"), lipgloss.Color("#9A9A9A"))
	green := ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#5FD787"))
	red := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF6B6B"))
	amber := ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#FFC857"))
	text := ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E6E6E6"))
	btnBg := ld(lipgloss.Color("#DADADA"), lipgloss.Color("#3A3A3A"))

	return Styles{
		Crumb:         lipgloss.NewStyle().Foreground(muted),
		Title:         lipgloss.NewStyle().Bold(true).Foreground(accent),
		Banner:        lipgloss.NewStyle().Foreground(amber).Bold(true),
		Section:       lipgloss.NewStyle().Bold(true).Foreground(text),
		Muted:         lipgloss.NewStyle().Foreground(muted),
		OK:            lipgloss.NewStyle().Foreground(green).Bold(true),
		Bad:           lipgloss.NewStyle().Foreground(red).Bold(true),
		Warn:          lipgloss.NewStyle().Foreground(amber),
		Item:          lipgloss.NewStyle().Foreground(text),
		ItemFocused:   lipgloss.NewStyle().Foreground(accent).Bold(true),
		Button:        lipgloss.NewStyle().Foreground(text).Background(btnBg),
		ButtonFocused: lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(accent),
		Box:           lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(muted).Padding(0, 1),
		BoxFocused:    lipgloss.NewStyle().Border(lipgloss.ThickBorder()).BorderForeground(accent).Padding(0, 1),
		On:            lipgloss.NewStyle().Foreground(green).Bold(true),
		Off:           lipgloss.NewStyle().Foreground(muted).Bold(true),
	}
}

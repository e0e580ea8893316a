package ui

// What the tests read of the App, as Update last drew it.

// footer is the help bar.
func (a *App) footer() string { return a.foot }

// bodyHeight is the room left for the active screen.
func (a *App) bodyHeight() int { return a.bodyH }

// frame is the whole screen as a string.
func (a *App) frame() string { return a.screenText }

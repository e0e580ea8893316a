// Package access is ksn's accessible mode (docs/languages.md; ksn --accessible,
// ACCESSIBLE=1): the TUI's walk, main window › Settings › Security
// settings › Kaspersky Security Network, as plain lines for a screen
// reader. No alternate screen, no cursor movement, no colour, no escape
// sequence at all in what it says (only the echo of a line being edited
// over a raw SSH terminal takes back a character with "\b \b"); one line
// per fact, in the TUI's words (say.Voice);
// the choices of each screen numbered and read in order; the statement in
// pages. It makes the same decisions as the TUI, through the same model
// code, and records them the same way.
//
// It follows the conventions of huh's accessible mode (numbered options,
// "Enter a number between 1 and N", a prompt repeated after invalid
// input) but does not call it: huh's prompts (charm.land/huh/v2
// internal/accessibility) are English only; PromptString makes a new
// bufio.Scanner for each prompt, so lines typed ahead are lost with the
// old one's buffer; and at the end of the input Select.RunAccessible
// takes option number 0 and indexes options[-1], a panic. Here one reader
// (lines) serves the whole session, every word is the session's language,
// and the end of the input ends the session cleanly.
package access

import (
	"context"
	"io"
	"time"

	"ksn/flow"
	"ksn/model"
	"ksn/netcheck"
	"ksn/say"
	"ksn/statement"
)

// DefaultWidth is the width the statement is wrapped at when the
// terminal's is not known.
const DefaultWidth = 80

// The widest and tallest the statement's pages are laid out, whatever the
// terminal (or an SSH client) claims: lines longer than MaxWidth are no
// easier to read, and the rendering's cost grows with the width.
const (
	MaxWidth  = 120
	MaxHeight = 500
)

// Options configure a Session.
type Options struct {
	// Options are the TUI's options, with the same meaning: Store, Checker,
	// Overrides, Timeout, Via, Lang, Context, Now, PolicyDirs, Banner,
	// Saves, Renders and Start. Watch is not used: the files are read
	// again before every screen.
	flow.Options
	// In is what the person types; Out where the session writes.
	In  io.Reader
	Out io.Writer
	// Echo says that In and Out are a terminal in raw mode, without a
	// line discipline: a local terminal the caller made raw, or an SSH
	// client's over an emulated PTY. The session then echoes what is
	// typed, edits the line itself (backspace, ctrl+u; ctrl+c and ctrl+d
	// end the session) and ends lines with \r\n. Off for input that is no
	// terminal, or one with a line discipline of its own (ssh -T).
	Echo bool
	// Width and Height are the terminal's size; 0 if not known.
	Width, Height int
}

// Session is one run of the accessible mode.
type Session struct {
	o      Options
	v      say.Voice
	out    *printer
	in     lines
	ctx    context.Context
	cancel context.CancelFunc

	files   model.Files
	result  *netcheck.Result
	checked netcheck.Input // what result was checked with
	doneAt  time.Time      // when result came, by the clock
	notice  string         // the notices said last
	kept    string         // where a broken settings.json was kept aside, until the next decision
	outcome flow.SetupOutcome
	quit    bool
}

// New makes a session; Run runs it.
func New(o Options) *Session {
	o.Options = o.Options.WithDefaults()
	if o.Renders == nil {
		o.Renders = statement.NewCache()
	}
	if o.Width <= 0 {
		o.Width = DefaultWidth
	}
	o.Width, o.Height = min(o.Width, MaxWidth), min(o.Height, MaxHeight)
	s := &Session{o: o, v: say.In(o.Lang), out: &printer{w: o.Out, crlf: o.Echo}}
	s.ctx, s.cancel = context.WithCancel(o.Context)
	return s
}

// Run runs the session until the person quits, the input ends (EOF,
// ctrl+d) or is interrupted (ctrl+c), or the session's context ends. A
// decision being written is always finished first. The error is that of
// the output, if writing to it failed.
func (s *Session) Run() error {
	defer s.cancel()
	var ed io.Writer
	if s.o.Echo {
		ed = echo{s.out}
	}
	s.in = readLines(s.ctx, s.o.In, ed, s.cancel)
	if s.o.Banner != "" {
		s.out.line(s.o.Banner)
	}
	s.out.line(s.v.T("access.intro"))
	s.reload()
	if s.o.Start == flow.StartSetup {
		s.setup()
	} else {
		s.check()
		s.walk([]screen{mainWindow{}})
	}
	return s.out.err
}

// Outcome is how a session opened with flow.StartSetup ended, as for the
// TUI (ui.App.Outcome); read it after Run.
func (s *Session) Outcome() flow.SetupOutcome { return s.outcome }

// now is the session's clock.
func (s *Session) now() time.Time {
	if s.o.Now != nil {
		return s.o.Now()
	}
	return time.Now()
}

// state is what is in force now: flow.Derive, as the TUI, the CLI and
// ksn serve work it out.
func (s *Session) state() flow.InForce {
	return flow.Derive(s.files, s.o.Overrides, s.result, s.now(), statement.Current()...)
}

// statement is the statement in the session's language, the one it shows
// and the one its decisions are about.
func (s *Session) statement() statement.Text { return statement.In(s.v.Lang) }

// reload reads the settings, the policy and the license again.
// Where a broken settings.json was kept aside is said until the next
// decision: the store tells it once.
func (s *Session) reload() {
	s.files = model.ReadFiles(s.o.Store, s.o.PolicyDirs, statement.Current()...)
	if s.files.LoadErr == nil && s.files.Notice.CorruptCopy != "" {
		s.kept = s.files.Notice.CorruptCopy
	}
}

// ended reports whether the session is over: the person quit, or the
// context ended (ctrl+c, the server's shutdown, an idle timeout).
func (s *Session) ended() bool { return s.quit || s.ctx.Err() != nil }

package access

import (
	"strconv"
)

// screen is one window of the walk: its facts, one a line, its title
// first; and its choices, to which the walk adds "Back" (but on the main
// window) and "Quit".
type screen interface {
	facts(s *Session) []string
	choices(s *Session) []choice
}

// choice is a numbered choice and what choosing it does.
type choice struct {
	label string
	act   action
}

// action acts on a choice made on the top screen of stack; it returns the
// stack to go on with, and whether its top screen is to be said again
// whole (else only its choices are).
type action func(s *Session, stack []screen) ([]screen, bool)

// open is the action that opens to on top of the stack.
func open(to screen) action {
	return func(_ *Session, stack []screen) ([]screen, bool) { return append(stack, to), true }
}

// back closes the top screen.
func back(_ *Session, stack []screen) ([]screen, bool) { return stack[:len(stack)-1], true }

// quit ends the session.
func quit(s *Session, stack []screen) ([]screen, bool) {
	s.quit = true
	return stack, false
}

// walk says the top screen of stack and acts on the choice made, until
// the person quits or the input ends.
func (s *Session) walk(stack []screen) {
	whole := true
	for len(stack) > 0 && !s.ended() {
		top := stack[len(stack)-1]
		s.refresh(true)
		if whole {
			s.out.line("")
			s.out.line(top.facts(s)...)
		}
		cs := top.choices(s)
		if len(stack) > 1 {
			cs = append(cs, choice{label: s.v.T("access.choice.back"), act: back})
		}
		cs = append(cs, choice{label: s.v.T("access.choice.quit"), act: quit})
		i, ok := s.choose(labels(cs), noPaging)
		if !ok {
			return
		}
		stack, whole = cs[i].act(s, stack)
	}
}

// labels are the labels of cs.
func labels(cs []choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.label
	}
	return out
}

// Where a prompt stands in the pages of a text.
const (
	noPaging  = iota // not a text in pages
	morePages        // a page with more after it: Enter is the next page
	lastPage         // the last page
)

// choose lists labels, numbered from 1, and reads the number of one,
// asking again until it gets one. On a page with more after it, an empty
// line is -1, the next page. It returns false when the input has ended
// or the session has.
func (s *Session) choose(labels []string, paging int) (int, bool) {
	s.list(labels)
	return s.ask(labels, s.v.T("access.prompt.number", "Last", len(labels)), paging)
}

// list says labels, numbered from 1, one a line.
func (s *Session) list(labels []string) {
	list := make([]string, len(labels))
	for i, l := range labels {
		list[i] = strconv.Itoa(i+1) + ". " + l
	}
	s.out.line(list...)
}

// ask says prompt and reads the number of one of labels, asking again
// until it gets one; on a page with more after it, an empty line is -1,
// the next page. It returns false when the input has ended or the session
// has.
func (s *Session) ask(labels []string, prompt string, paging int) (int, bool) {
	for {
		s.out.prompt(prompt)
		line, ok := s.in.next(s.ctx)
		if !ok {
			s.out.line("") // the shell's prompt starts a line of its own
			return 0, false
		}
		n, err := strconv.Atoi(line)
		switch {
		case line == "" && paging == morePages:
			return -1, true
		case err == nil && n >= 1 && n <= len(labels):
			return n - 1, true
		case line == "" && paging == lastPage:
			s.out.line(s.v.T("access.last_page"))
		default:
			s.out.line(s.v.T("access.invalid"))
		}
	}
}

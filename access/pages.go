package access

import (
	"strings"

	"ksn/statement"
)

// Page lengths, in lines.
const (
	defaultPage = 20 // when the terminal's height is not known
	minPage     = 8
	pageRoom    = 6 // a page leaves room for its number, the choices and the prompt
)

// read shows the statement in the session's language in pages, with the
// choices agree and "Cancel", or, with agree "", "Close" alone. The
// choices are listed before the first page and after the last, not on
// every page: between pages one line says which page was read and that
// Enter goes on, or a choice's number answers (docs/accessible.md).
// It returns whether agree was chosen.
func (s *Session) read(agree string) bool {
	pages := s.pages()
	labels := []string{s.v.T("ui.button.close"), s.v.T("access.choice.quit")}
	if agree != "" {
		labels = []string{agree, s.v.T("ui.button.cancel"), s.v.T("access.choice.quit")}
	}
	if len(pages) > 1 {
		s.out.line("", s.v.N("access.pages_ahead", len(pages)))
		s.list(labels)
	}
	for i := 0; !s.ended(); {
		s.out.line("")
		s.out.line(pages[i]...)
		var c int
		var ok bool
		if i < len(pages)-1 {
			c, ok = s.ask(labels, s.v.T("access.prompt.page", "Page", i+1, "Pages", len(pages)), morePages)
		} else {
			s.out.line("", s.v.T("access.page", "Page", i+1, "Pages", len(pages)))
			c, ok = s.choose(labels, lastPage)
		}
		switch {
		case !ok:
			return false
		case c < 0:
			i++
		case c == len(labels)-1:
			s.quit = true
			return false
		default:
			return agree != "" && c == 0
		}
	}
	return false
}

// pages are the statement in the session's language as plain text (Glamour's
// plain style: no escape sequence), wrapped at the terminal's width and cut
// into pages that fit its height, between paragraphs where they can be, a
// heading kept with what follows it.
func (s *Session) pages() [][]string {
	md := tablesAsLists(string(s.statement().Markdown()))
	text, err := s.o.Renders.Render([]byte(md), s.o.Width, statement.ThemePlain)
	if err != nil { // Glamour failed: the Markdown itself is plain enough
		text = md
	}
	size := defaultPage
	if s.o.Height > 0 {
		size = max(s.o.Height-pageRoom, minPage)
	}
	pages := paginate(strings.Split(text, "\n"), size)
	for _, p := range pages {
		for i, l := range p {
			p[i] = spoken(l)
		}
	}
	return pages
}

// tablesAsLists turns every Markdown table of md into a list, one item a
// row, each cell named by its column's heading ("Data: Records as
// received; Kept for: up to 30 days"): a table's columns are told by
// position, which a screen reader does not show.
func tablesAsLists(md string) string {
	var out, heads []string
	for _, l := range strings.Split(md, "\n") {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "|") {
			heads = nil
			out = append(out, l)
			continue
		}
		cells := strings.Split(strings.Trim(t, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		switch {
		case heads == nil:
			heads = cells
		case strings.Trim(strings.Join(cells, ""), "-: ") == "":
			// the line under the headings
		default:
			var parts []string
			for i, c := range cells {
				if i < len(heads) && heads[i] != "" {
					c = heads[i] + ": " + c
				}
				parts = append(parts, c)
			}
			out = append(out, "- "+strings.Join(parts, "; "))
		}
	}
	return strings.Join(out, "\n")
}

// spoken is a line of the rendered statement as it should be read: a
// heading without its "#" marks; a rule (a line of dashes), which only
// draws, as nothing.
func spoken(line string) string {
	if h := strings.TrimLeft(line, "#"); h != line && strings.HasPrefix(h, " ") {
		return strings.TrimSpace(h)
	}
	if strings.Trim(line, "-─— ") == "" {
		return ""
	}
	return line
}

// paginate cuts lines into pages of at most size lines, between
// paragraphs (blank lines) where it can; a paragraph longer than a page
// is cut. A heading (a line starting with "#") and a paragraph that ends
// with a colon go with the paragraph after them. The left margin Glamour
// leaves is dropped.
func paginate(lines []string, size int) [][]string {
	var blocks [][]string
	var cur []string
	for _, l := range lines {
		l = strings.TrimPrefix(strings.TrimRight(l, " "), "  ")
		switch {
		case l != "":
			cur = append(cur, l)
		case len(cur) == 0 || cur[len(cur)-1] == "":
			// a blank line at the start, or after one
		case leads(cur[len(cur)-1]):
			cur = append(cur, "") // kept with the next paragraph
		default:
			blocks = append(blocks, cur)
			cur = nil
		}
	}
	if cur = trimBlank(cur); len(cur) > 0 {
		blocks = append(blocks, cur)
	}

	var pages [][]string
	var page []string
	for _, b := range blocks {
		gap := 0
		if len(page) > 0 {
			gap = 1
		}
		if len(page)+gap+len(b) > size && len(page) > 0 {
			pages = append(pages, page)
			page, gap = nil, 0
		}
		if gap > 0 {
			page = append(page, "")
		}
		for len(b) > size-len(page) {
			n := size - len(page)
			pages = append(pages, append(page, b[:n]...))
			page, b = nil, b[n:]
		}
		page = append(page, b...)
	}
	if len(page) > 0 || len(pages) == 0 {
		pages = append(pages, page)
	}
	return pages
}

// trimBlank is b without its trailing blank lines.
func trimBlank(b []string) []string {
	for len(b) > 0 && b[len(b)-1] == "" {
		b = b[:len(b)-1]
	}
	return b
}

// leads reports whether a paragraph ending with line leads into the next:
// a heading, or a sentence ending with a colon.
func leads(line string) bool {
	return strings.HasPrefix(line, "#") || strings.HasSuffix(line, ":")
}

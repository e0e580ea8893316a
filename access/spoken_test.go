package access

import (
	"strings"
	"testing"

	"ksn/flow"
	"ksn/statement"
)

// TestTablesAreReadAsLists reads a table as one item a row, each cell
// named by its heading.
func TestTablesAreReadAsLists(t *testing.T) {
	md := "Before\n\n| Data | Kept for |\n|---|:--|\n| Records | up to 30 days |\n| Hash | up to 5 years |\n\nAfter"
	want := "Before\n\n- Data: Records; Kept for: up to 30 days\n- Data: Hash; Kept for: up to 5 years\n\nAfter"
	if got := tablesAsLists(md); got != want {
		t.Errorf("tablesAsLists =\n%s\nwant\n%s", got, want)
	}
}

// TestThePagesSayNoMarkup renders every language's statement as the
// accessible mode pages it: no heading marks, no table bars, no rules,
// and every row of the retention table as a sentence.
func TestThePagesSayNoMarkup(t *testing.T) {
	for _, text := range statement.All() {
		s := New(Options{Options: flow.Options{Lang: text.Lang()}, Width: 80, Height: 24})
		var all []string
		for _, p := range s.pages() {
			all = append(all, p...)
		}
		for _, l := range all {
			if strings.HasPrefix(l, "#") || strings.Contains(l, "|") || (l != "" && strings.Trim(l, "-─ ") == "") {
				t.Errorf("%s: a line of markup: %q", text.Lang().Code(), l)
			}
		}
		rows := 0
		for _, l := range all {
			if strings.Count(l, ": ") == 2 && strings.Contains(l, "; ") {
				rows++
			}
		}
		if rows != 3 {
			t.Errorf("%s: %d rows of the retention table as sentences, want 3:\n%s", text.Lang().Code(), rows, strings.Join(all, "\n"))
		}
	}
}

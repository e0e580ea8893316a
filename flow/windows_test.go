package flow

import (
	"slices"
	"testing"

	"ksn/model"
)

// TestWindowOfKSN lists the KSN window's controls, and what each does, in
// each layout and state, locked or not.
func TestWindowOfKSN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    InForce
		focus []ControlID
		first Control
	}{
		{"info, off", InForce{Window: model.WindowInfo},
			[]ControlID{Toggle, ReadButton, SentButton}, Control{ID: Toggle, Opens: StatementWindow, Reads: true, Choice: Accept}},
		{"info, on", InForce{Window: model.WindowInfo, Participating: true},
			[]ControlID{Toggle, ReadButton, SentButton}, Control{ID: Toggle, Choice: Withdraw}},
		{"info, locked", InForce{Window: model.WindowInfo, ConsentLocked: true, Policy: model.Policy{Path: "/etc/xdg/ksn/policy.json"}},
			[]ControlID{ReadButton, SentButton}, Control{ID: Toggle, Opens: StatementWindow, Reads: true, Choice: Accept, Locked: true}},
		{"statement", InForce{Window: model.WindowStatement, Participating: true},
			[]ControlID{AcceptButton, DeclineButton, SentButton}, Control{ID: AcceptButton, Opens: StatementWindow, Reads: true, Choice: Accept}},
		{"statement, locked", InForce{Window: model.WindowStatement, ConsentLocked: true, Policy: model.Policy{Path: "/p/ksn/policy.json"}},
			[]ControlID{SentButton}, Control{ID: AcceptButton, Opens: StatementWindow, Reads: true, Choice: Accept, Locked: true}},
	}
	for _, tt := range tests {
		w := WindowOf(KSNWindow, tt.in)
		if got := w.Focus(); !slices.Equal(got, tt.focus) {
			t.Errorf("%s: focus order %v, want %v", tt.name, got, tt.focus)
		}
		if w.Controls[0] != tt.first {
			t.Errorf("%s: first control %+v, want %+v", tt.name, w.Controls[0], tt.first)
		}
		if last := w.Controls[len(w.Controls)-1]; last.ID != CheckNow || last.Locked {
			t.Errorf("%s: last control %+v, want checking now, never locked", tt.name, last)
		}
		// "Read the statement" reads it read-only and records nothing, in
		// either state, locked or not (docs/screens.md).
		if r, ok := w.Control(ReadButton); ok != (tt.in.Window == model.WindowInfo) ||
			ok && (r != Control{ID: ReadButton, Opens: StatementWindow}) {
			t.Errorf("%s: read the statement %+v, %v", tt.name, r, ok)
		}
		// "Data sent" opens the list of requests in either layout and state,
		// locked or not, and records nothing (docs/sent.md).
		if c, ok := w.Control(SentButton); !ok || (c != Control{ID: SentButton, Opens: SentWindow}) {
			t.Errorf("%s: data sent %+v, %v", tt.name, c, ok)
		}
		if (w.LockedBy != "") != tt.in.ConsentLocked || w.Layout != tt.in.Window {
			t.Errorf("%s: locked by %q, layout %q", tt.name, w.LockedBy, w.Layout)
		}
	}
}

// TestWindowOfWalk follows the walk from the main window to the KSN window.
func TestWindowOfWalk(t *testing.T) {
	t.Parallel()
	id, path := MainWindow, []WindowID{MainWindow}
	for id != KSNWindow && len(path) < 5 {
		w := WindowOf(id, InForce{})
		if len(w.Controls) != 1 || w.Controls[0].Opens == NoWindow {
			t.Fatalf("window %d: controls %+v, want one that opens the next", id, w.Controls)
		}
		id = w.Controls[0].Opens
		path = append(path, id)
	}
	if want := []WindowID{MainWindow, SettingsWindow, SecurityWindow, KSNWindow}; !slices.Equal(path, want) {
		t.Errorf("walk %v, want %v", path, want)
	}
}

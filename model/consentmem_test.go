package model

import (
	"bytes"
	"testing"
)

// The in-memory forms of the stream readers of consent.jsonl, for the
// tests and fuzz targets that hold a file's content.

// cutTorn splits the content of consent.jsonl into what is kept and a torn
// last line (see isTorn), nil if there is none.
func cutTorn(data []byte) (kept, torn []byte) {
	frag := data[bytes.LastIndexByte(data, '\n')+1:]
	if !isTorn(frag) {
		return data, nil
	}
	return data[:len(data)-len(frag)], frag
}

// splitConsent is every line eachConsentLine reads in data.
func splitConsent(data []byte) []consentLine {
	var lines []consentLine
	_ = eachConsentLine(bytes.NewReader(data), func(_ int, l consentLine, _ string) bool {
		lines = append(lines, l)
		return true
	})
	return lines
}

// verifyChain is verifyConsent over data.
func verifyChain(data []byte) ([]ConsentEntry, int) {
	var entries []ConsentEntry
	bad, _ := verifyConsent(bytes.NewReader(data), func(e ConsentEntry) bool {
		entries = append(entries, e)
		return true
	})
	return entries, bad
}

// TestStreamMatchesMemory: the stream reader agrees with splitting the
// whole content, torn last line and all.
func TestStreamMatchesMemory(t *testing.T) {
	t.Parallel()
	for _, data := range []string{"", "\n", "a\n\n", `{"decision":"accepted"}`, "x\n{\"dec", "{}\n{}\n"} {
		kept, _ := cutTorn([]byte(data))
		raws := bytes.Split(bytes.TrimSuffix(kept, []byte("\n")), []byte("\n"))
		if len(kept) == 0 {
			raws = nil
		}
		lines := splitConsent([]byte(data))
		if len(lines) != len(raws) {
			t.Fatalf("%q: %d lines, want %d", data, len(lines), len(raws))
		}
		for i := range raws {
			if !bytes.Equal(lines[i].raw, raws[i]) {
				t.Errorf("%q line %d: %q, want %q", data, i+1, lines[i].raw, raws[i])
			}
		}
	}
}

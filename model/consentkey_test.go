package model

import (
	"strings"
	"testing"
)

// TestConsentKeyKeepsOldLinesValid: lines written before "key" existed and
// lines with it make one intact chain, and "key" is written only when set.
func TestConsentKeyKeepsOldLinesValid(t *testing.T) {
	t.Parallel()
	st := NewStore(testPaths(t))
	record(t, st, 2) // no key, as before
	const key = "SHA256:t1c85ZjMYmL2sjBOmNF+UPNFOKZFvXxVwBtegLpRRzo"
	if _, err := st.Update(func(s *Settings) (*ConsentEntry, error) {
		e, err := toggle(`ssh:\u0430lice`)(s)
		e.Key = key
		return e, err
	}); err != nil {
		t.Fatal(err)
	}
	entries, bad, err := st.VerifyConsent()
	if err != nil || bad != 0 || len(entries) != 3 {
		t.Fatalf("VerifyConsent = %d entries, bad %d, %v", len(entries), bad, err)
	}
	if entries[0].Key != "" || entries[2].Key != key {
		t.Errorf("keys %q, %q", entries[0].Key, entries[2].Key)
	}
	lines := strings.Split(readFile(t, st.Paths().ConsentFile()), "\n")
	if strings.Contains(lines[0], `"key"`) || !strings.Contains(lines[2], `"key":"`+key+`"`) {
		t.Errorf("lines:\n%s\n%s", lines[0], lines[2])
	}
}

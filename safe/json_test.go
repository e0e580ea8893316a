package safe

import (
	"encoding/json"
	"testing"
)

// TestJSON: C1 and bidi controls come out as \u escapes, and the JSON
// still says the same value.
func TestJSON(t *testing.T) {
	t.Parallel()
	in := map[string]string{"url": "https://x/\u009b31m\u202etxt", "plain": "Debian <GNU>/Linux\n"}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(data)
	for _, r := range string(out) {
		if isC1(r) || IsBidi(r) {
			t.Fatalf("raw %U in %s", r, out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["url"] != in["url"] || back["plain"] != in["plain"] {
		t.Errorf("not the same value: %s (%v)", out, err)
	}
	if clean := []byte("{\n  \"a\": \"b\\u001b\"\n}"); string(JSON(clean)) != string(clean) {
		t.Error("clean JSON changed")
	}
}

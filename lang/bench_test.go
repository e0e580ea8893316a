package lang

import (
	"testing"

	"golang.org/x/text/language"
)

// BenchmarkT is one message with a template field, as a frame says dozens.
func BenchmarkT(b *testing.B) {
	l := Of(language.German)
	b.ReportAllocs()
	for b.Loop() {
		_ = l.T("say.turned_on", "When", "13:07")
	}
}

// BenchmarkTPlain is one message without fields.
func BenchmarkTPlain(b *testing.B) {
	l := Of(language.Russian)
	b.ReportAllocs()
	for b.Loop() {
		_ = l.T("say.where")
	}
}

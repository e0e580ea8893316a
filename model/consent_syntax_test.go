package model

import (
	"errors"
	"testing"
)

// TestConsentLineSyntaxIsAProblem: a consent line that is not valid JSON
// says where and what, as a problem say can put in the reader's language,
// not in encoding/json's English (docs/languages.md).
func TestConsentLineSyntaxIsAProblem(t *testing.T) {
	t.Parallel()
	l := parseConsentLine([]byte(`{"decision":}`))
	var p *Problem
	if !errors.As(l.err, &p) || p.Code != CodeConsentNotEntry {
		t.Fatalf("err = %v, want %s", l.err, CodeConsentNotEntry)
	}
	inner, ok := p.Err.(*Problem)
	if !ok || inner.Code != CodeJSONSyntax || inner.Got != "}" || inner.Line != 1 || inner.Column != 13 {
		t.Fatalf("inner = %#v, want %s at 1:13 with }", p.Err, CodeJSONSyntax)
	}
}

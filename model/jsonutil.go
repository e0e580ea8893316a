package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// object is a decoded JSON object whose members are still raw.
type object map[string]json.RawMessage

// decodeTop decodes data as a JSON object, with messages fit for a user: an
// empty input, a syntax error with its line and column, or a value that is not
// an object.
func decodeTop(data []byte) (object, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &Problem{Code: CodeJSONEmpty}
	}
	var probe any
	if err := json.Unmarshal(data, &probe); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, syntaxProblem(data, syn)
		}
		return nil, &Problem{Code: CodeJSONInvalid, Err: err}
	}
	return asObject(data)
}

// syntaxProblem is a JSON syntax error as a problem said in the reader's
// language (docs/languages.md): the character not expected and where, or
// that the text ends too early; only what encoding/json says of any other
// error is its English. A text cut short ends too early however
// encoding/json words it: it reports a literal cut at the very end ("tru")
// as an invalid space it adds itself, and one followed only by white space
// (a line break) as that character. The end is said where the text last
// has something other than white space.
func syntaxProblem(data []byte, syn *json.SyntaxError) *Problem {
	end := len(bytes.TrimRight(data, " \t\r\n")) // JSON's white space
	invalid := strings.HasPrefix(syn.Error(), "invalid character")
	// the space encoding/json adds after the last byte to end a literal
	added := invalid && strings.HasPrefix(syn.Error(), "invalid character ' '") && syn.Offset == int64(len(data)) && end == len(data)
	switch {
	case added || syn.Offset > int64(end) || (!invalid && syn.Offset >= int64(len(data))):
		line, col := position(data, int64(end))
		return &Problem{Code: CodeJSONEnd, Line: line, Column: col}
	case invalid && syn.Offset > 0:
		line, col := position(data, syn.Offset)
		i := int(syn.Offset) - 1 // encoding/json stops after the byte it did not expect
		for i > 0 && !utf8.RuneStart(data[i]) {
			i--
		}
		r, _ := utf8.DecodeRune(data[i:])
		return &Problem{Code: CodeJSONSyntax, Line: line, Column: col, Got: string(r)}
	}
	line, col := position(data, syn.Offset)
	return &Problem{Code: CodeJSONSyntaxAt, Line: line, Column: col, Detail: syn.Error()}
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	return line, max(col, 1)
}

// asObject decodes a JSON object.
func asObject(raw json.RawMessage) (object, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, gotProblem(CodeJSONObject, snippet(raw))
	}
	var o object
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, gotProblem(CodeJSONObject, snippet(raw))
	}
	return o, nil
}

// asBool decodes true or false.
func asBool(raw json.RawMessage) (bool, error) {
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, gotProblem(CodeJSONBool, snippet(raw))
}

// asString decodes a JSON string (not null).
func asString(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", gotProblem(CodeJSONString, snippet(raw))
	}
	return s, nil
}

// asInt decodes a JSON integer.
func asInt(raw json.RawMessage) (int, error) {
	var n int
	if err := json.Unmarshal(raw, &n); err != nil || string(bytes.TrimSpace(raw)) == "null" {
		return 0, gotProblem(CodeJSONInteger, snippet(raw))
	}
	return n, nil
}

// asTime decodes an RFC 3339 time string.
func asTime(raw json.RawMessage) (time.Time, error) {
	s, err := asString(raw)
	if err != nil {
		return time.Time{}, gotProblem(CodeJSONTime, snippet(raw))
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, gotProblem(CodeJSONTime, strconv.Quote(s))
	}
	return t, nil
}

// snippet shows a raw JSON value in an error message: on one line (runs of
// white space, line breaks included, become one space), valid UTF-8, and
// shortened.
func snippet(raw json.RawMessage) string {
	fields := strings.FieldsFunc(string(raw), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	})
	if len(fields) == 0 {
		return "nothing"
	}
	s := strings.ToValidUTF8(strings.Join(fields, " "), "\uFFFD")
	const maxRunes = 40
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	return string([]rune(s)[:maxRunes]) + "…"
}

// fieldParser decodes members of a JSON object one by one and keeps the first
// error. A lenient parser (for files of a newer schema) drops errors, so a
// member it cannot understand keeps its default.
type fieldParser struct {
	lenient bool
	err     error
}

// field removes key from o and, if it was there, decodes it with fn; an
// error is reported under path.
func (p *fieldParser) field(o object, key, path string, fn func(json.RawMessage) error) {
	raw, ok := o[key]
	if !ok {
		return
	}
	delete(o, key)
	if err := fn(raw); err != nil {
		p.fail(path, err)
	}
}

// fail records err under path unless an error is already recorded or the
// parser is lenient.
func (p *fieldParser) fail(path string, err error) {
	if !p.lenient && p.err == nil {
		p.err = fieldProblem(path, err)
	}
}

// member is one name and value of a JSON object being encoded.
type member struct {
	name  string
	value any
}

// encodeObject writes the members in order, then the members of extra (a
// compact JSON object, may be "") in sorted order, skipping names already
// written. HTML characters are not escaped.
func encodeObject(members []member, extra string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	seen := make(map[string]bool, len(members))
	write := func(name string, value []byte) {
		if buf.Len() > 1 {
			buf.WriteByte(',')
		}
		k, _ := marshalValue(name)
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(value)
	}
	for _, m := range members {
		v, err := marshalValue(m.value)
		if err != nil {
			return nil, fieldProblem(m.name, err) // never: the values are ksn's own
		}
		seen[m.name] = true
		write(m.name, v)
	}
	if extra != "" {
		var o object
		if err := json.Unmarshal([]byte(extra), &o); err != nil {
			return nil, err
		}
		names := make([]string, 0, len(o))
		for name := range o {
			if !seen[name] {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for _, name := range names {
			write(name, o[name])
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// encodeExtra returns the members left in o as a compact JSON object, or ""
// if there are none.
func encodeExtra(o object) string {
	if len(o) == 0 {
		return ""
	}
	b, err := marshalValue(o)
	if err != nil {
		return ""
	}
	return string(b)
}

// marshalValue encodes v as compact JSON without escaping HTML characters.
func marshalValue(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

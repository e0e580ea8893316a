package model

import (
	"bytes"
	"encoding/json"
)

// MarshalJSON implements json.Marshaler: the fixed members in the order of
// the specification, then any members read from the file that this version
// does not know.
func (s Settings) MarshalJSON() ([]byte, error) {
	return encodeObject([]member{
		{name: "schema", value: s.Schema},
		{name: "ksn", value: s.KSN},
	}, s.extra)
}

// MarshalJSON implements json.Marshaler like Settings.MarshalJSON.
func (k KSN) MarshalJSON() ([]byte, error) {
	return encodeObject([]member{
		{name: "participation", value: k.Participation},
		{name: "window", value: k.Window},
		{name: "endpoint", value: k.Endpoint},
		{name: "check_interval", value: k.CheckInterval},
		{name: "statement", value: k.Statement},
	}, k.extra)
}

// encodeFile returns s as the bytes of settings.json: indented JSON ending
// with a newline.
func encodeFile(s Settings) ([]byte, error) {
	compact, err := s.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, compact, "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

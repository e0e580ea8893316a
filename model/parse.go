package model

import (
	"encoding/json"
	"strconv"
)

// Parse reads settings.json. It is strict: invalid JSON, a value of the wrong
// type, an unknown window or decision, a check interval that is not positive,
// or participation on without an accepted statement is an error with a
// one-line message naming the member (e.g. `ksn.window: unknown window "big"
// (want "info" or "statement")`). Missing members take their defaults;
// members this version does not know are kept and written back on save.
//
// A file with a schema newer than SchemaVersion is read leniently: what is
// understood is read, what is not keeps its default, participation is off
// unless the statement is accepted, and no error is returned. The result has
// the file's Schema, so Validate (and any Store save) refuses it.
func Parse(data []byte) (Settings, error) {
	top, err := decodeTop(data)
	if err != nil {
		return Settings{}, err
	}
	s := Defaults()
	p := fieldParser{}
	p.field(top, "schema", "schema", func(raw json.RawMessage) error {
		n, err := asInt(raw)
		if err == nil && n < 1 {
			err = gotProblem(CodeJSONPositive, strconv.Itoa(n))
		}
		s.Schema = n
		return err
	})
	if p.err != nil {
		return Settings{}, p.err
	}
	p.lenient = s.Schema > SchemaVersion
	p.field(top, "ksn", "ksn", func(raw json.RawMessage) error {
		s.KSN = p.ksn(raw, s.KSN)
		return nil
	})
	s.extra = encodeExtra(top)
	if p.err != nil {
		return Settings{}, p.err
	}
	if err := s.KSN.checkInvariant(); err != nil {
		if !p.lenient {
			return Settings{}, err
		}
		s.KSN.Participation = false
	}
	return s, nil
}

// UnmarshalJSON implements json.Unmarshaler with the rules of Parse.
func (s *Settings) UnmarshalJSON(data []byte) error {
	v, err := Parse(data)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ksn decodes the "ksn" object over the defaults in k.
func (p *fieldParser) ksn(raw json.RawMessage, k KSN) KSN {
	o, err := asObject(raw)
	if err != nil {
		p.fail("ksn", err)
		return k
	}
	p.field(o, "participation", "ksn.participation", func(raw json.RawMessage) error {
		v, err := asBool(raw)
		if err == nil {
			k.Participation = v
		}
		return err
	})
	p.field(o, "window", "ksn.window", func(raw json.RawMessage) error {
		s, err := asString(raw)
		if err != nil {
			return err
		}
		w, err := ParseWindow(s)
		if err == nil {
			k.Window = w
		}
		return err
	})
	p.field(o, "endpoint", "ksn.endpoint", func(raw json.RawMessage) error {
		s, err := asString(raw)
		if err == nil {
			err = checkEndpoint(s)
		}
		if err == nil {
			k.Endpoint = s
		}
		return err
	})
	p.field(o, "check_interval", "ksn.check_interval", func(raw json.RawMessage) error {
		s, err := asString(raw)
		if err != nil {
			return gotProblem(CodeJSONDuration, snippet(raw))
		}
		var d Duration
		if err := d.UnmarshalText([]byte(s)); err != nil {
			return err
		}
		if err := checkInterval(d); err != nil {
			return err
		}
		k.CheckInterval = d
		return nil
	})
	p.field(o, "statement", "ksn.statement", func(raw json.RawMessage) error {
		k.Statement = p.statement(raw, k.Statement)
		return nil
	})
	k.extra = encodeExtra(o)
	return k
}

// statement decodes the "statement" object over the defaults in st. Members
// it does not know are dropped.
func (p *fieldParser) statement(raw json.RawMessage, st StatementDecision) StatementDecision {
	o, err := asObject(raw)
	if err != nil {
		p.fail("ksn.statement", err)
		return st
	}
	p.field(o, "decision", "ksn.statement.decision", func(raw json.RawMessage) error {
		s, err := asString(raw)
		if err != nil {
			return err
		}
		d, err := parseDecision(s)
		if err == nil {
			st.Decision = d
		}
		return err
	})
	p.field(o, "version", "ksn.statement.version", func(raw json.RawMessage) error {
		s, err := asString(raw)
		if err == nil && !isCode(s, 32) {
			err = gotProblem(CodeStatementCode, strconv.Quote(s))
		}
		if err == nil {
			st.Version = s
		}
		return err
	})
	p.field(o, "sha256", "ksn.statement.sha256", func(raw json.RawMessage) error {
		s, err := asString(raw)
		if err == nil {
			st.SHA256 = s
		}
		return err
	})
	p.field(o, "lang", "ksn.statement.lang", func(raw json.RawMessage) error {
		s, err := asString(raw)
		if err == nil && !isCode(s, 8) {
			err = gotProblem(CodeStatementCode, strconv.Quote(s))
		}
		if err == nil {
			st.Lang = s
		}
		return err
	})
	p.field(o, "decided_at", "ksn.statement.decided_at", func(raw json.RawMessage) error {
		t, err := asTime(raw)
		if err == nil {
			st.DecidedAt = t
		}
		return err
	})
	return st
}

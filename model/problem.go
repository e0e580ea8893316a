package model

import "ksn/lang"

// problem is an error about a file ksn reads that says itself in any
// language (lang.Wordy): its Error is the English, for logs and tests;
// say.Voice.Err says it in the reader's. An error among its data (what was
// wrong inside, an OS error) is said within it, and is what it wraps.
type problem struct {
	msg lang.Msg
}

// newProblem is the problem of message id with its data, pairs as lang.T
// takes them.
func newProblem(id string, kv ...any) error {
	return &problem{msg: lang.Msg{ID: id, Data: kv}}
}

// Error implements error: the English.
func (p *problem) Error() string { return lang.English().Say(p.msg) }

// Words implements lang.Wordy.
func (p *problem) Words() lang.Msg { return p.msg }

// Unwrap is the error among the problem's data, if any: errors.Is and
// errors.As see through a problem.
func (p *problem) Unwrap() error {
	for i := 1; i < len(p.msg.Data); i += 2 {
		if err, ok := p.msg.Data[i].(error); ok {
			return err
		}
	}
	return nil
}

package netcheck

import "time"

// Connection state values of the "connection" object of SPEC §5.
const (
	// StateConnected is the state of a connected computer.
	StateConnected = "connected"
	// StateDisconnected is the state of one that is not.
	StateDisconnected = "disconnected"
)

// Connection is the "connection" object of `ksn status --json` and
// `ksn check --json` (SPEC §5).
type Connection struct {
	// State is StateConnected or StateDisconnected.
	State string `json:"state"`
	// Reason is the reason code, or nil (JSON null) when connected.
	Reason *Reason `json:"reason"`
	// Message is the sentence of SPEC §4.
	Message string `json:"message"`
	// Restrictions are those in force; never nil, so never JSON null.
	Restrictions []Restriction `json:"restrictions"`
	// CheckedAt is when the check finished.
	CheckedAt time.Time `json:"checked_at"`
	// LatencyMS is Result.Latency in milliseconds.
	LatencyMS int64 `json:"latency_ms"`
	// Steps are the steps taken (for `ksn check --json`); set it to nil to
	// leave them out.
	Steps []Step `json:"steps,omitempty"`
}

// Connection returns r as the "connection" object of SPEC §5.
func (r Result) Connection() Connection {
	c := Connection{
		State:        StateDisconnected,
		Message:      r.Message,
		Restrictions: append([]Restriction{}, r.Restrictions...),
		CheckedAt:    r.CheckedAt,
		LatencyMS:    r.Latency.Milliseconds(),
		Steps:        append([]Step(nil), r.Steps...),
	}
	if r.Connected {
		c.State = StateConnected
	} else {
		reason := r.Reason
		c.Reason = &reason
	}
	if c.Message == "" {
		c.Message = r.Reason.Sentence()
	}
	return c
}

package netcheck

import (
	"encoding/json"
	"io"
	"net/http"
	"time"

	"ksn/safe"
)

// maxScope is the longest restriction scope kept, in bytes.
const maxScope = 64

// maxRestrictions is how many restrictions of one answer are kept.
const maxRestrictions = 8

// answer is the body of a 200 from the service; unknown fields are ignored.
type answer struct {
	Key          string        `json:"key"`
	Restrictions []Restriction `json:"restrictions"`
}

// bodyTooLargeError is the error of an answer longer than MaxBody.
type bodyTooLargeError struct{}

// Error implements error.
func (bodyTooLargeError) Error() string { return "answer longer than MaxBody" }

// readBody reads at most MaxBody bytes of the answer, and fails with
// bodyTooLargeError if there is more.
func readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > MaxBody {
		return nil, bodyTooLargeError{}
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxBody {
		return nil, bodyTooLargeError{}
	}
	return b, nil
}

// judgeAnswer takes the service, key and restrictions steps for the body of
// a 200.
func judgeAnswer(st *steps, body []byte, status string, latency time.Duration, now time.Time, out *outcome) {
	var a answer
	if err := json.Unmarshal(body, &a); err != nil {
		st.fail(StepService, DetailServiceNotJSON, Facts{Error: outside(err.Error())}, HintAnswer)
		out.reason, out.trouble = ReasonServiceUnavailable, Trouble{Kind: TroubleAnswer, Cause: outside(err.Error())}
		return
	}
	st.ok(StepService, DetailServiceOK, Facts{Status: outside(status), Latency: latency.Round(time.Millisecond)})

	switch KeyState(a.Key) {
	case KeyValid:
		out.keyState = KeyValid
		st.ok(StepKey, DetailKeyValid, Facts{})
	case KeyDenylisted:
		out.keyState = KeyDenylisted
		st.fail(StepKey, DetailKeyDenylisted, Facts{}, HintDenylisted)
		out.reason = ReasonKeyDenylisted
		return
	case KeyExpired:
		out.keyState = KeyExpired
		st.fail(StepKey, DetailKeyExpired, Facts{}, HintExpired)
		out.reason = ReasonLicenseExpired
		return
	case KeyUnknown:
		st.fail(StepKey, DetailKeyMissing, Facts{}, HintAnswer)
		out.reason, out.trouble = ReasonServiceUnavailable, Trouble{Kind: TroubleNoKey}
		return
	default:
		st.fail(StepKey, DetailKeyUnknown, Facts{State: outside(a.Key)}, HintAnswer)
		out.reason, out.trouble = ReasonServiceUnavailable, Trouble{Kind: TroubleUnknownKey}
		return
	}

	out.restrictions = inForce(a.Restrictions, now)
	restrictionsStep(st, out.restrictions)
	out.reason = ReasonNone
}

// inForce returns the restrictions of rs whose Until is after now, their
// scope made safe to print and their end as the service gave it (docs/check.md:
// however far away it is, ksn checks again within [RecheckWithin]); nil if
// none. At most maxRestrictions are kept.
func inForce(rs []Restriction, now time.Time) []Restriction {
	var kept []Restriction
	for _, r := range rs {
		if !r.Until.After(now) {
			continue
		}
		if len(kept) == maxRestrictions {
			break
		}
		kept = append(kept, Restriction{Scope: safe.Line(r.Scope, maxScope), Until: r.Until})
	}
	return kept
}

package netcheck

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// How long an HTTP 429 restricts requests, from its Retry-After header.
const (
	// DefaultRetryAfter is used when a 429 has no Retry-After, or one that
	// is neither delta-seconds nor an HTTP date. An hour is long enough
	// not to hammer a service that asked for quiet, and short enough that
	// the notice does not outlive the restriction by much; the periodic
	// check replaces it as soon as the service answers again.
	DefaultRetryAfter = time.Hour
	// MinRetryAfter is the shortest restriction a 429 gives: a 429 is a
	// restriction in force even when Retry-After says "0" or a past date.
	MinRetryAfter = time.Minute
	// RecheckWithin bounds the wait for the end of a restriction: the end
	// is shown as the service gave it (docs/check.md), but however far away it
	// is, ksn checks again within this.
	RecheckWithin = 24 * time.Hour
)

// scopeFileReputation is the scope of the restriction a 429 gives.
const scopeFileReputation = "file_reputation"

// retryUntil returns when the restriction of a 429 with Retry-After value h
// ends, now being the time of the check: h is delta-seconds or an HTTP
// date, taken as the service gave it but at least now+MinRetryAfter (and at
// most the longest time.Duration ahead, so it cannot overflow), and
// now+DefaultRetryAfter when h is missing or invalid.
func retryUntil(h string, now time.Time) time.Time {
	h = strings.TrimSpace(h)
	d := DefaultRetryAfter
	switch {
	case h == "":
	case allDigits(h):
		n, err := strconv.ParseUint(h, 10, 64)
		if err != nil || n > uint64(math.MaxInt64/int64(time.Second)) {
			d = math.MaxInt64 // too many digits to parse is as far as it goes
		} else {
			d = time.Duration(n) * time.Second
		}
	default:
		if t, err := http.ParseTime(h); err == nil {
			d = t.Sub(now) // saturates instead of overflowing
		}
	}
	return now.Add(max(d, MinRetryAfter))
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Package netcheck checks whether this computer is connected to Kaspersky
// Security Network (KSN) and, if not, why (docs/check.md).
//
// A check runs in a fixed order. The first three steps need no network and
// send nothing at all:
//
//  1. settings: participation must be on, else [ReasonNotParticipating];
//  2. activation: a license must be present and activated, else
//     [ReasonNotActivated];
//  3. license: it must not have expired, else [ReasonLicenseExpired].
//
// Only then is one request sent. This is enforced in one place: every
// request of a [Checker] goes through a guard in front of its transport
// that refuses a request unless the check issued it a permit, which it does
// only when those three steps pass. The request goes through HTTPS_PROXY /
// NO_PROXY as set in the environment when the [Checker] was made:
//
//	GET <endpoint>/v1/status
//	Accept: application/json
//	User-Agent: ksn/<version>
//	X-KSN-Key-SHA256: <hex sha256 of the license key>
//
// and the service answers 200 with
//
//	{"key": "valid|denylisted|expired",
//	 "restrictions": [{"scope": "file_reputation", "until": "<RFC 3339>"}]}
//
// (unknown fields ignored, at most [MaxBody] bytes), or 429 with a
// Retry-After header when it is limiting requests. DNS, connect, TLS and
// timeout failures give [ReasonNoInternet]; any other HTTP status, a bad or
// oversized answer, or a redirect that is refused gives
// [ReasonServiceUnavailable].
//
// netcheck never sees the license key itself, only its SHA-256, and knows
// nothing of the user interface: it takes plain values and returns a
// [Result] that records every step it took, as codes ([Reason], [Detail],
// [Hint]) and typed [Facts] (times as time.Time, durations as
// time.Duration). It speaks no words: package say puts them into
// sentences, in the reader's language, and in English for the JSON.
package netcheck

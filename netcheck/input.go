package netcheck

import "time"

// DefaultTimeout bounds a whole check when [Input.Timeout] is zero.
const DefaultTimeout = 10 * time.Second

// MaxBody is the largest answer body accepted from the service, in bytes;
// a longer one gives [ReasonServiceUnavailable].
const MaxBody = 64 << 10

// License is what the check needs to know of the license. The key itself
// never reaches netcheck: only its SHA-256.
type License struct {
	// Present is whether a usable license is installed.
	Present bool
	// Broken is the license file that is there but cannot be used (it
	// cannot be read, or it is not a valid license file); "" for none.
	// The check then stops at the activation step and names it.
	Broken string
	// Activated is the license's "activated".
	Activated bool
	// ExpiresAt is the license's "expires_at"; zero means no expiry date.
	ExpiresAt time.Time
	// KeySHA256 is the hex SHA-256 of the license key (64 hex digits),
	// sent as X-KSN-Key-SHA256. Anything else is never sent: the check
	// then stops at the activation step.
	KeySHA256 string
}

// Input is what one check is about. The caller resolves settings, license
// and flags into it; netcheck reads no files.
type Input struct {
	// Participating is the effective participation: the caller has
	// already applied the statement invariant of docs/files.md.
	Participating bool
	// License is the installed license, if any.
	License License
	// Endpoint is the base URL of the service, for example
	// "https://dc1.ksn.kaspersky-labs.com"; the request goes to
	// Endpoint + "/v1/status" (a trailing slash is ignored).
	Endpoint string
	// Timeout bounds the whole check; zero or less means DefaultTimeout.
	Timeout time.Duration
}

// timeout returns the bound of the whole check.
func (in Input) timeout() time.Duration {
	if in.Timeout <= 0 {
		return DefaultTimeout
	}
	return in.Timeout
}

package netcheck

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"ksn/safe"
)

// statusPath is the path of the status resource under the endpoint.
const statusPath = "/v1/status"

// ValidateEndpoint reports whether s can be used as [Input.Endpoint]: an
// absolute https URL with a host and without user info, query or fragment;
// http only for a loopback host (127.0.0.0/8, ::1, localhost: tests and
// the demo), so that the key's hash and the answer never cross a network
// unprotected (SPEC §4). A control or bidi character anywhere (see
// safe.Clean) is refused. The error names what is wrong, in one line that
// is safe to print, and never shows a password: an *EndpointError, which
// say.Voice.Err says in the reader's language.
func ValidateEndpoint(s string) error {
	if _, err := statusURL(s); err != nil {
		return err
	}
	return nil
}

// statusURL returns the URL of the status resource of endpoint s, if s is
// a valid endpoint (see ValidateEndpoint).
func statusURL(s string) (*url.URL, *EndpointError) {
	if strings.TrimSpace(s) == "" {
		return nil, &EndpointError{Detail: DetailEndpointEmpty}
	}
	if !safe.Clean(s) {
		return nil, &EndpointError{Detail: DetailEndpointControls, Endpoint: shown(s)}
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, &EndpointError{Detail: DetailEndpointNotURL, Endpoint: shown(s)}
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, &EndpointError{Detail: DetailEndpointNotHTTPS, Endpoint: shown(s)}
	case u.Host == "" || u.Hostname() == "":
		return nil, &EndpointError{Detail: DetailEndpointNoHost, Endpoint: shown(s)}
	case u.User != nil:
		return nil, &EndpointError{Detail: DetailEndpointUser, Endpoint: shown(u.Redacted())}
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, &EndpointError{Detail: DetailEndpointQuery, Endpoint: shown(s)}
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, &EndpointError{Detail: DetailEndpointPlainHTTP, Endpoint: shown(s)}
	}
	out := *u
	out.Path = strings.TrimRight(u.Path, "/") + statusPath
	out.RawPath = ""
	return &out, nil
}

// isLoopback reports whether host, a URL's host name without brackets or
// port, is a loopback host: an IP address in 127.0.0.0/8 or ::1, or the
// name localhost (any case). Only these literal forms count; a name that
// merely resolves to a loopback address does not.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || ip.Zone() != "" {
		return false
	}
	return ip.Unmap().IsLoopback()
}

// EndpointError is why an endpoint cannot be used: one of the
// DetailEndpoint… codes, and the endpoint as it may be shown (its password
// hidden, its controls escaped).
type EndpointError struct {
	Detail   Detail
	Endpoint string
}

// Error implements error: the code and the endpoint, for logs;
// say.Voice.Err says it for people.
func (e *EndpointError) Error() string {
	return "netcheck: endpoint " + strconv.Quote(e.Endpoint) + " refused (" + string(e.Detail) + ")"
}

// shown returns s, with its password hidden and its controls escaped, for
// an error message to quote.
func shown(s string) string { return safe.Text(redact(s)) }

// redact hides the password in s, a URL that may not parse, as
// url.URL.Redacted does: "https://user:xxxxx@host".
func redact(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return s
	}
	user, _, hasPassword := strings.Cut(rest[:at], ":")
	if !hasPassword {
		return s
	}
	return scheme + "://" + user + ":xxxxx" + rest[at:]
}

// isHexDigest reports whether s is a hex SHA-256: 64 hex digits.
func isHexDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		switch {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return true
}

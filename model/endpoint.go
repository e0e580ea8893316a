package model

import (
	"net/netip"
	"net/url"
	"strings"

	"ksn/safe"
)

// ValidateEndpoint reports whether s can be used as the KSN endpoint: an
// absolute https URL with a host and without user info, query or
// fragment; http only for a loopback host (127.0.0.0/8, ::1, localhost:
// tests and the demo), so that the key's hash and the answer never cross
// a network unprotected (docs/check.md). A control or bidi character anywhere
// (see safe.Clean) is refused. The error is a *Problem with one of the
// CodeEndpoint… codes; its Endpoint fact is safe to print and never shows
// a password.
func ValidateEndpoint(s string) error {
	if strings.TrimSpace(s) == "" {
		return &Problem{Code: CodeEndpointEmpty}
	}
	refuse := func(code Code, shown string) error {
		return &Problem{Code: code, Endpoint: safe.Text(redact(shown))}
	}
	if !safe.Clean(s) {
		return refuse(CodeEndpointControls, s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return refuse(CodeEndpointNotURL, s)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return refuse(CodeEndpointNotHTTPS, s)
	case u.Host == "" || u.Hostname() == "":
		return refuse(CodeEndpointNoHost, s)
	case u.User != nil:
		return refuse(CodeEndpointUser, u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return refuse(CodeEndpointQuery, s)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return refuse(CodeEndpointPlainHTTP, s)
	}
	return nil
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

package netcheck

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// statusPath is the path of the status resource under the endpoint.
const statusPath = "/v1/status"

// ValidateEndpoint reports whether s can be used as [Input.Endpoint]: an
// absolute http or https URL with a host and without user info, query or
// fragment. The error names what is wrong, in one line.
func ValidateEndpoint(s string) error {
	_, err := statusURL(s)
	return err
}

// statusURL returns the URL of the status resource of endpoint s.
func statusURL(s string) (*url.URL, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("endpoint is empty")
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q is not a URL", redact(s))
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("endpoint %q is not an http or https URL", redact(s))
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("endpoint %q has no host", redact(s))
	case u.User != nil:
		return nil, fmt.Errorf("endpoint %q must not contain a user name or password", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("endpoint %q must not contain a query or fragment", redact(s))
	}
	out := *u
	out.Path = strings.TrimRight(u.Path, "/") + statusPath
	out.RawPath = ""
	return &out, nil
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

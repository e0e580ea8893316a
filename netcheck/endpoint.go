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
		return nil, fmt.Errorf("endpoint %q is not a URL", s)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("endpoint %q is not an http or https URL", s)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("endpoint %q has no host", s)
	case u.User != nil:
		return nil, fmt.Errorf("endpoint %q must not contain a user name or password", u.Redacted())
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("endpoint %q must not contain a query or fragment", s)
	}
	out := *u
	out.Path = strings.TrimRight(u.Path, "/") + statusPath
	out.RawPath = ""
	return &out, nil
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

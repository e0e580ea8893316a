package netcheck

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"ksn/model"
	"ksn/safe"
)

// statusPath is the path of the status resource under the endpoint.
const statusPath = "/v1/status"

// ValidateEndpoint reports whether s can be used as [Input.Endpoint]: the
// one rule is model.ValidateEndpoint's (https; http only for a loopback
// host; no user info, query, fragment or control). The error is an
// *EndpointError with its code, which say.Voice.Err says in the reader's
// language, and never shows a password.
func ValidateEndpoint(s string) error {
	if _, err := statusURL(s); err != nil {
		return err
	}
	return nil
}

// statusURL returns the URL of the status resource of endpoint s, if s is
// a valid endpoint (see ValidateEndpoint).
func statusURL(s string) (*url.URL, *EndpointError) {
	if err := model.ValidateEndpoint(s); err != nil {
		var p *model.Problem
		if !errors.As(err, &p) {
			return nil, &EndpointError{Detail: DetailEndpointNotURL, Endpoint: safe.Text(s)}
		}
		return nil, &EndpointError{Detail: Detail(strings.TrimPrefix(string(p.Code), "check.detail.")), Endpoint: p.Endpoint}
	}
	u, err := url.Parse(s)
	if err != nil { // model.ValidateEndpoint parsed it
		return nil, &EndpointError{Detail: DetailEndpointNotURL, Endpoint: safe.Text(s)}
	}
	out := *u
	out.Path = strings.TrimRight(u.Path, "/") + statusPath
	out.RawPath = ""
	return &out, nil
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

package model

import (
	"strings"
	"testing"
)

// TestValidateEndpoint: https anywhere, http only for a loopback host;
// each refusal is its code, and never shows a password or a control.
func TestValidateEndpoint(t *testing.T) {
	for _, ep := range []string{"https://dc1.ksn.kaspersky-labs.com", "https://h:8443/base/", "http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:9", "http://LOCALHOST"} {
		if err := ValidateEndpoint(ep); err != nil {
			t.Errorf("ValidateEndpoint(%q) = %v", ep, err)
		}
	}
	tests := []struct {
		ep   string
		code Code
	}{
		{"", CodeEndpointEmpty},
		{"  ", CodeEndpointEmpty},
		{"https://h/\x1b[2J", CodeEndpointControls},
		{"https://h/\u202e", CodeEndpointControls},
		{"https://h:port", CodeEndpointNotURL},
		{"ftp://h", CodeEndpointNotHTTPS},
		{"https://", CodeEndpointNoHost},
		{"https://u:secret@h", CodeEndpointUser},
		{"https://h/?q=1", CodeEndpointQuery},
		{"https://h/#f", CodeEndpointQuery},
		{"http://example.com", CodeEndpointPlainHTTP},
		{"http://127.0.0.1.example.com", CodeEndpointPlainHTTP},
		{"http://[fe80::1%25lo]", CodeEndpointPlainHTTP},
	}
	for _, tt := range tests {
		err := ValidateEndpoint(tt.ep)
		p, ok := err.(*Problem)
		if !ok || p.Code != tt.code {
			t.Errorf("ValidateEndpoint(%q) = %v, want %s", tt.ep, err, tt.code)
			continue
		}
		if strings.Contains(err.Error(), "secret") || strings.ContainsAny(err.Error(), "\x1b\u202e\n") {
			t.Errorf("ValidateEndpoint(%q) = %q", tt.ep, err)
		}
	}
}

package ksntest

import (
	"context"
	"net"
	"net/http"
	"os"
	"syscall"
)

// Transport returns a transport for the service's clients (the demo's
// checks): while the scenario is Offline it fails every connection at once
// as a computer without a network does ("connect: network is
// unreachable"), dialling nothing; otherwise it connects as usual. A
// closed port would not do: a refused connection means the host was
// reached (docs/check.md). No proxy: the service is on
// loopback.
func (s *Service) Transport() *http.Transport {
	var d net.Dialer
	return &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if s.Scenario() == Offline {
				return nil, unreachable(network, addr)
			}
			return d.DialContext(ctx, network, addr)
		},
		DisableKeepAlives: true,
	}
}

// unreachable is the error of a connection to addr on a computer without
// a network.
func unreachable(network, addr string) error {
	e := &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}
	if a, err := net.ResolveTCPAddr(network, addr); err == nil {
		e.Addr = a
	}
	return e
}

package netcheck

import (
	"crypto/tls"
	"net"
	"net/http/httptrace"
	"sync"
)

// netEvents is what httptrace told of one exchange (of its last attempt,
// where attempts repeat).
type netEvents struct {
	dnsHost    string
	dnsStarted bool
	dnsDone    bool
	dnsAddrs   []net.IPAddr
	dnsErr     error

	connStarted bool
	connOK      bool
	connAddr    string
	connErr     error

	tlsStarted bool
	tlsDone    bool
	tlsVersion uint16
	tlsIssuer  string
	tlsErr     error

	gotConn bool
	reused  bool
	remote  string
}

// netTrace records the events of one exchange; its hooks may be called
// from several goroutines at once (parallel dials).
type netTrace struct {
	mu sync.Mutex
	ev netEvents
}

// events returns a copy of what was recorded so far.
func (t *netTrace) events() netEvents {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ev
}

// record runs f on the events under the lock.
func (t *netTrace) record(f func(ev *netEvents)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f(&t.ev)
}

// hooks returns the httptrace hooks that record into t.
func (t *netTrace) hooks() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		DNSStart: func(i httptrace.DNSStartInfo) {
			t.record(func(ev *netEvents) {
				ev.dnsHost, ev.dnsStarted, ev.dnsDone, ev.dnsErr = i.Host, true, false, nil
			})
		},
		DNSDone: func(i httptrace.DNSDoneInfo) {
			t.record(func(ev *netEvents) {
				ev.dnsDone, ev.dnsAddrs, ev.dnsErr = true, i.Addrs, i.Err
			})
		},
		ConnectStart: func(network, addr string) {
			t.record(func(ev *netEvents) {
				ev.connStarted = true
				if !ev.connOK {
					ev.connAddr = addr
				}
			})
		},
		ConnectDone: func(network, addr string, err error) {
			t.record(func(ev *netEvents) {
				switch {
				case err == nil:
					ev.connOK, ev.connAddr, ev.connErr = true, addr, nil
				case !ev.connOK:
					ev.connAddr, ev.connErr = addr, err
				}
			})
		},
		TLSHandshakeStart: func() {
			t.record(func(ev *netEvents) {
				ev.tlsStarted, ev.tlsDone, ev.tlsErr = true, false, nil
			})
		},
		TLSHandshakeDone: func(st tls.ConnectionState, err error) {
			t.record(func(ev *netEvents) {
				ev.tlsDone, ev.tlsErr, ev.tlsVersion = true, err, st.Version
				if len(st.PeerCertificates) > 0 {
					ev.tlsIssuer = st.PeerCertificates[0].Issuer.String()
				}
			})
		},
		GotConn: func(i httptrace.GotConnInfo) {
			t.record(func(ev *netEvents) {
				ev.gotConn, ev.reused = true, i.Reused
				if i.Conn != nil {
					ev.remote = i.Conn.RemoteAddr().String()
				}
			})
		},
	}
}

package ksntest

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// server serves a Service at one loopback address while the scenario is
// not Offline, and leaves the address closed while it is.
type server struct {
	svc  *Service
	addr string

	mu      sync.Mutex
	srv     *http.Server  // nil while closed
	done    chan struct{} // closed when srv's Serve has returned
	stopped bool
}

// Start serves s on 127.0.0.1 at a free port and returns its base URL
// (http://127.0.0.1:PORT) and a func that stops it. In the Offline
// scenario the port is found (listen, then close) but left closed, so
// connections to the URL are refused; SetScenario opens and closes it.
// Reopening can fail if another program has taken the port meanwhile:
// the address then stays closed, as if Offline.
func Start(s *Service) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	sv := &server{svc: s, addr: ln.Addr().String()}
	sv.mu.Lock() // a SetScenario from now on waits for the first decision
	s.mu.Lock()
	s.servers[sv] = struct{}{}
	s.mu.Unlock()
	if s.Scenario() != Offline {
		sv.serve(ln)
	} else if err := ln.Close(); err != nil {
		sv.mu.Unlock()
		sv.stop()
		return "", nil, err
	}
	sv.mu.Unlock()
	var once sync.Once
	return "http://" + sv.addr, func() { once.Do(sv.stop) }, nil
}

// sync opens or closes the address to match the service's scenario.
func (sv *server) sync() {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	want := !sv.stopped && sv.svc.Scenario() != Offline
	switch {
	case want && sv.srv == nil:
		sv.open()
	case !want && sv.srv != nil:
		sv.close()
	}
}

// open listens at the address again and serves; sv.mu is held. If the
// address cannot be had, it stays closed.
func (sv *server) open() {
	ln, err := net.Listen("tcp", sv.addr)
	if err != nil {
		return
	}
	sv.serve(ln)
}

// serve serves the service on ln; sv.mu is held.
func (sv *server) serve(ln net.Listener) {
	srv := &http.Server{Handler: sv.svc, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		// ErrServerClosed after close; any other error of Accept leaves
		// the address unreachable, as if Offline.
		_ = srv.Serve(ln)
	}()
	sv.srv, sv.done = srv, done
}

// close stops serving, drops open connections and waits until Serve has
// returned; sv.mu is held.
func (sv *server) close() {
	_ = sv.srv.Close() // only the listener's close error, of no use here
	<-sv.done
	sv.srv, sv.done = nil, nil
}

// stop closes the address for good and forgets the server.
func (sv *server) stop() {
	sv.svc.mu.Lock()
	delete(sv.svc.servers, sv)
	sv.svc.mu.Unlock()
	sv.mu.Lock()
	defer sv.mu.Unlock()
	sv.stopped = true
	if sv.srv != nil {
		sv.close()
	}
}

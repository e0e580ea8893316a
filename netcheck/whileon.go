package netcheck

import (
	"context"
	"net"
)

// whileOn is conn, which writes only while participation is still on, if
// ctx has a permit and a WhileParticipating; else conn itself. Every byte of a
// request goes through it, the TLS handshake's and a proxy's CONNECT's
// too, so the last look at participation is taken just before the
// request's own bytes are written, whatever happened while connecting.
func whileOn(ctx context.Context, conn net.Conn) net.Conn {
	p, ok := ctx.Value(permitKey{}).(permit)
	if !ok || p.stillOn == nil {
		return conn
	}
	return &onlyWhileOn{Conn: conn, p: p}
}

// onlyWhileOn is a connection that refuses to write once its permit's
// stillOn says no, and marks the request stopped.
type onlyWhileOn struct {
	net.Conn
	p permit
}

// Write implements net.Conn.
func (c *onlyWhileOn) Write(b []byte) (int, error) {
	if !c.p.stillOn() {
		c.p.stopped.Store(true)
		return 0, errWithdrawn
	}
	return c.Conn.Write(b)
}

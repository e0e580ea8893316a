package serve

import (
	"net"
	"sync"
	"time"
)

// Penalties per source address, as OpenSSH's PerSourcePenalties with its
// defaults (docs/serve.md): a connection that ends without logging
// in earns its address penaltyNoAuth (also when the login grace runs out),
// one that ends after a refused key penaltyAuthFail. Penalties add up; once
// an address has at least penaltyMin to serve, its connections are closed
// at once until it is served, at most penaltyMax ahead.
const (
	penaltyNoAuth   = 10 * time.Second
	penaltyAuthFail = 5 * time.Second
	penaltyMin      = 15 * time.Second
	penaltyMax      = 10 * time.Minute
	// penaltySources bounds the addresses remembered (OpenSSH's
	// max-sources4); past it, new addresses go unpenalised (its default
	// overflow=permissive) rather than the table growing.
	penaltySources = 65536
)

// penalty is what one address has to serve.
type penalty struct {
	until  time.Time
	active bool // refused until until
}

// penalties are the penalties of every source address. An IPv6 address
// counts by its /64, as OpenSSH counts it.
type penalties struct {
	mu sync.Mutex
	m  map[string]*penalty
}

// newPenalties has no penalty yet.
func newPenalties() *penalties { return &penalties{m: map[string]*penalty{}} }

// add gives source d more to serve, at now.
func (p *penalties) add(source string, d time.Duration, now time.Time) {
	key := sourceKey(source)
	p.mu.Lock()
	defer p.mu.Unlock()
	pen := p.m[key]
	if pen == nil {
		if len(p.m) >= penaltySources && !p.prune(now) {
			return
		}
		pen = &penalty{}
		p.m[key] = pen
	}
	if pen.until.Before(now) {
		pen.until, pen.active = now, false
	}
	pen.until = pen.until.Add(d)
	if pen.until.Sub(now) > penaltyMax {
		pen.until = now.Add(penaltyMax)
	}
	if pen.until.Sub(now) >= penaltyMin {
		pen.active = true
	}
}

// refused reports whether source is serving a penalty at now, and until when.
func (p *penalties) refused(source string, now time.Time) (bool, time.Time) {
	key := sourceKey(source)
	p.mu.Lock()
	defer p.mu.Unlock()
	pen := p.m[key]
	switch {
	case pen == nil:
		return false, time.Time{}
	case !pen.until.After(now):
		delete(p.m, key)
		return false, time.Time{}
	}
	return pen.active, pen.until
}

// prune forgets the penalties served by now; false if none was.
func (p *penalties) prune(now time.Time) bool {
	n := len(p.m)
	for k, pen := range p.m {
		if !pen.until.After(now) {
			delete(p.m, k)
		}
	}
	return len(p.m) < n
}

// sourceKey is the address penalties count source by: itself, or its /64
// for IPv6.
func sourceKey(source string) string {
	ip := net.ParseIP(source)
	if ip == nil || ip.To4() != nil {
		return source
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

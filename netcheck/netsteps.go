package netcheck

import (
	"crypto/tls"
	"fmt"
	"net"
	"strings"
)

// maxAddrs is how many resolved addresses the DNS step names.
const maxAddrs = 3

// netSteps records the DNS, connect and TLS steps of an exchange: those
// before f.step as passed, f.step itself as failed. A failure of the
// service step is recorded there too, after the three network steps.
func (x exchangeInfo) netSteps(st *steps, ev netEvents, f failure) {
	for _, name := range []StepName{StepDNS, StepConnect, StepTLS} {
		if f.step == name {
			st.fail(name, f.detail, f.hint)
			return
		}
		st.ok(name, x.okDetail(name, ev))
	}
	if f.step == StepService {
		st.fail(StepService, f.detail, f.hint)
	}
}

// okDetail describes a network step that passed.
func (x exchangeInfo) okDetail(name StepName, ev netEvents) string {
	switch name {
	case StepDNS:
		return x.dnsDetail(ev)
	case StepConnect:
		d := "connected"
		switch {
		case ev.connOK && ev.connAddr != "":
			d = "connected to " + ev.connAddr
		case ev.remote != "":
			d = "connected to " + ev.remote
		}
		if ev.reused {
			d += " (connection reused)"
		}
		if x.proxy != nil {
			d += " through proxy " + x.proxy.Redacted()
		}
		return d
	default:
		switch {
		case !x.https:
			return "not used (http endpoint)"
		case ev.tlsDone && ev.tlsErr == nil:
			d := tls.VersionName(ev.tlsVersion)
			if ev.tlsIssuer != "" {
				d += ", certificate issued by " + ev.tlsIssuer
			}
			return d
		case ev.reused:
			return "connection reused"
		}
		return "handshake done"
	}
}

// dnsDetail describes a DNS step that passed.
func (x exchangeInfo) dnsDetail(ev netEvents) string {
	host := x.host
	if x.proxy != nil {
		host = x.proxy.Hostname()
	}
	switch {
	case ev.dnsDone && ev.dnsErr == nil:
		addrs := make([]string, 0, maxAddrs)
		for i, a := range ev.dnsAddrs {
			if i == maxAddrs {
				addrs = append(addrs, fmt.Sprintf("and %d more", len(ev.dnsAddrs)-maxAddrs))
				break
			}
			addrs = append(addrs, a.String())
		}
		return fmt.Sprintf("%s is %s", ev.dnsHost, strings.Join(addrs, ", "))
	case net.ParseIP(strings.Trim(host, "[]")) != nil:
		return "no lookup needed: " + host + " is an IP address"
	case ev.reused:
		return "connection reused"
	}
	return host + " resolved"
}

package netcheck

import (
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
			st.fail(name, f.detail, f.facts, f.hint)
			return
		}
		d, facts := x.passed(name, ev)
		st.ok(name, d, facts)
	}
	if f.step == StepService {
		st.fail(StepService, f.detail, f.facts, f.hint)
	}
}

// passed describes a network step that passed.
func (x exchangeInfo) passed(name StepName, ev netEvents) (Detail, Facts) {
	switch name {
	case StepDNS:
		return x.dnsPassed(ev)
	case StepConnect:
		addr := ""
		switch {
		case ev.connOK && ev.connAddr != "":
			addr = ev.connAddr
		case ev.remote != "":
			addr = ev.remote
		}
		proxy := ""
		if x.proxy != nil {
			proxy = x.proxy.Redacted()
		}
		return DetailConnectOK, Facts{Addr: addr, Reused: ev.reused, Proxy: proxy}
	default:
		switch {
		case !x.https:
			return DetailTLSHTTP, Facts{}
		case ev.tlsDone && ev.tlsErr == nil:
			return DetailTLSOK, Facts{TLSVersion: ev.tlsVersion, Issuer: outside(ev.tlsIssuer)}
		case ev.reused:
			return DetailReused, Facts{}
		}
		return DetailTLSDone, Facts{}
	}
}

// dnsPassed describes a DNS step that passed.
func (x exchangeInfo) dnsPassed(ev netEvents) (Detail, Facts) {
	host := x.host
	if x.proxy != nil {
		host = x.proxy.Hostname()
	}
	switch {
	case ev.dnsDone && ev.dnsErr == nil:
		addrs := make([]string, 0, maxAddrs)
		for i, a := range ev.dnsAddrs {
			if i == maxAddrs {
				break
			}
			addrs = append(addrs, a.String())
		}
		more := max(len(ev.dnsAddrs)-maxAddrs, 0)
		return DetailDNSAddrs, Facts{Host: ev.dnsHost, Addrs: addrs, More: more}
	case net.ParseIP(strings.Trim(host, "[]")) != nil:
		return DetailDNSIP, Facts{Host: host}
	case ev.reused:
		return DetailReused, Facts{}
	}
	return DetailDNSResolved, Facts{Host: host}
}

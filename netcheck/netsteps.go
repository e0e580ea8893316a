package netcheck

import (
	"crypto/tls"
	"net"
	"strings"

	"ksn/lang"
)

// maxAddrs is how many resolved addresses the DNS step names.
const maxAddrs = 3

// netSteps records the DNS, connect and TLS steps of an exchange: those
// before f.step as passed, f.step itself as failed. A failure of the
// service step is recorded there too, after the three network steps.
func (x exchangeInfo) netSteps(st *steps, ev netEvents, f failure) {
	for _, name := range []StepName{StepDNS, StepConnect, StepTLS} {
		if f.step == name {
			st.fail(name, f.words, f.hint)
			return
		}
		st.ok(name, x.okWords(name, ev))
	}
	if f.step == StepService {
		st.fail(StepService, f.words, f.hint)
	}
}

// okWords describes a network step that passed.
func (x exchangeInfo) okWords(name StepName, ev netEvents) lang.Msg {
	switch name {
	case StepDNS:
		return x.dnsWords(ev)
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
		return lang.Msg{ID: "check.detail.connect.ok", Data: []any{"Addr", addr, "Reused", ev.reused, "Proxy", proxy}}
	default:
		switch {
		case !x.https:
			return lang.Msg{ID: "check.detail.tls.http"}
		case ev.tlsDone && ev.tlsErr == nil:
			return lang.Msg{ID: "check.detail.tls.ok", Data: []any{"Version", tls.VersionName(ev.tlsVersion), "Issuer", ev.tlsIssuer}}
		case ev.reused:
			return lang.Msg{ID: "check.detail.reused"}
		}
		return lang.Msg{ID: "check.detail.tls.done"}
	}
}

// dnsWords describes a DNS step that passed.
func (x exchangeInfo) dnsWords(ev netEvents) lang.Msg {
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
		return lang.Msg{ID: "check.detail.dns.addrs", Data: []any{"Host", ev.dnsHost, "Addrs", strings.Join(addrs, ", "), "More", more}}
	case net.ParseIP(strings.Trim(host, "[]")) != nil:
		return lang.Msg{ID: "check.detail.dns.ip", Data: []any{"Host", host}}
	case ev.reused:
		return lang.Msg{ID: "check.detail.reused"}
	}
	return lang.Msg{ID: "check.detail.dns.resolved", Data: []any{"Host", host}}
}

package netcheck

// HintNoLicense says what to do when no license is installed; exported
// because the license line says it too.
const HintNoLicense = "Install a license with ksn license install FILE."

// What to do about a failed step, one line each, as `ksn check` prints it.
const (
	hintNotParticipating = "Turn participation on in Settings › Security settings › Kaspersky Security Network, or run ksn enable --accept-statement."
	hintNotActivated     = "Activate the license, or install an activated one with ksn license install FILE."
	hintBadDigest        = "The license key could not be read; install the license again with ksn license install FILE."
	hintExpired          = "Renew the license or subscription, then install it with ksn license install FILE."
	hintEndpoint         = "Set an https URL (http only for a loopback test service) with --endpoint, KSN_ENDPOINT or \"endpoint\" in settings.json."
	hintDNS              = "Check the network connection and the DNS settings; the host name of the endpoint (or proxy) could not be resolved."
	hintConnect          = "Check the network connection and firewall, and HTTPS_PROXY / NO_PROXY if you use a proxy."
	hintProxy            = "The proxy refused the connection; check HTTPS_PROXY / NO_PROXY and the proxy's settings."
	hintTLS              = "A proxy or TLS inspection may be intercepting the connection; check HTTPS_PROXY and your proxy's certificate."
	hintTimeout          = "The network or proxy is too slow or drops packets; check the connection, or allow more time with --timeout."
	hintCanceled         = "The check was stopped before it finished; run it again."
	hintService          = "The KSN service is having trouble; try again later, and check --endpoint / KSN_ENDPOINT if it persists."
	hintRedirect         = "The endpoint redirects elsewhere; check --endpoint / KSN_ENDPOINT (and a captive portal or proxy on this network)."
	hintAnswer           = "The service sent an answer this version of ksn does not understand; try again later or update ksn."
	hintDenylisted       = "Contact Kaspersky support about the license key, or install another license with ksn license install FILE."
)

// Hint returns what to do about reason r, in one line: what the help
// topics say of it. A failed step's own Hint may be more precise (which of
// DNS, connect or TLS failed); "" for ReasonNone and unknown codes.
func (r Reason) Hint() string {
	switch r {
	case ReasonNotParticipating:
		return hintNotParticipating
	case ReasonNotActivated:
		return hintNotActivated
	case ReasonLicenseExpired:
		return hintExpired
	case ReasonNoInternet:
		return hintConnect
	case ReasonKeyDenylisted:
		return hintDenylisted
	case ReasonServiceUnavailable:
		return hintService
	}
	return ""
}

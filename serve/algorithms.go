package serve

import gossh "golang.org/x/crypto/ssh"

// The algorithms `ksn serve` offers (docs/serve.md): no SHA-1 and no DSA, as
// OpenSSH 9.x offers by default, without its older fallbacks. Each is a
// function so that no connection can change another's list. A client that
// offers none of them cannot connect (TestServeOnlyModernAlgorithms).

// keyExchanges are the key exchanges: the ML-KEM hybrid (post-quantum,
// OpenSSH 10's default), curve25519 and the NIST curves. No
// diffie-hellman-group*-sha1, no group exchange.
func keyExchanges() []string {
	return []string{
		gossh.KeyExchangeMLKEM768X25519, // mlkem768x25519-sha256
		gossh.KeyExchangeCurve25519,     // curve25519-sha256 (and its @libssh.org alias)
		gossh.KeyExchangeECDHP256,
		gossh.KeyExchangeECDHP384,
		gossh.KeyExchangeECDHP521,
	}
}

// ciphers are the ciphers: the AEAD ones, then AES-CTR. No CBC, no RC4.
func ciphers() []string {
	return []string{
		gossh.CipherChaCha20Poly1305,
		gossh.CipherAES256GCM,
		gossh.CipherAES128GCM,
		gossh.CipherAES256CTR,
		gossh.CipherAES192CTR,
		gossh.CipherAES128CTR,
	}
}

// macs are the MACs (used with AES-CTR only; the AEAD ciphers bring their
// own): SHA-2, encrypt-then-MAC first. No hmac-sha1.
func macs() []string {
	return []string{
		gossh.HMACSHA256ETM,
		gossh.HMACSHA512ETM,
		gossh.HMACSHA256,
		gossh.HMACSHA512,
	}
}

// publicKeyAlgorithms are the signatures a user's key may log in with:
// ed25519, ECDSA (also on security keys) and RSA with SHA-2. No ssh-rsa
// (SHA-1) signatures, no ssh-dss.
func publicKeyAlgorithms() []string {
	return []string{
		gossh.KeyAlgoED25519,
		gossh.KeyAlgoSKED25519,
		gossh.KeyAlgoECDSA256,
		gossh.KeyAlgoECDSA384,
		gossh.KeyAlgoECDSA521,
		gossh.KeyAlgoSKECDSA256,
		gossh.KeyAlgoRSASHA256,
		gossh.KeyAlgoRSASHA512,
	}
}

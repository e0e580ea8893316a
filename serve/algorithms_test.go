package serve

import (
	"crypto/rand"
	"crypto/rsa"
	"os"
	"path/filepath"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Attack 5 (docs/serve.md, Security): old algorithms (SHA-1, DSA) were accepted.
func TestServeOnlyModernAlgorithms(t *testing.T) {
	t.Parallel()
	e := startServe(t, nil)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaSigner, err := gossh.NewSignerFromKey(rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(e.store.Paths().ConfigDir, "authorized_keys")
	keys := append(gossh.MarshalAuthorizedKey(e.key.PublicKey()), gossh.MarshalAuthorizedKey(rsaSigner.PublicKey())...)
	if err := os.WriteFile(file, keys, 0o600); err != nil {
		t.Fatal(err)
	}
	rsaWith := func(algo string) gossh.Signer {
		s, err := gossh.NewSignerWithAlgorithms(rsaSigner.(gossh.AlgorithmSigner), []string{algo})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name string
		cfg  gossh.Config
		key  gossh.Signer
		ok   bool
	}{
		{"default client", gossh.Config{}, e.key, true},
		{"curve25519, chacha20-poly1305", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeCurve25519}, Ciphers: []string{gossh.CipherChaCha20Poly1305}}, e.key, true},
		{"mlkem768x25519", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeMLKEM768X25519}}, e.key, true},
		{"ecdh-nistp256, aes128-ctr, hmac-sha2-256", gossh.Config{KeyExchanges: []string{gossh.KeyExchangeECDHP256}, Ciphers: []string{gossh.CipherAES128CTR}, MACs: []string{gossh.HMACSHA256}}, e.key, true},
		{"rsa-sha2-256", gossh.Config{}, rsaWith(gossh.KeyAlgoRSASHA256), true},
		{"rsa-sha2-512", gossh.Config{}, rsaWith(gossh.KeyAlgoRSASHA512), true},
		{"kex diffie-hellman-group14-sha1", gossh.Config{KeyExchanges: []string{gossh.InsecureKeyExchangeDH14SHA1}}, e.key, false},
		{"kex diffie-hellman-group1-sha1", gossh.Config{KeyExchanges: []string{gossh.InsecureKeyExchangeDH1SHA1}}, e.key, false},
		{"mac hmac-sha1", gossh.Config{Ciphers: []string{gossh.CipherAES128CTR}, MACs: []string{gossh.HMACSHA1}}, e.key, false},
		{"cipher aes128-cbc", gossh.Config{Ciphers: []string{gossh.InsecureCipherAES128CBC}}, e.key, false},
		{"ssh-rsa (SHA-1) signature", gossh.Config{}, rsaWith(gossh.KeyAlgoRSA), false},
	}
	for _, tt := range tests {
		c, err := gossh.Dial("tcp", e.addr, &gossh.ClientConfig{
			Config: tt.cfg, User: "alice", Auth: []gossh.AuthMethod{gossh.PublicKeys(tt.key)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
		})
		if err == nil {
			c.Close()
		}
		if (err == nil) != tt.ok {
			t.Errorf("%s: logged in %v (%v), want %v", tt.name, err == nil, err, tt.ok)
		}
	}
}

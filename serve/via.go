package serve

import (
	"strconv"

	"charm.land/ssh"
)

// viaOf is how a decision made by user is recorded (docs/serve.md):
// "ssh:" and the user name, which the client chose, escaped as Go escapes
// a string for ASCII (without the quotes), so that no letter can pass for
// another ("\u0430lice" is not "alice") and a backslash is doubled; the
// key that logged in is recorded beside it (keyOf).
func viaOf(user string) string {
	q := strconv.QuoteToASCII(user)
	return "ssh:" + q[1:len(q)-1]
}

// keyOf is the fingerprint of the key s logged in with, as ssh-keygen -l
// prints it ("SHA256:…"); what consent made over SSH records as "key".
func keyOf(s ssh.Session) string {
	if s.PublicKey() == nil {
		return ""
	}
	return fingerprint(s.PublicKey())
}

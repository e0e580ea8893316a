package netcheck

// KeyState is what the service said of the license key (docs/check.md). The zero
// value, [KeyUnknown], means it said nothing understood, or was not asked.
type KeyState string

// The key states of the service's answer.
const (
	// KeyUnknown means the service said nothing understood of the key.
	KeyUnknown KeyState = ""
	// KeyValid means the service accepts the key.
	KeyValid KeyState = "valid"
	// KeyDenylisted means the key is on a denylist.
	KeyDenylisted KeyState = "denylisted"
	// KeyExpired means the license or subscription has expired.
	KeyExpired KeyState = "expired"
)

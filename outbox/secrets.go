package outbox

import (
	vaultcrypto "github.com/wifivault/wifivault/crypto"
)

// sealContext binds sealed payload fields to their purpose (they open nowhere else).
const sealContext = "wifivault outbox payload secret"

// Seal encrypts a secret a command must pass to a handler (a PSK for a KeyStart webhook, a
// temporary password for a welcome email). The outbox payload is plain JSON text in the
// graph, so such values are recorded sealed, under a field named "<field>.sealed", and the
// handler opens them just before delivery.
func Seal(ring *vaultcrypto.KeyRing, secret string) (string, error) {
	return ring.EncryptString(secret, sealContext)
}

// Open decrypts a value made by Seal.
func Open(ring *vaultcrypto.KeyRing, sealed string) (string, error) {
	return ring.DecryptString(sealed, sealContext)
}

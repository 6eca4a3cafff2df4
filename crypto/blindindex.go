package vaultcrypto

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
)

// BlindIndex returns a deterministic, keyed digest of secret within scope:
// unpadded URL-safe base64 of HMAC-SHA256(index key, len(scope) | scope |
// secret). Equal (scope, secret) pairs give equal indexes and nothing else
// is learnt from them without the key, so a store can enforce "no two PSKs
// on one SSID share a passphrase" by a unique index on
// BlindIndex("ssid:"+ssid, passphrase) without keeping the passphrase in
// clear. The length prefix keeps ("a", "bc") and ("ab", "c") apart.
//
// The index key derives from the ring's founding master key, so indexes
// survive rotations of the encryption key.
func (kr *KeyRing) BlindIndex(scope, secret string) string {
	mac := hmac.New(sha256.New, kr.indexKey)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(scope)))
	mac.Write(n[:])
	mac.Write([]byte(scope))
	mac.Write([]byte(secret))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

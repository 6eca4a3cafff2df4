// Package vaultcrypto provides the cryptographic building blocks of
// wifivault: argon2id password hashing in the PHC string format,
// AES-256-GCM encryption of secrets at rest under a rotatable key ring,
// deterministic blind indexes for secrets that must be found by equality,
// WPA2 passphrase validation, generation and PMK derivation, random tokens,
// and masking of secrets in responses.
//
// The package holds no global state: keys live in a *KeyRing the caller
// creates once (LoadKeyRing) and passes to whoever needs it.
package vaultcrypto

package auth

import (
	"context"
	"time"
)

// StoredKey is a signing key as a KeyStore keeps it: public metadata and the
// private key sealed with vaultcrypto (the store never sees it in clear).
type StoredKey struct {
	// ID is the key's kid.
	ID string `json:"kid"`
	// Algorithm is the JWS algorithm, "EdDSA".
	Algorithm string `json:"alg"`
	// CreatedAt is when the key was generated.
	CreatedAt time.Time `json:"created_at"`
	// RetiresAt is when the key stops verifying; zero while it is the
	// current signing key.
	RetiresAt time.Time `json:"retires_at,omitzero"`
	// SealedPrivateKey is the Ed25519 seed encrypted with
	// vaultcrypto.KeyRing.Encrypt under context "auth-signing-key:<kid>".
	SealedPrivateKey string `json:"sealed_private_key"`
}

// KeyStore persists the signing key set. Load returns every saved key (none
// and a nil error before the first Save); Save replaces the whole set.
// Implementations must make Save atomic: a reader sees the old set or the
// new one, never a mixture.
type KeyStore interface {
	Load(ctx context.Context) ([]StoredKey, error)
	Save(ctx context.Context, keys []StoredKey) error
}

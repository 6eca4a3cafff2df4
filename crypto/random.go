package vaultcrypto

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
)

// RandomBytes returns n bytes from crypto/rand.
func RandomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("vaultcrypto: reading random bytes: %w", err)
	}
	return b, nil
}

// RandomToken returns n random bytes from crypto/rand encoded as unpadded
// URL-safe base64, suitable for opaque bearer tokens and identifiers.
func RandomToken(n int) (string, error) {
	b, err := RandomBytes(n)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

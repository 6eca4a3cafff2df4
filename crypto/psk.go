package vaultcrypto

import (
	"crypto/rand"
	"crypto/sha1"
	"errors"
	"fmt"
	"math/big"

	"golang.org/x/crypto/pbkdf2"
)

// Limits of a WPA2 passphrase (IEEE 802.11i-2004, H.4.1).
const (
	MinPassphraseLen = 8
	MaxPassphraseLen = 63
	// MaxSSIDLen is the longest SSID in bytes.
	MaxSSIDLen = 32
	// PMKLen is the length in bytes of a pairwise master key.
	PMKLen = 32
	// pmkIterations is the PBKDF2 iteration count fixed by 802.11i.
	pmkIterations = 4096
)

// PassphraseAlphabet is the alphabet of generated passphrases: letters and
// digits without the look-alikes 0 O o 1 l I i, easy to read aloud and type.
const PassphraseAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// ErrInvalidPassphrase reports a passphrase that WPA2 does not accept.
var ErrInvalidPassphrase = errors.New("invalid WPA2 passphrase")

// ValidatePassphrase reports whether p is a WPA2 passphrase: 8 to 63
// characters, each printable ASCII (0x20 to 0x7e). Errors wrap
// ErrInvalidPassphrase and never contain the passphrase.
func ValidatePassphrase(p string) error {
	if len(p) < MinPassphraseLen || len(p) > MaxPassphraseLen {
		return fmt.Errorf("%w: must be %d to %d characters", ErrInvalidPassphrase, MinPassphraseLen, MaxPassphraseLen)
	}
	for i := 0; i < len(p); i++ {
		if p[i] < 0x20 || p[i] > 0x7e {
			return fmt.Errorf("%w: character %d is not printable ASCII", ErrInvalidPassphrase, i+1)
		}
	}
	return nil
}

// GeneratePassphrase returns a uniformly random passphrase of length
// characters drawn from PassphraseAlphabet with crypto/rand. length must be
// 8 to 63; 12 characters give about 69 bits.
func GeneratePassphrase(length int) (string, error) {
	if length < MinPassphraseLen || length > MaxPassphraseLen {
		return "", fmt.Errorf("vaultcrypto: passphrase length %d out of range %d-%d", length, MinPassphraseLen, MaxPassphraseLen)
	}
	n := big.NewInt(int64(len(PassphraseAlphabet)))
	out := make([]byte, length)
	for i := range out {
		v, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", fmt.Errorf("vaultcrypto: generating passphrase: %w", err)
		}
		out[i] = PassphraseAlphabet[v.Int64()]
	}
	return string(out), nil
}

// PMK derives the WPA2-Personal pairwise master key for passphrase on ssid:
// PBKDF2-HMAC-SHA1(passphrase, ssid, 4096, 32). The passphrase must pass
// ValidatePassphrase and the SSID be 1 to 32 bytes.
func PMK(passphrase string, ssid []byte) ([]byte, error) {
	if err := ValidatePassphrase(passphrase); err != nil {
		return nil, err
	}
	if len(ssid) < 1 || len(ssid) > MaxSSIDLen {
		return nil, fmt.Errorf("vaultcrypto: SSID must be 1 to %d bytes, got %d", MaxSSIDLen, len(ssid))
	}
	return pbkdf2.Key([]byte(passphrase), ssid, pmkIterations, PMKLen, sha1.New), nil
}

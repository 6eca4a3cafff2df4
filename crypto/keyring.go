package vaultcrypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// MasterKeySize is the length in bytes of every master key.
const MasterKeySize = 32

// ciphertextVersion prefixes every ciphertext Encrypt produces.
const ciphertextVersion = "v1"

// Errors returned by Decrypt.
var (
	// ErrUnknownKey reports a ciphertext sealed under a key the ring does
	// not hold (retired or from another installation).
	ErrUnknownKey = errors.New("vaultcrypto: ciphertext sealed under an unknown key")
	// ErrMalformedCiphertext reports a string that is not a ciphertext
	// produced by Encrypt.
	ErrMalformedCiphertext = errors.New("vaultcrypto: malformed ciphertext")
	// ErrDecrypt reports a ciphertext that fails authentication: tampered,
	// truncated, or opened with the wrong context.
	ErrDecrypt = errors.New("vaultcrypto: ciphertext failed authentication")
)

// KeyRing encrypts secrets at rest with AES-256-GCM. It holds one or more
// 32-byte master keys; the first is current and seals every new ciphertext,
// the others only open ciphertexts sealed before a rotation. Each ciphertext
// names its key by id, so keys can be rotated by putting a new key first and
// dropping an old one once nothing sealed under it remains.
//
// Blind indexes are keyed by the founding (last-listed) master key so that
// they stay stable across rotations of the encryption key.
//
// A KeyRing is immutable and safe for concurrent use.
type KeyRing struct {
	current  *ringKey
	byID     map[string]*ringKey
	indexKey []byte
}

type ringKey struct {
	id   string
	aead cipher.AEAD
}

// NewKeyRing builds a ring from raw master keys, current first. Every key
// must be MasterKeySize bytes and keys must be distinct.
func NewKeyRing(masterKeys ...[]byte) (*KeyRing, error) {
	if len(masterKeys) == 0 {
		return nil, errors.New("vaultcrypto: key ring needs at least one master key")
	}
	kr := &KeyRing{byID: make(map[string]*ringKey, len(masterKeys))}
	for i, mk := range masterKeys {
		if len(mk) != MasterKeySize {
			return nil, fmt.Errorf("vaultcrypto: master key %d is %d bytes, want %d", i+1, len(mk), MasterKeySize)
		}
		id := keyID(mk)
		if _, dup := kr.byID[id]; dup {
			return nil, fmt.Errorf("vaultcrypto: master key %d repeats key %s", i+1, id)
		}
		encKey, err := hkdf.Key(sha256.New, mk, nil, "wifivault secrets aes-256-gcm", 32)
		if err != nil {
			return nil, err
		}
		block, err := aes.NewCipher(encKey)
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		k := &ringKey{id: id, aead: aead}
		kr.byID[id] = k
		if i == 0 {
			kr.current = k
		}
	}
	founding := masterKeys[len(masterKeys)-1]
	idx, err := hkdf.Key(sha256.New, founding, nil, "wifivault blind index hmac-sha256", 32)
	if err != nil {
		return nil, err
	}
	kr.indexKey = idx
	return kr, nil
}

// ParseKeyRing builds a ring from text holding base64 (standard or URL,
// padded or not) 32-byte master keys separated by commas, spaces or
// newlines, current first. This is the format of WIFIVAULT_MASTER_KEY and of
// the key file.
func ParseKeyRing(text string) (*KeyRing, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	})
	keys := make([][]byte, 0, len(fields))
	for i, f := range fields {
		k, err := decodeBase64Key(f)
		if err != nil {
			return nil, fmt.Errorf("vaultcrypto: master key %d: %w", i+1, err)
		}
		keys = append(keys, k)
	}
	return NewKeyRing(keys...)
}

func decodeBase64Key(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != MasterKeySize {
				return nil, fmt.Errorf("decodes to %d bytes, want %d", len(b), MasterKeySize)
			}
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}

// keyID names a master key without revealing it: the first 4 bytes of a
// domain-separated SHA-256, in hex.
func keyID(masterKey []byte) string {
	h := sha256.New()
	h.Write([]byte("wifivault master key id\x00"))
	h.Write(masterKey)
	return hex.EncodeToString(h.Sum(nil)[:4])
}

// CurrentKeyID returns the id of the key that seals new ciphertexts.
func (kr *KeyRing) CurrentKeyID() string { return kr.current.id }

// KeyIDs returns the ids of every key the ring can open ciphertexts with.
func (kr *KeyRing) KeyIDs() []string {
	ids := make([]string, 0, len(kr.byID))
	for id := range kr.byID {
		ids = append(ids, id)
	}
	return ids
}

// Encrypt seals plaintext under the current key and returns
// "v1:<key id>:<base64url(nonce|ciphertext|tag)>". The context (for example
// "psk:<PSK id>") is authenticated but not stored: Decrypt must be given the
// same context, which stops a ciphertext being moved to another field or
// record. Every call uses a fresh random 96-bit nonce.
func (kr *KeyRing) Encrypt(plaintext []byte, context string) (string, error) {
	k := kr.current
	nonce, err := RandomBytes(k.aead.NonceSize())
	if err != nil {
		return "", err
	}
	sealed := k.aead.Seal(nonce, nonce, plaintext, associatedData(k.id, context))
	return ciphertextVersion + ":" + k.id + ":" + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// EncryptString is Encrypt for a string secret.
func (kr *KeyRing) EncryptString(plaintext, context string) (string, error) {
	return kr.Encrypt([]byte(plaintext), context)
}

// Decrypt opens a ciphertext made by Encrypt under any key of the ring,
// given the context it was sealed with.
func (kr *KeyRing) Decrypt(ciphertext, context string) ([]byte, error) {
	version, rest, ok := strings.Cut(ciphertext, ":")
	if !ok || version != ciphertextVersion {
		return nil, ErrMalformedCiphertext
	}
	id, body, ok := strings.Cut(rest, ":")
	if !ok {
		return nil, ErrMalformedCiphertext
	}
	k, known := kr.byID[id]
	if !known {
		return nil, fmt.Errorf("%w: %q", ErrUnknownKey, id)
	}
	sealed, err := base64.RawURLEncoding.Strict().DecodeString(body)
	if err != nil || len(sealed) < k.aead.NonceSize()+k.aead.Overhead() {
		return nil, ErrMalformedCiphertext
	}
	nonce, box := sealed[:k.aead.NonceSize()], sealed[k.aead.NonceSize():]
	plain, err := k.aead.Open(nil, nonce, box, associatedData(id, context))
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}

// DecryptString is Decrypt for a string secret.
func (kr *KeyRing) DecryptString(ciphertext, context string) (string, error) {
	b, err := kr.Decrypt(ciphertext, context)
	return string(b), err
}

// NeedsReencrypt reports whether ciphertext was sealed under a key other
// than the current one, so a background job can re-seal it after rotation.
// Malformed ciphertexts report false: Decrypt reports those.
func (kr *KeyRing) NeedsReencrypt(ciphertext string) bool {
	parts := strings.SplitN(ciphertext, ":", 3)
	return len(parts) == 3 && parts[0] == ciphertextVersion && parts[1] != kr.current.id
}

func associatedData(keyID, context string) []byte {
	return []byte("wifivault/" + ciphertextVersion + "\x00" + keyID + "\x00" + context)
}

package auth

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/lestrrat-go/jwx/v2/jwa"
	"github.com/lestrrat-go/jwx/v2/jwk"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
)

// SigningAlgorithm is the only JWS algorithm wifivault signs and accepts.
const SigningAlgorithm = jwa.EdDSA

// KeyRingOptions configure a KeyRing.
type KeyRingOptions struct {
	// RetireAfter is how long a key keeps verifying after Rotate replaced
	// it as the signing key. It must cover the longest access token
	// lifetime plus clock leeway; zero means DefaultAccessTTL+DefaultLeeway.
	RetireAfter time.Duration
	// Clock returns the current time; nil means time.Now.
	Clock func() time.Time
}

// KeyRing holds the service's Ed25519 signing keys. The newest key signs;
// every key not yet retired verifies. Rotate adds a new signing key and
// schedules the previous one to retire once the tokens it signed have
// expired, so rotation logs nobody out. Private keys are persisted sealed
// with vaultcrypto through a KeyStore. A KeyRing is safe for concurrent use.
type KeyRing struct {
	store       KeyStore
	secrets     *vaultcrypto.KeyRing
	retireAfter time.Duration
	clock       func() time.Time

	mu   sync.RWMutex
	keys []*signingKey // newest first; keys[0] signs
}

type signingKey struct {
	id        string
	createdAt time.Time
	retiresAt time.Time // zero: current
	private   jwk.Key
	public    jwk.Key
}

// OpenKeyRing loads the signing keys from store, dropping retired ones, and
// generates and saves a first key when there is no current one.
func OpenKeyRing(ctx context.Context, store KeyStore, secrets *vaultcrypto.KeyRing, opts KeyRingOptions) (*KeyRing, error) {
	if store == nil || secrets == nil {
		return nil, errors.New("auth: OpenKeyRing needs a KeyStore and a vaultcrypto.KeyRing")
	}
	kr := &KeyRing{store: store, secrets: secrets, retireAfter: opts.RetireAfter, clock: opts.Clock}
	if kr.retireAfter <= 0 {
		kr.retireAfter = DefaultAccessTTL + DefaultLeeway
	}
	if kr.clock == nil {
		kr.clock = time.Now
	}
	if err := kr.Reload(ctx); err != nil {
		return nil, err
	}
	kr.mu.Lock()
	defer kr.mu.Unlock()
	if len(kr.keys) == 0 || !kr.keys[0].retiresAt.IsZero() {
		return kr, kr.rotateLocked(ctx)
	}
	return kr, nil
}

// Reload replaces the in-memory keys with the store's, so an instance sees
// keys another instance of the service rotated in.
func (kr *KeyRing) Reload(ctx context.Context) error {
	stored, err := kr.store.Load(ctx)
	if err != nil {
		return err
	}
	now := kr.clock()
	keys := make([]*signingKey, 0, len(stored))
	for _, sk := range stored {
		if !sk.RetiresAt.IsZero() && !now.Before(sk.RetiresAt) {
			continue
		}
		k, err := kr.unseal(sk)
		if err != nil {
			return err
		}
		keys = append(keys, k)
	}
	sortNewestFirst(keys)
	kr.mu.Lock()
	kr.keys = keys
	kr.mu.Unlock()
	return nil
}

// Rotate generates a new signing key, schedules every older key to retire
// after RetireAfter, drops keys already retired, and saves the set. Tokens
// signed before the rotation keep verifying until they expire.
func (kr *KeyRing) Rotate(ctx context.Context) error {
	kr.mu.Lock()
	defer kr.mu.Unlock()
	return kr.rotateLocked(ctx)
}

func (kr *KeyRing) rotateLocked(ctx context.Context) error {
	now := kr.clock()
	fresh, err := newSigningKey(now)
	if err != nil {
		return err
	}
	next := []*signingKey{fresh}
	for _, k := range kr.keys {
		if !k.retiresAt.IsZero() && !now.Before(k.retiresAt) {
			continue
		}
		old := *k
		if old.retiresAt.IsZero() {
			old.retiresAt = now.Add(kr.retireAfter)
		}
		next = append(next, &old)
	}
	stored := make([]StoredKey, 0, len(next))
	for _, k := range next {
		sk, err := kr.seal(k)
		if err != nil {
			return err
		}
		stored = append(stored, sk)
	}
	if err := kr.store.Save(ctx, stored); err != nil {
		return err
	}
	kr.keys = next
	return nil
}

// CurrentKeyID returns the kid of the signing key.
func (kr *KeyRing) CurrentKeyID() string {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	return kr.keys[0].id
}

// signer returns the current signing key.
func (kr *KeyRing) signer() *signingKey {
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	return kr.keys[0]
}

// verificationKey returns the public key with id kid if it has not retired.
func (kr *KeyRing) verificationKey(kid string) (jwk.Key, bool) {
	now := kr.clock()
	kr.mu.RLock()
	defer kr.mu.RUnlock()
	for _, k := range kr.keys {
		if k.id == kid {
			if !k.retiresAt.IsZero() && !now.Before(k.retiresAt) {
				return nil, false
			}
			return k.public, true
		}
	}
	return nil, false
}

// JWKS returns the JSON Web Key Set of the keys that verify now, public
// parts only, for /.well-known/jwks.json.
func (kr *KeyRing) JWKS() ([]byte, error) {
	now := kr.clock()
	set := jwk.NewSet()
	kr.mu.RLock()
	for _, k := range kr.keys {
		if !k.retiresAt.IsZero() && !now.Before(k.retiresAt) {
			continue
		}
		if err := set.AddKey(k.public); err != nil {
			kr.mu.RUnlock()
			return nil, err
		}
	}
	kr.mu.RUnlock()
	return json.Marshal(set)
}

func newSigningKey(now time.Time) (*signingKey, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("auth: generating signing key: %w", err)
	}
	return buildSigningKey(priv, "", now.UTC().Truncate(time.Second), time.Time{})
}

// buildSigningKey wraps priv as JWKs. An empty kid is replaced by the key's
// RFC 7638 SHA-256 thumbprint.
func buildSigningKey(priv ed25519.PrivateKey, kid string, createdAt, retiresAt time.Time) (*signingKey, error) {
	private, err := jwk.FromRaw(priv)
	if err != nil {
		return nil, err
	}
	public, err := jwk.PublicKeyOf(private)
	if err != nil {
		return nil, err
	}
	if kid == "" {
		tp, err := public.Thumbprint(crypto.SHA256)
		if err != nil {
			return nil, err
		}
		kid = base64.RawURLEncoding.EncodeToString(tp)
	}
	for _, k := range []jwk.Key{private, public} {
		if err := k.Set(jwk.KeyIDKey, kid); err != nil {
			return nil, err
		}
		if err := k.Set(jwk.AlgorithmKey, SigningAlgorithm); err != nil {
			return nil, err
		}
		if err := k.Set(jwk.KeyUsageKey, jwk.ForSignature); err != nil {
			return nil, err
		}
	}
	return &signingKey{id: kid, createdAt: createdAt, retiresAt: retiresAt, private: private, public: public}, nil
}

func sealContext(kid string) string { return "auth-signing-key:" + kid }

func (kr *KeyRing) seal(k *signingKey) (StoredKey, error) {
	var priv ed25519.PrivateKey
	if err := k.private.Raw(&priv); err != nil {
		return StoredKey{}, err
	}
	sealed, err := kr.secrets.Encrypt(priv.Seed(), sealContext(k.id))
	if err != nil {
		return StoredKey{}, err
	}
	return StoredKey{
		ID:               k.id,
		Algorithm:        SigningAlgorithm.String(),
		CreatedAt:        k.createdAt,
		RetiresAt:        k.retiresAt,
		SealedPrivateKey: sealed,
	}, nil
}

func (kr *KeyRing) unseal(sk StoredKey) (*signingKey, error) {
	if sk.Algorithm != SigningAlgorithm.String() {
		return nil, fmt.Errorf("auth: signing key %s has algorithm %q, want %s", sk.ID, sk.Algorithm, SigningAlgorithm)
	}
	seed, err := kr.secrets.Decrypt(sk.SealedPrivateKey, sealContext(sk.ID))
	if err != nil {
		return nil, fmt.Errorf("auth: opening signing key %s: %w", sk.ID, err)
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("auth: signing key %s has a %d-byte seed", sk.ID, len(seed))
	}
	return buildSigningKey(ed25519.NewKeyFromSeed(seed), sk.ID, sk.CreatedAt, sk.RetiresAt)
}

// sortNewestFirst puts the current key (zero retiresAt) first, then the
// others by creation time, newest first.
func sortNewestFirst(keys []*signingKey) {
	less := func(a, b *signingKey) bool {
		if a.retiresAt.IsZero() != b.retiresAt.IsZero() {
			return a.retiresAt.IsZero()
		}
		return a.createdAt.After(b.createdAt)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && less(keys[j], keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

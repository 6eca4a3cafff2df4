package auth

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func jwksKeyIDs(t *testing.T, keys *KeyRing) []string {
	t.Helper()
	raw, err := keys.JWKS()
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range set.Keys {
		for _, private := range []string{"d", "p", "q", "dp", "dq", "qi", "k"} {
			if _, found := k[private]; found {
				t.Fatalf("JWKS publishes private member %q: %s", private, raw)
			}
		}
		if k["kty"] != "OKP" || k["crv"] != "Ed25519" || k["alg"] != "EdDSA" || k["use"] != "sig" {
			t.Fatalf("JWKS key %v is not an Ed25519 signature key", k)
		}
		ids = append(ids, k["kid"].(string))
	}
	slices.Sort(ids)
	return ids
}

func TestKeyRingPersistsSealedKeys(t *testing.T) {
	clock := newTestClock()
	keys, store := testKeys(t, clock)
	info, err := os.Stat(store.Path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", info.Mode().Perm())
	}
	raw, err := os.ReadFile(store.Path)
	if err != nil {
		t.Fatal(err)
	}
	seed := currentPrivateKey(t, keys).Seed()
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if strings.Contains(string(raw), enc.EncodeToString(seed)) {
			t.Fatal("key file holds the private key in clear")
		}
	}

	reopened, err := OpenKeyRing(context.Background(), store, testSecrets(t, 1), KeyRingOptions{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if reopened.CurrentKeyID() != keys.CurrentKeyID() {
		t.Fatalf("reopened ring signs with %s, want %s", reopened.CurrentKeyID(), keys.CurrentKeyID())
	}
	at := testAccessTokens(t, keys, clock)
	token, _, err := at.Issue(nspAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := testAccessTokens(t, reopened, clock).Verify(token); err != nil {
		t.Fatalf("token from before the restart rejected: %v", err)
	}

	if _, err := OpenKeyRing(context.Background(), store, testSecrets(t, 2), KeyRingOptions{Clock: clock.Now}); err == nil {
		t.Fatal("opened sealed keys with the wrong master key")
	}
}

func TestKeyRingRotation(t *testing.T) {
	clock := newTestClock()
	keys, store := testKeys(t, clock)
	at := testAccessTokens(t, keys, clock)
	oldKid := keys.CurrentKeyID()
	oldPriv := currentPrivateKey(t, keys)
	before, _, err := at.Issue(venueAdm)
	if err != nil {
		t.Fatal(err)
	}

	clock.Advance(5 * time.Minute)
	if err := keys.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	newKid := keys.CurrentKeyID()
	if newKid == oldKid {
		t.Fatal("Rotate kept the signing key")
	}
	after, _, err := at.Issue(venueAdm)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{newKid, oldKid}; !slices.Equal(jwksKeyIDs(t, keys), sorted(want)) {
		t.Fatalf("JWKS after rotation = %v, want %v", jwksKeyIDs(t, keys), sorted(want))
	}
	reopened, err := OpenKeyRing(context.Background(), store, testSecrets(t, 1), KeyRingOptions{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if reopened.CurrentKeyID() != newKid {
		t.Fatalf("reopened ring signs with %s, want the rotated key %s", reopened.CurrentKeyID(), newKid)
	}

	steps := []struct {
		name                  string
		advance               time.Duration
		wantBefore, wantAfter bool
		wantJWKS              []string
	}{
		{"right after rotation", 0, true, true, []string{newKid, oldKid}},
		{"old token near its expiry", 9 * time.Minute, true, true, []string{newKid, oldKid}},
		{"old token expired, its key still published", 3 * time.Minute, false, true, []string{newKid, oldKid}},
		{"old key retired after RetireAfter (both tokens expired)", 4 * time.Minute, false, false, []string{newKid}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			clock.Advance(st.advance)
			for _, ring := range []*KeyRing{keys, reopened} {
				verifier := testAccessTokens(t, ring, clock)
				if _, err := verifier.Verify(before); (err == nil) != st.wantBefore {
					t.Fatalf("token signed before rotation: err = %v, want valid %v", err, st.wantBefore)
				}
				if _, err := verifier.Verify(after); (err == nil) != st.wantAfter {
					t.Fatalf("token signed after rotation: err = %v, want valid %v", err, st.wantAfter)
				}
				if got := jwksKeyIDs(t, ring); !slices.Equal(got, sorted(st.wantJWKS)) {
					t.Fatalf("JWKS = %v, want %v", got, sorted(st.wantJWKS))
				}
			}
		})
	}

	now := clock.Now().Unix()
	byRetiredKey := forgeToken(t,
		map[string]any{"alg": "EdDSA", "typ": "at+jwt", "kid": oldKid},
		map[string]any{"iss": "https://wifivault.test", "aud": "wifivault", "sub": "admin-1", "jti": "j",
			"iat": now, "exp": now + 60, "kind": "admin", "role": "NetworkSoftwareProvider"},
		func(in []byte) []byte { return ed25519.Sign(oldPriv, in) })
	if _, err := testAccessTokens(t, keys, clock).Verify(byRetiredKey); !errors.Is(err, ErrInvalidToken) || errors.Is(err, ErrTokenExpired) {
		t.Fatalf("fresh token signed by the retired key: err = %v, want ErrInvalidToken (not expiry)", err)
	}

	if err := keys.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	stored, err := store.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var storedIDs []string
	for _, sk := range stored {
		storedIDs = append(storedIDs, sk.ID)
	}
	if slices.Contains(storedIDs, oldKid) || len(stored) != 2 {
		t.Fatalf("store after second rotation holds %v; want the two live keys only", storedIDs)
	}
}

func TestKeyRingReloadSeesOtherInstanceRotation(t *testing.T) {
	clock := newTestClock()
	a, store := testKeys(t, clock)
	b, err := OpenKeyRing(context.Background(), store, testSecrets(t, 1), KeyRingOptions{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	token, _, err := testAccessTokens(t, a, clock).Issue(nspAdmin)
	if err != nil {
		t.Fatal(err)
	}
	verifier := testAccessTokens(t, b, clock)
	if _, err := verifier.Verify(token); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("instance b accepted a key it has not loaded: %v", err)
	}
	if err := b.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := verifier.Verify(token); err != nil {
		t.Fatalf("after Reload: %v", err)
	}
}

func TestFileKeyStore(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content string
		want    int
		wantErr bool
	}{
		{"missing file", "", 0, false},
		{"corrupt file", "{not json", 0, true},
		{"empty set", `{"keys":[]}`, 0, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if i > 0 {
				if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got, err := FileKeyStore{Path: path}.Load(context.Background())
			if (err != nil) != tt.wantErr || len(got) != tt.want {
				t.Fatalf("Load = %d keys, %v; want %d, error %v", len(got), err, tt.want, tt.wantErr)
			}
		})
	}
	corrupt := FileKeyStore{Path: filepath.Join(dir, "corrupt file")}
	if _, err := OpenKeyRing(context.Background(), corrupt, testSecrets(t, 1), KeyRingOptions{}); err == nil {
		t.Fatal("OpenKeyRing replaced a corrupt key file instead of failing")
	}
}

func TestUnsealRejectsSwappedKeys(t *testing.T) {
	clock := newTestClock()
	keys, store := testKeys(t, clock)
	if err := keys.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	stored, err := store.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Moving one key's sealed private key under the other's kid must not
	// yield a ring that signs under a kid with the wrong key.
	stored[0].SealedPrivateKey, stored[1].SealedPrivateKey = stored[1].SealedPrivateKey, stored[0].SealedPrivateKey
	if err := store.Save(context.Background(), stored); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenKeyRing(context.Background(), store, testSecrets(t, 1), KeyRingOptions{Clock: clock.Now}); err == nil {
		t.Fatal("opened a key set whose sealed keys were swapped between kids")
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

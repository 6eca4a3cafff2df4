package auth

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/internal/redistest"
)

// testClock is a settable clock shared by key rings and token issuers.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func testSecrets(t testing.TB, fill byte) *vaultcrypto.KeyRing {
	t.Helper()
	kr, err := vaultcrypto.NewKeyRing(bytes.Repeat([]byte{fill}, vaultcrypto.MasterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

// testKeys opens a signing key ring backed by a file in a temp dir.
func testKeys(t testing.TB, clock *testClock) (*KeyRing, FileKeyStore) {
	t.Helper()
	store := FileKeyStore{Path: filepath.Join(t.TempDir(), "signing-keys.json")}
	kr, err := OpenKeyRing(context.Background(), store, testSecrets(t, 1), KeyRingOptions{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return kr, store
}

func testAccessTokens(t testing.TB, keys *KeyRing, clock *testClock) *AccessTokens {
	t.Helper()
	at, err := NewAccessTokens(keys, AccessTokenConfig{Issuer: "https://wifivault.test", Audience: "wifivault", Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func testRedis(t testing.TB) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: redistest.Start(t)})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

var (
	nspAdmin = Principal{Subject: "admin-1", Kind: KindAdmin, Role: RoleNetworkSoftwareProvider}
	venueAdm = Principal{Subject: "admin-2", Kind: KindAdmin, Role: RoleVenueAdministrator, OperatorID: "op-1", VenueIDs: []string{"venue-1", "venue-2"}}
)

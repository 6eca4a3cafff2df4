package auth

import (
	"errors"
	"testing"
	"time"
)

// TestVerifyCacheHonoursExpiry: a token verified once (and so cached) is still refused
// after it expires.
func TestVerifyCacheHonoursExpiry(t *testing.T) {
	clock := newTestClock()
	keys, _ := testKeys(t, clock)
	at := testAccessTokens(t, keys, clock)
	p := Principal{Subject: "a@b.test", Kind: KindAdmin, Role: RoleNetworkSoftwareProvider}
	tok, _, err := at.Issue(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := at.Verify(tok); err != nil {
			t.Fatalf("verify %d: %v", i, err)
		}
	}
	clock.Advance(at.TTL() + time.Hour)
	if _, err := at.Verify(tok); !errors.Is(err, ErrTokenExpired) {
		t.Fatalf("an expired cached token verified: %v", err)
	}
}

package auth

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRefreshTokenRotationAndReuse(t *testing.T) {
	ctx := context.Background()
	rt := NewRefreshTokens(testRedis(t), RefreshTokenConfig{})
	first, err := rt.Issue(ctx, venueAdm)
	if err != nil {
		t.Fatal(err)
	}
	second, p, err := rt.Rotate(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if second == first {
		t.Fatal("rotation returned the same token")
	}
	if p.Subject != venueAdm.Subject || p.Role != venueAdm.Role || len(p.VenueIDs) != 2 {
		t.Fatalf("rotation returned principal %+v, want %+v", p, venueAdm)
	}
	third, _, err := rt.Rotate(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	other, err := rt.Issue(ctx, nspAdmin)
	if err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name  string
		token string
		want  error
	}{
		{"reusing the first token is detected", first, ErrRefreshTokenReused},
		{"the family's newest token is revoked with it", third, ErrRefreshTokenInvalid},
		{"the middle token is revoked too", second, ErrRefreshTokenInvalid},
		{"reusing again stays refused", first, ErrRefreshTokenInvalid},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			next, _, err := rt.Rotate(ctx, st.token)
			if !errors.Is(err, st.want) {
				t.Fatalf("Rotate err = %v, want %v", err, st.want)
			}
			if next != "" {
				t.Fatal("a refused rotation returned a token")
			}
		})
	}
	if _, _, err := rt.Rotate(ctx, other); err != nil {
		t.Fatalf("another login's family was affected: %v", err)
	}
}

func TestRefreshTokenRevoke(t *testing.T) {
	ctx := context.Background()
	rt := NewRefreshTokens(testRedis(t), RefreshTokenConfig{})
	first, err := rt.Issue(ctx, nspAdmin)
	if err != nil {
		t.Fatal(err)
	}
	second, _, err := rt.Rotate(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Revoke(ctx, second); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{first, second} {
		if _, _, err := rt.Rotate(ctx, tok); !errors.Is(err, ErrRefreshTokenInvalid) {
			t.Fatalf("token of a logged-out family: err = %v, want ErrRefreshTokenInvalid", err)
		}
	}
	if err := rt.Revoke(ctx, second); !errors.Is(err, ErrRefreshTokenInvalid) {
		t.Fatalf("second logout: err = %v, want ErrRefreshTokenInvalid", err)
	}
}

func TestRefreshTokenRejectsMalformed(t *testing.T) {
	ctx := context.Background()
	rt := NewRefreshTokens(testRedis(t), RefreshTokenConfig{})
	good, err := rt.Issue(ctx, nspAdmin)
	if err != nil {
		t.Fatal(err)
	}
	family, secret, _ := strings.Cut(good, ".")
	tests := []struct {
		name  string
		token string
	}{
		{"empty", ""},
		{"no separator", family + secret},
		{"family only", family + "."},
		{"short secret", family + "." + secret[:20]},
		{"secret not base64url", family + "." + strings.Repeat("*", len(secret))},
		{"unknown secret in a real family", family + "." + strings.Repeat("A", len(secret))},
		{"real secret in an unknown family", strings.Repeat("B", len(family)) + "." + secret},
		{"JWT-looking", "eyJhbGciOiJub25lIn0.e30."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := rt.Rotate(ctx, tt.token); !errors.Is(err, ErrRefreshTokenInvalid) {
				t.Fatalf("Rotate err = %v, want ErrRefreshTokenInvalid", err)
			}
			if err := rt.Revoke(ctx, tt.token); !errors.Is(err, ErrRefreshTokenInvalid) {
				t.Fatalf("Revoke err = %v, want ErrRefreshTokenInvalid", err)
			}
		})
	}
	if _, _, err := rt.Rotate(ctx, good); err != nil {
		t.Fatalf("the genuine token stopped working: %v", err)
	}
}

func TestRefreshTokenStorage(t *testing.T) {
	ctx := context.Background()
	rdb := testRedis(t)
	ttl := time.Hour
	rt := NewRefreshTokens(rdb, RefreshTokenConfig{TTL: ttl, Prefix: "test:"})
	first, err := rt.Issue(ctx, nspAdmin)
	if err != nil {
		t.Fatal(err)
	}
	second, _, err := rt.Rotate(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 3 {
		t.Fatalf("Redis holds %d keys %v; want the family and two token hashes", len(keys), keys)
	}
	_, firstSecret, _ := strings.Cut(first, ".")
	_, secondSecret, _ := strings.Cut(second, ".")
	for _, k := range keys {
		if !strings.HasPrefix(k, "test:") {
			t.Errorf("key %q lacks the configured prefix", k)
		}
		dump := k
		if typ := rdb.Type(ctx, k).Val(); typ == "string" {
			dump += rdb.Get(ctx, k).Val()
		} else {
			for f, v := range rdb.HGetAll(ctx, k).Val() {
				dump += f + v
			}
		}
		if strings.Contains(dump, firstSecret) || strings.Contains(dump, secondSecret) {
			t.Fatalf("Redis key %q stores a refresh token in clear", k)
		}
		pttl := rdb.PTTL(ctx, k).Val()
		if pttl <= 0 || pttl > ttl {
			t.Errorf("key %q has TTL %v; want within (0, %v]", k, pttl, ttl)
		}
	}
}

func TestRefreshTokenExpires(t *testing.T) {
	ctx := context.Background()
	rdb := testRedis(t)
	rt := NewRefreshTokens(rdb, RefreshTokenConfig{TTL: 200 * time.Millisecond})
	tok, err := rt.Issue(ctx, nspAdmin)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for rdb.DBSize(ctx).Val() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the family's keys never expired")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, _, err := rt.Rotate(ctx, tok); !errors.Is(err, ErrRefreshTokenInvalid) {
		t.Fatalf("expired token: err = %v, want ErrRefreshTokenInvalid", err)
	}
}

// TestRefreshTokenConcurrentReuse races two refreshes with one token: one
// wins, the other is reuse, and the reuse revokes the winner's new token.
func TestRefreshTokenConcurrentReuse(t *testing.T) {
	ctx := context.Background()
	rt := NewRefreshTokens(testRedis(t), RefreshTokenConfig{})
	tok, err := rt.Issue(ctx, nspAdmin)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]struct {
		next string
		err  error
	}, 2)
	for i := range results {
		wg.Go(func() {
			results[i].next, _, results[i].err = rt.Rotate(ctx, tok)
		})
	}
	wg.Wait()
	var winner string
	var ok, reused int
	for _, r := range results {
		switch {
		case r.err == nil:
			ok++
			winner = r.next
		case errors.Is(r.err, ErrRefreshTokenReused):
			reused++
		default:
			t.Fatalf("unexpected error %v", r.err)
		}
	}
	if ok != 1 || reused != 1 {
		t.Fatalf("%d succeeded and %d were reuse; want one of each", ok, reused)
	}
	if _, _, err := rt.Rotate(ctx, winner); !errors.Is(err, ErrRefreshTokenInvalid) {
		t.Fatalf("winner's token after reuse: err = %v, want ErrRefreshTokenInvalid", err)
	}
}

package auth

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
)

func testSessions(t *testing.T) (*Sessions, *testClock) {
	t.Helper()
	clock := newTestClock()
	keys, _ := testKeys(t, clock)
	return &Sessions{
		AccessTokens:  testAccessTokens(t, keys, clock),
		RefreshTokens: NewRefreshTokens(testRedis(t), RefreshTokenConfig{}),
	}, clock
}

func TestSessionStartShape(t *testing.T) {
	s, _ := testSessions(t)
	res, err := s.Start(context.Background(), venueAdm)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"AccessToken", "RefreshToken", "ExpiresIn", "TokenType"} {
		if _, ok := fields[name]; !ok {
			t.Errorf("AuthenticationResult lacks %s: %s", name, raw)
		}
	}
	if res.ExpiresIn != 900 || res.TokenType != "Bearer" {
		t.Fatalf("ExpiresIn %d TokenType %q; want 900 Bearer", res.ExpiresIn, res.TokenType)
	}
	claims, err := s.AccessTokens.Verify(res.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if claims.Subject != venueAdm.Subject {
		t.Fatalf("access token subject %q", claims.Subject)
	}
}

func TestSessionRefresh(t *testing.T) {
	ctx := context.Background()
	errDisabled := errors.New("account disabled")
	promoted := Principal{Subject: venueAdm.Subject, Kind: KindAdmin, Role: RoleDomainAdministrator, OperatorID: "op-1"}
	tests := []struct {
		name     string
		current  CurrentPrincipal
		wantErr  error
		wantRole Role
	}{
		{"principal as issued", nil, nil, RoleVenueAdministrator},
		{"principal re-read with a new role", func(context.Context, Principal) (Principal, error) { return promoted, nil }, nil, RoleDomainAdministrator},
		{"account disabled since login", func(context.Context, Principal) (Principal, error) { return Principal{}, errDisabled }, errDisabled, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSessions(t)
			start, err := s.Start(ctx, venueAdm)
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Refresh(ctx, start.RefreshToken, tt.current)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Refresh err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil {
				if _, _, err := s.RefreshTokens.Rotate(ctx, start.RefreshToken); err == nil {
					t.Fatal("family still usable after a refused refresh")
				}
				return
			}
			claims, err := s.AccessTokens.Verify(res.AccessToken)
			if err != nil {
				t.Fatal(err)
			}
			if claims.Role != tt.wantRole {
				t.Fatalf("refreshed role %s, want %s", claims.Role, tt.wantRole)
			}
			if res.RefreshToken == start.RefreshToken {
				t.Fatal("refresh returned the consumed refresh token")
			}
			if _, err := s.Refresh(ctx, start.RefreshToken, tt.current); !errors.Is(err, ErrRefreshTokenReused) {
				t.Fatalf("reusing the login's refresh token: err = %v, want ErrRefreshTokenReused", err)
			}
			if _, err := s.Refresh(ctx, res.RefreshToken, tt.current); !errors.Is(err, ErrRefreshTokenInvalid) {
				t.Fatalf("refresh token of a revoked family: err = %v, want ErrRefreshTokenInvalid", err)
			}
		})
	}
}

func TestSessionEnd(t *testing.T) {
	ctx := context.Background()
	s, _ := testSessions(t)
	start, err := s.Start(ctx, nspAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.End(ctx, start.RefreshToken); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Refresh(ctx, start.RefreshToken, nil); !errors.Is(err, ErrRefreshTokenInvalid) {
		t.Fatalf("refresh after logout: err = %v, want ErrRefreshTokenInvalid", err)
	}
}

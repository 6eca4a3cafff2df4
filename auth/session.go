package auth

import (
	"context"
	"errors"
)

// AuthenticationResult is the Cognito-shaped answer of login and refresh.
type AuthenticationResult struct {
	AccessToken  string `json:"AccessToken"`
	RefreshToken string `json:"RefreshToken,omitempty"`
	// ExpiresIn is the access token lifetime in seconds.
	ExpiresIn int `json:"ExpiresIn"`
	// TokenType is always "Bearer".
	TokenType string `json:"TokenType"`
}

// Sessions pairs access and refresh tokens into logins.
type Sessions struct {
	AccessTokens  *AccessTokens
	RefreshTokens *RefreshTokens
}

// Start begins a session for an authenticated principal: a new refresh
// token family and a first access token.
func (s *Sessions) Start(ctx context.Context, p Principal) (AuthenticationResult, error) {
	access, _, err := s.AccessTokens.Issue(p)
	if err != nil {
		return AuthenticationResult{}, err
	}
	refresh, err := s.RefreshTokens.Issue(ctx, p)
	if err != nil {
		return AuthenticationResult{}, err
	}
	return s.result(access, refresh), nil
}

// CurrentPrincipal re-reads a principal from the store of record at refresh
// time, so role and venue changes (or a disabled account) take effect
// without waiting for the refresh family to expire. It returns an error to
// refuse the refresh.
type CurrentPrincipal func(ctx context.Context, issued Principal) (Principal, error)

// Refresh consumes refreshToken and returns a new access token and the
// next refresh token of the same family. When current is not nil the new
// access token carries the principal it returns; if it fails the family is
// revoked and its error returned. Reuse of a consumed token gives
// ErrRefreshTokenReused (the family is revoked).
func (s *Sessions) Refresh(ctx context.Context, refreshToken string, current CurrentPrincipal) (AuthenticationResult, error) {
	next, p, err := s.RefreshTokens.Rotate(ctx, refreshToken)
	if err != nil {
		return AuthenticationResult{}, err
	}
	if current != nil {
		fresh, err := current(ctx, p)
		if err != nil {
			return AuthenticationResult{}, errors.Join(err, s.RefreshTokens.Revoke(ctx, next))
		}
		p = fresh
	}
	access, _, err := s.AccessTokens.Issue(p)
	if err != nil {
		return AuthenticationResult{}, err
	}
	return s.result(access, next), nil
}

// End logs out: the family of refreshToken is revoked. Access tokens
// already issued stay valid until they expire (at most the access TTL).
func (s *Sessions) End(ctx context.Context, refreshToken string) error {
	return s.RefreshTokens.Revoke(ctx, refreshToken)
}

func (s *Sessions) result(access, refresh string) AuthenticationResult {
	return AuthenticationResult{
		AccessToken:  access,
		RefreshToken: refresh,
		ExpiresIn:    int(s.AccessTokens.TTL().Seconds()),
		TokenType:    "Bearer",
	}
}

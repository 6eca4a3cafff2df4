package auth

import (
	"errors"
	"strings"
)

// Errors of ExtractToken.
var (
	// ErrNoToken reports a request that carries no access token.
	ErrNoToken = errors.New("auth: no access token")
	// ErrMalformedAuthorization reports an Authorization header that is not
	// "Bearer <token>".
	ErrMalformedAuthorization = errors.New("auth: Authorization header is not a Bearer token")
	// ErrConflictingTokens reports a request carrying different tokens in
	// the Authorization header and the AccessToken body field.
	ErrConflictingTokens = errors.New("auth: Authorization header and AccessToken field differ")
)

// ExtractToken returns the access token of a request given its
// Authorization header value and its body field AccessToken (either may be
// empty). The header must be "Bearer <token>" (scheme case-insensitive). If
// both carry a token they must be equal. Surrounding spaces are ignored.
func ExtractToken(authorization, bodyAccessToken string) (string, error) {
	var fromHeader string
	if h := strings.TrimSpace(authorization); h != "" {
		scheme, token, found := strings.Cut(h, " ")
		token = strings.TrimSpace(token)
		if !found || !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
			return "", ErrMalformedAuthorization
		}
		fromHeader = token
	}
	fromBody := strings.TrimSpace(bodyAccessToken)
	switch {
	case fromHeader != "" && fromBody != "" && fromHeader != fromBody:
		return "", ErrConflictingTokens
	case fromHeader != "":
		return fromHeader, nil
	case fromBody != "":
		return fromBody, nil
	}
	return "", ErrNoToken
}

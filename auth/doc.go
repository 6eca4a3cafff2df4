// Package auth provides wifivault's identity building blocks: the principal
// and its claims, the service-managed Ed25519 signing keys (KeyRing, with
// rotation, persistence through a KeyStore and a JWKS document), short-lived
// JWT access tokens, single-use rotating refresh tokens with family
// revocation in Redis, a Redis attempt limiter for logins and one-time
// codes, and extraction of a bearer token from a request.
//
// The HTTP layer composes these: login checks the AttemptLimiter, verifies
// the password with vaultcrypto, and starts a session (Sessions.Start) whose
// AuthenticationResult is the Cognito-shaped login answer.
package auth

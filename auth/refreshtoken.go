package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
)

// DefaultRefreshTTL is how long a login's refresh tokens live: a family
// expires this long after the login that started it, however often it is
// rotated (Cognito's default refresh token validity).
const DefaultRefreshTTL = 30 * 24 * time.Hour

// Errors of RefreshTokens.
var (
	// ErrRefreshTokenInvalid reports a refresh token that is malformed,
	// unknown, expired, or whose family was revoked.
	ErrRefreshTokenInvalid = errors.New("auth: invalid refresh token")
	// ErrRefreshTokenReused reports a refresh token presented a second
	// time. Its whole family has been revoked: the holder of any token of
	// that login must sign in again.
	ErrRefreshTokenReused = errors.New("auth: refresh token reused; session revoked")
)

// RefreshTokenConfig configures RefreshTokens.
type RefreshTokenConfig struct {
	// Prefix starts every Redis key; empty means "wv:auth:".
	Prefix string
	// TTL is the family lifetime; zero means DefaultRefreshTTL.
	TTL time.Duration
}

// RefreshTokens issues opaque, single-use refresh tokens kept in Redis.
//
// A token is "<family>.<secret>": the family is the login it descends from,
// the secret 256 random bits. Redis holds only SHA-256 hashes of tokens:
// key <prefix>rt:{<family>}:<hash> is "active" or "used", and
// <prefix>rtf:{<family>} holds the family's principal. Both expire with the
// family. Rotating an active token marks it used and issues the next token
// of the family; presenting a used token again deletes the family, which
// invalidates every token descended from that login. Each operation is one
// Lua script over keys of one family (one cluster hash slot), so it is
// atomic, also against concurrent refreshes with the same token.
type RefreshTokens struct {
	rdb    redis.UniversalClient
	prefix string
	ttl    time.Duration
}

// NewRefreshTokens returns a refresh token store over rdb.
func NewRefreshTokens(rdb redis.UniversalClient, cfg RefreshTokenConfig) *RefreshTokens {
	if cfg.Prefix == "" {
		cfg.Prefix = "wv:auth:"
	}
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultRefreshTTL
	}
	return &RefreshTokens{rdb: rdb, prefix: cfg.Prefix, ttl: cfg.TTL}
}

const (
	familyIDBytes     = 16
	tokenSecretBytes  = 32
	tokenStateActive  = "active"
	tokenStateUsed    = "used"
	familyPrincipalHF = "principal"
)

// Issue starts a new family for p (a login) and returns its first token.
func (r *RefreshTokens) Issue(ctx context.Context, p Principal) (string, error) {
	if err := p.Validate(); err != nil {
		return "", err
	}
	principal, err := json.Marshal(p)
	if err != nil {
		return "", err
	}
	family, err := vaultcrypto.RandomToken(familyIDBytes)
	if err != nil {
		return "", err
	}
	token, tokenKey, err := r.newToken(family)
	if err != nil {
		return "", err
	}
	familyKey := r.familyKey(family)
	_, err = r.rdb.TxPipelined(ctx, func(pipe redis.Pipeliner) error {
		pipe.HSet(ctx, familyKey, familyPrincipalHF, principal)
		pipe.PExpire(ctx, familyKey, r.ttl)
		pipe.Set(ctx, tokenKey, tokenStateActive, r.ttl)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("auth: storing refresh token: %w", err)
	}
	return token, nil
}

// rotateScript: KEYS[1] presented token, KEYS[2] family, KEYS[3] next token.
// Returns {"ok", principal}, {"invalid"} or {"reused"}.
var rotateScript = redis.NewScript(`
local state = redis.call('GET', KEYS[1])
if not state then return {'invalid'} end
local principal = redis.call('HGET', KEYS[2], 'principal')
if not principal then return {'invalid'} end
if state ~= 'active' then
  redis.call('DEL', KEYS[2])
  return {'reused'}
end
local ttl = redis.call('PTTL', KEYS[2])
if ttl <= 0 then return {'invalid'} end
redis.call('SET', KEYS[1], 'used', 'KEEPTTL')
redis.call('SET', KEYS[3], 'active', 'PX', ttl)
return {'ok', principal}
`)

// Rotate consumes token and returns the next token of its family with the
// principal the family was issued for. A token already used makes Rotate
// revoke the family and return ErrRefreshTokenReused; an unknown, expired
// or revoked one gives ErrRefreshTokenInvalid.
func (r *RefreshTokens) Rotate(ctx context.Context, token string) (string, Principal, error) {
	family, hash, ok := parseRefreshToken(token)
	if !ok {
		return "", Principal{}, ErrRefreshTokenInvalid
	}
	next, nextKey, err := r.newToken(family)
	if err != nil {
		return "", Principal{}, err
	}
	res, err := rotateScript.Run(ctx, r.rdb, []string{r.tokenKey(family, hash), r.familyKey(family), nextKey}).StringSlice()
	if err != nil {
		return "", Principal{}, fmt.Errorf("auth: rotating refresh token: %w", err)
	}
	switch res[0] {
	case "ok":
		var p Principal
		if len(res) != 2 || json.Unmarshal([]byte(res[1]), &p) != nil {
			return "", Principal{}, fmt.Errorf("auth: refresh family %s holds a malformed principal", family)
		}
		return next, p, nil
	case "reused":
		return "", Principal{}, ErrRefreshTokenReused
	}
	return "", Principal{}, ErrRefreshTokenInvalid
}

// revokeScript: KEYS[1] presented token, KEYS[2] family. Deletes the family
// when the token belongs to it (active or used).
var revokeScript = redis.NewScript(`
if not redis.call('GET', KEYS[1]) then return 0 end
return redis.call('DEL', KEYS[2])
`)

// Revoke ends the login token descends from (logout): every token of its
// family stops working. A token that is unknown, expired or whose family is
// already revoked gives ErrRefreshTokenInvalid.
func (r *RefreshTokens) Revoke(ctx context.Context, token string) error {
	family, hash, ok := parseRefreshToken(token)
	if !ok {
		return ErrRefreshTokenInvalid
	}
	n, err := revokeScript.Run(ctx, r.rdb, []string{r.tokenKey(family, hash), r.familyKey(family)}).Int()
	if err != nil {
		return fmt.Errorf("auth: revoking refresh token: %w", err)
	}
	if n == 0 {
		return ErrRefreshTokenInvalid
	}
	return nil
}

func (r *RefreshTokens) newToken(family string) (token, key string, err error) {
	secret, err := vaultcrypto.RandomToken(tokenSecretBytes)
	if err != nil {
		return "", "", err
	}
	token = family + "." + secret
	return token, r.tokenKey(family, hashToken(token)), nil
}

func (r *RefreshTokens) tokenKey(family, hash string) string {
	return r.prefix + "rt:{" + family + "}:" + hash
}

func (r *RefreshTokens) familyKey(family string) string {
	return r.prefix + "rtf:{" + family + "}"
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// parseRefreshToken checks the shape of a token and returns its family and
// hash; malformed tokens never reach Redis.
func parseRefreshToken(token string) (family, hash string, ok bool) {
	family, secret, found := strings.Cut(token, ".")
	if !found {
		return "", "", false
	}
	f, err := base64.RawURLEncoding.Strict().DecodeString(family)
	if err != nil || len(f) != familyIDBytes {
		return "", "", false
	}
	s, err := base64.RawURLEncoding.Strict().DecodeString(secret)
	if err != nil || len(s) != tokenSecretBytes {
		return "", "", false
	}
	return family, hashToken(token), true
}

package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lestrrat-go/jwx/v2/jws"
	"github.com/lestrrat-go/jwx/v2/jwt"

	vaultcrypto "github.com/wifivault/wifivault/crypto"
)

// Defaults of AccessTokenConfig.
const (
	DefaultAccessTTL = 15 * time.Minute
	DefaultLeeway    = 30 * time.Second
	// AccessTokenType is the JOSE "typ" of access tokens (RFC 9068), which
	// keeps any other JWT signed by the same keys from passing as one.
	AccessTokenType = "at+jwt"
	// maxAccessTokenLen bounds the work Verify does on hostile input;
	// wifivault's tokens are well under 1 KiB.
	maxAccessTokenLen = 8 << 10
)

// Errors of AccessTokens.Verify. Every rejection wraps ErrInvalidToken;
// an expired token also wraps ErrTokenExpired, so clients can be told to
// refresh.
var (
	ErrInvalidToken = errors.New("auth: invalid access token")
	ErrTokenExpired = errors.New("auth: access token expired")
)

// Names of wifivault's private claims.
const (
	claimKind       = "kind"
	claimRole       = "role"
	claimOperatorID = "operator_id"
	claimVenueIDs   = "venue_ids"
)

// Claims are the verified contents of an access token.
type Claims struct {
	Principal
	// TokenID is the jti: unique per token, for audit and revocation lists.
	TokenID   string
	IssuedAt  time.Time
	NotBefore time.Time
	ExpiresAt time.Time
}

// AccessTokenConfig configures AccessTokens.
type AccessTokenConfig struct {
	// Issuer is the iss claim, for example the service's public URL.
	Issuer string
	// Audience is the aud claim tokens are issued for and must carry.
	Audience string
	// TTL is the token lifetime; zero means DefaultAccessTTL.
	TTL time.Duration
	// Leeway is the clock skew tolerated on exp, nbf and iat; zero means
	// DefaultLeeway.
	Leeway time.Duration
	// Clock returns the current time; nil means time.Now.
	Clock func() time.Time
}

// AccessTokens issues and verifies short-lived JWT access tokens signed
// with EdDSA (Ed25519) by a KeyRing.
type AccessTokens struct {
	keys     *KeyRing
	cfg      AccessTokenConfig
	verified verifiedTokens
}

// NewAccessTokens returns an issuer and verifier of access tokens. Issuer
// and Audience are required.
func NewAccessTokens(keys *KeyRing, cfg AccessTokenConfig) (*AccessTokens, error) {
	if keys == nil {
		return nil, errors.New("auth: NewAccessTokens needs a KeyRing")
	}
	if cfg.Issuer == "" || cfg.Audience == "" {
		return nil, errors.New("auth: access tokens need an issuer and an audience")
	}
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultAccessTTL
	}
	if cfg.Leeway <= 0 {
		cfg.Leeway = DefaultLeeway
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &AccessTokens{keys: keys, cfg: cfg}, nil
}

// TTL returns the lifetime of issued tokens.
func (a *AccessTokens) TTL() time.Duration { return a.cfg.TTL }

// Issue signs an access token for p with the current key and returns it
// with its claims.
func (a *AccessTokens) Issue(p Principal) (string, Claims, error) {
	if err := p.Validate(); err != nil {
		return "", Claims{}, err
	}
	jti, err := vaultcrypto.RandomToken(16)
	if err != nil {
		return "", Claims{}, err
	}
	now := a.cfg.Clock().Truncate(time.Second)
	claims := Claims{Principal: p, TokenID: jti, IssuedAt: now, NotBefore: now, ExpiresAt: now.Add(a.cfg.TTL)}
	b := jwt.NewBuilder().
		Issuer(a.cfg.Issuer).
		Audience([]string{a.cfg.Audience}).
		Subject(p.Subject).
		JwtID(jti).
		IssuedAt(claims.IssuedAt).
		NotBefore(claims.NotBefore).
		Expiration(claims.ExpiresAt).
		Claim(claimKind, string(p.Kind)).
		Claim(claimRole, string(p.Role))
	if p.OperatorID != "" {
		b = b.Claim(claimOperatorID, p.OperatorID)
	}
	if len(p.VenueIDs) > 0 {
		b = b.Claim(claimVenueIDs, p.VenueIDs)
	}
	tok, err := b.Build()
	if err != nil {
		return "", Claims{}, err
	}
	key := a.keys.signer()
	hdr := jws.NewHeaders()
	if err := hdr.Set(jws.KeyIDKey, key.id); err != nil {
		return "", Claims{}, err
	}
	if err := hdr.Set(jws.TypeKey, AccessTokenType); err != nil {
		return "", Claims{}, err
	}
	signed, err := jwt.Sign(tok, jwt.WithKey(SigningAlgorithm, key.private, jws.WithProtectedHeaders(hdr)))
	if err != nil {
		return "", Claims{}, fmt.Errorf("auth: signing access token: %w", err)
	}
	return string(signed), claims, nil
}

// joseHeader is the part of a JWS protected header Verify inspects before
// choosing a key.
type joseHeader struct {
	Alg  string          `json:"alg"`
	Kid  string          `json:"kid"`
	Typ  string          `json:"typ"`
	Crit json.RawMessage `json:"crit"`
}

// Verify checks token and returns its claims (see verify). A token that verified
// before is answered from a bounded in-process cache keyed by its SHA-256 until it
// expires or its key retires, so a client's repeated requests cost one signature check.
func (a *AccessTokens) Verify(token string) (Claims, error) {
	key := sha256.Sum256([]byte(token))
	if c, kid, ok := a.verified.get(key); ok {
		now := a.cfg.Clock()
		if now.Before(c.ExpiresAt.Add(a.cfg.Leeway)) {
			if _, live := a.keys.verificationKey(kid); live {
				return c, nil
			}
		}
		a.verified.drop(key)
	}
	c, err := a.verify(token)
	if err != nil {
		return c, err
	}
	a.verified.put(key, c, tokenKid(token))
	return c, nil
}

// verify checks token and returns its claims. It accepts only a compact JWS
// whose header says alg EdDSA, typ at+jwt and the kid of a key of the ring
// that has not retired, whose signature verifies under that key (never a
// key named or embedded by the token), and whose claims carry this issuer
// and audience, a subject, a jti, iat and exp, are inside their validity
// window (with the configured leeway) and describe a valid Principal.
func (a *AccessTokens) verify(token string) (Claims, error) {
	invalid := func(reason string, args ...any) (Claims, error) {
		return Claims{}, fmt.Errorf("%w: %s", ErrInvalidToken, fmt.Sprintf(reason, args...))
	}
	if len(token) > maxAccessTokenLen {
		return invalid("longer than %d bytes", maxAccessTokenLen)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[2] == "" {
		return invalid("not a signed compact JWT")
	}
	rawHeader, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return invalid("header is not base64url")
	}
	var hdr joseHeader
	if err := json.Unmarshal(rawHeader, &hdr); err != nil {
		return invalid("header is not JSON")
	}
	if hdr.Alg != SigningAlgorithm.String() {
		return invalid("algorithm %q not accepted", hdr.Alg)
	}
	if hdr.Typ != AccessTokenType {
		return invalid("type %q is not an access token", hdr.Typ)
	}
	if len(hdr.Crit) > 0 {
		return invalid("critical header extensions not supported")
	}
	if hdr.Kid == "" {
		return invalid("no key id")
	}
	key, ok := a.keys.verificationKey(hdr.Kid)
	if !ok {
		return invalid("unknown or retired key id")
	}
	tok, err := jwt.Parse([]byte(token),
		jwt.WithKey(SigningAlgorithm, key),
		jwt.WithValidate(true),
		jwt.WithIssuer(a.cfg.Issuer),
		jwt.WithAudience(a.cfg.Audience),
		jwt.WithRequiredClaim(jwt.SubjectKey),
		jwt.WithRequiredClaim(jwt.JwtIDKey),
		jwt.WithRequiredClaim(jwt.IssuedAtKey),
		jwt.WithRequiredClaim(jwt.ExpirationKey),
		jwt.WithAcceptableSkew(a.cfg.Leeway),
		jwt.WithClock(jwt.ClockFunc(a.cfg.Clock)),
	)
	if errors.Is(err, jwt.ErrTokenExpired()) {
		return Claims{}, fmt.Errorf("%w: %w", ErrInvalidToken, ErrTokenExpired)
	}
	if err != nil {
		return invalid("%v", err)
	}
	p := Principal{Subject: tok.Subject()}
	var okKind, okRole bool
	var kind, role string
	if v, found := tok.Get(claimKind); found {
		kind, okKind = v.(string)
	}
	if v, found := tok.Get(claimRole); found {
		role, okRole = v.(string)
	}
	if !okKind || !okRole {
		return invalid("missing kind or role")
	}
	p.Kind, p.Role = Kind(kind), Role(role)
	if v, found := tok.Get(claimOperatorID); found {
		s, isString := v.(string)
		if !isString {
			return invalid("operator_id is not a string")
		}
		p.OperatorID = s
	}
	if v, found := tok.Get(claimVenueIDs); found {
		list, isList := v.([]any)
		if !isList {
			return invalid("venue_ids is not a list")
		}
		for _, item := range list {
			s, isString := item.(string)
			if !isString {
				return invalid("venue_ids holds a non-string")
			}
			p.VenueIDs = append(p.VenueIDs, s)
		}
	}
	if err := p.Validate(); err != nil {
		return invalid("%v", err)
	}
	return Claims{
		Principal: p,
		TokenID:   tok.JwtID(),
		IssuedAt:  tok.IssuedAt(),
		NotBefore: tok.NotBefore(),
		ExpiresAt: tok.Expiration(),
	}, nil
}

package auth

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

// forgeToken builds a compact JWS from header and claims, signing the
// signing input with sign (nil: empty signature).
func forgeToken(t *testing.T, header, claims map[string]any, sign func(input []byte) []byte) string {
	t.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	c, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	input := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	var sig []byte
	if sign != nil {
		sig = sign([]byte(input))
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func currentPrivateKey(t *testing.T, keys *KeyRing) ed25519.PrivateKey {
	t.Helper()
	var priv ed25519.PrivateKey
	if err := keys.signer().private.Raw(&priv); err != nil {
		t.Fatal(err)
	}
	return priv
}

func TestAccessTokenIssueAndVerify(t *testing.T) {
	clock := newTestClock()
	keys, _ := testKeys(t, clock)
	at := testAccessTokens(t, keys, clock)
	for _, p := range []Principal{nspAdmin, venueAdm, {Subject: "sub-1", Kind: KindSubscriber, Role: RoleSubscriber}} {
		t.Run(string(p.Role), func(t *testing.T) {
			token, issued, err := at.Issue(p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := at.Verify(token)
			if err != nil {
				t.Fatal(err)
			}
			if got.Subject != p.Subject || got.Kind != p.Kind || got.Role != p.Role || got.OperatorID != p.OperatorID || !slices.Equal(got.VenueIDs, p.VenueIDs) {
				t.Fatalf("verified principal %+v, want %+v", got.Principal, p)
			}
			if got.TokenID == "" || got.TokenID != issued.TokenID {
				t.Fatalf("jti %q, issued %q", got.TokenID, issued.TokenID)
			}
			if !got.ExpiresAt.Equal(clock.Now().Add(DefaultAccessTTL)) {
				t.Fatalf("expiry %v, want %v", got.ExpiresAt, clock.Now().Add(DefaultAccessTTL))
			}
		})
	}
	if _, _, err := at.Issue(Principal{Subject: "x", Kind: KindAdmin, Role: RoleVenueAdministrator}); !errors.Is(err, ErrInvalidPrincipal) {
		t.Fatalf("issuing for an invalid principal: err = %v", err)
	}
}

func TestAccessTokenRejects(t *testing.T) {
	clock := newTestClock()
	keys, _ := testKeys(t, clock)
	at := testAccessTokens(t, keys, clock)
	priv := currentPrivateKey(t, keys)
	kid := keys.CurrentKeyID()
	now := clock.Now().Unix()

	header := map[string]any{"alg": "EdDSA", "typ": "at+jwt", "kid": kid}
	claims := map[string]any{
		"iss": "https://wifivault.test", "aud": "wifivault", "sub": "admin-1", "jti": "j1",
		"iat": now, "nbf": now, "exp": now + 900, "kind": "admin", "role": "NetworkSoftwareProvider",
	}
	with := func(m map[string]any, kv ...any) map[string]any {
		out := maps.Clone(m)
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(out, kv[i].(string))
			} else {
				out[kv[i].(string)] = kv[i+1]
			}
		}
		return out
	}
	edSign := func(key ed25519.PrivateKey) func([]byte) []byte {
		return func(in []byte) []byte { return ed25519.Sign(key, in) }
	}
	hmacSign := func(secret []byte) func([]byte) []byte {
		return func(in []byte) []byte {
			m := hmac.New(sha256.New, secret)
			m.Write(in)
			return m.Sum(nil)
		}
	}
	_, strangerKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	publicRaw := []byte(priv.Public().(ed25519.PublicKey))
	jwks, err := keys.JWKS()
	if err != nil {
		t.Fatal(err)
	}
	issued, _, err := at.Issue(nspAdmin)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(issued, ".")
	elevated := base64.RawURLEncoding.EncodeToString(mustJSON(t, with(claims, "sub", "attacker")))
	sigBytes, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	sigBytes[10] ^= 0x01
	flippedSig := base64.RawURLEncoding.EncodeToString(sigBytes)
	otherClock := newTestClock()
	otherKeys, _ := testKeys(t, otherClock)
	otherIssuer := testAccessTokens(t, otherKeys, otherClock)
	otherInstallation, _, err := otherIssuer.Issue(nspAdmin)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name        string
		token       string
		wantExpired bool
	}{
		{"tampered payload", parts[0] + "." + elevated + "." + parts[2], false},
		{"tampered signature", parts[0] + "." + parts[1] + "." + flippedSig, false},
		{"signature stripped", parts[0] + "." + parts[1] + ".", false},
		{"alg none", forgeToken(t, with(header, "alg", "none"), claims, nil), false},
		{"alg None with signature", forgeToken(t, with(header, "alg", "None"), claims, edSign(priv)), false},
		{"HS256 keyed with the raw public key", forgeToken(t, with(header, "alg", "HS256"), claims, hmacSign(publicRaw)), false},
		{"HS256 keyed with the JWKS document", forgeToken(t, with(header, "alg", "HS256"), claims, hmacSign(jwks)), false},
		{"ES256 claimed", forgeToken(t, with(header, "alg", "ES256"), claims, edSign(priv)), false},
		{"wrong key under current kid", forgeToken(t, header, claims, edSign(strangerKey)), false},
		{"unknown kid", forgeToken(t, with(header, "kid", "no-such-key"), claims, edSign(priv)), false},
		{"missing kid", forgeToken(t, with(header, "kid", nil), claims, edSign(priv)), false},
		{"embedded jwk with unknown kid", forgeToken(t, with(header, "kid", "mine", "jwk", map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(strangerKey.Public().(ed25519.PublicKey))}), claims, edSign(strangerKey)), false},
		{"other installation", otherInstallation, false},
		{"typ JWT", forgeToken(t, with(header, "typ", "JWT"), claims, edSign(priv)), false},
		{"typ missing", forgeToken(t, with(header, "typ", nil), claims, edSign(priv)), false},
		{"crit header", forgeToken(t, with(header, "crit", []string{"exp"}), claims, edSign(priv)), false},
		{"expired", forgeToken(t, header, with(claims, "iat", now-1000, "nbf", now-1000, "exp", now-100), edSign(priv)), true},
		{"not yet valid", forgeToken(t, header, with(claims, "nbf", now+300), edSign(priv)), false},
		{"issued in the future", forgeToken(t, header, with(claims, "iat", now+300, "nbf", nil), edSign(priv)), false},
		{"wrong issuer", forgeToken(t, header, with(claims, "iss", "https://evil.test"), edSign(priv)), false},
		{"no issuer", forgeToken(t, header, with(claims, "iss", nil), edSign(priv)), false},
		{"wrong audience", forgeToken(t, header, with(claims, "aud", "someone-else"), edSign(priv)), false},
		{"no audience", forgeToken(t, header, with(claims, "aud", nil), edSign(priv)), false},
		{"no expiry", forgeToken(t, header, with(claims, "exp", nil), edSign(priv)), false},
		{"no issued-at", forgeToken(t, header, with(claims, "iat", nil), edSign(priv)), false},
		{"no jti", forgeToken(t, header, with(claims, "jti", nil), edSign(priv)), false},
		{"no subject", forgeToken(t, header, with(claims, "sub", nil), edSign(priv)), false},
		{"unknown role", forgeToken(t, header, with(claims, "role", "Root"), edSign(priv)), false},
		{"no role", forgeToken(t, header, with(claims, "role", nil), edSign(priv)), false},
		{"venue role without venues", forgeToken(t, header, with(claims, "role", "VenueAdministrator", "operator_id", "op-1"), edSign(priv)), false},
		{"venue ids not strings", forgeToken(t, header, with(claims, "role", "VenueAdministrator", "operator_id", "op-1", "venue_ids", []int{1}), edSign(priv)), false},
		{"empty", "", false},
		{"oversized", parts[0] + "." + strings.Repeat("A", 9000) + "." + parts[2], false},
		{"two segments", "abc.def", false},
		{"four segments", issued + ".x", false},
		{"header not base64", "!!!." + parts[1] + "." + parts[2], false},
		{"header not JSON", base64.RawURLEncoding.EncodeToString([]byte("nope")) + "." + parts[1] + "." + parts[2], false},
		{"JSON serialization", `{"payload":"` + parts[1] + `","signatures":[{"protected":"` + parts[0] + `","signature":"` + parts[2] + `"}]}`, false},
	}
	// The forging helper must produce tokens Verify accepts when nothing is
	// wrong, or the rejections above prove nothing.
	if _, err := at.Verify(forgeToken(t, header, claims, edSign(priv))); err != nil {
		t.Fatalf("a correctly forged token is rejected: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := at.Verify(tt.token)
			if !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("Verify err = %v, want ErrInvalidToken", err)
			}
			if errors.Is(err, ErrTokenExpired) != tt.wantExpired {
				t.Fatalf("Verify err = %v, want expired %v", err, tt.wantExpired)
			}
			if got.Subject != "" {
				t.Fatalf("rejected token returned claims %+v", got)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAccessTokenLifetime(t *testing.T) {
	tests := []struct {
		name        string
		advance     time.Duration
		wantValid   bool
		wantExpired bool
	}{
		{"fresh", 0, true, false},
		{"just before expiry", DefaultAccessTTL - time.Second, true, false},
		{"expired within leeway", DefaultAccessTTL + DefaultLeeway - time.Second, true, false},
		{"expired beyond leeway", DefaultAccessTTL + DefaultLeeway + time.Second, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newTestClock()
			keys, _ := testKeys(t, clock)
			at := testAccessTokens(t, keys, clock)
			token, _, err := at.Issue(venueAdm)
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(tt.advance)
			_, err = at.Verify(token)
			if (err == nil) != tt.wantValid || errors.Is(err, ErrTokenExpired) != tt.wantExpired {
				t.Fatalf("Verify after %v: err = %v, want valid %v expired %v", tt.advance, err, tt.wantValid, tt.wantExpired)
			}
		})
	}
}

func BenchmarkAccessTokenVerify(b *testing.B) {
	clock := newTestClock()
	keys, _ := testKeys(b, clock)
	at := testAccessTokens(b, keys, clock)
	token, _, err := at.Issue(venueAdm)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := at.Verify(token); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAccessTokenIssue(b *testing.B) {
	clock := newTestClock()
	keys, _ := testKeys(b, clock)
	at := testAccessTokens(b, keys, clock)
	for b.Loop() {
		if _, _, err := at.Issue(venueAdm); err != nil {
			b.Fatal(err)
		}
	}
}

package service_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/service/servicetest"
)

// TestTokensRejected sends every kind of bad token to an authenticated endpoint.
func TestTokensRejected(t *testing.T) {
	env := servicetest.Start(t)
	good := env.NSP()
	parts := strings.Split(good, ".")
	if len(parts) != 3 {
		t.Fatalf("access token is not a JWS: %q", good)
	}
	flip := func(s string) string {
		b := []byte(s)
		if b[len(b)/2] == 'A' {
			b[len(b)/2] = 'B'
		} else {
			b[len(b)/2] = 'A'
		}
		return string(b)
	}
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"at+jwt"}`)) + "." + parts[1] + "."
	other := servicetest.Start(t) // a second service: its own signing keys
	foreign := other.NSP()
	cases := []struct {
		name  string
		token string
	}{
		{"tampered payload", parts[0] + "." + flip(parts[1]) + "." + parts[2]},
		{"tampered signature", parts[0] + "." + parts[1] + "." + flip(parts[2])},
		{"alg none", none},
		{"signed by another service's key", foreign},
		{"garbage", "not-a-token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.Post("/networkoperatorconsole/equipment/listOperatorDetails", c.token, map[string]any{"OperatorID": "ANY"})
			r.Must(t, http.StatusUnauthorized)
			if r.Body["errorProcessing"] != true {
				t.Fatalf("errorProcessing not true: %s", r.Raw)
			}
		})
	}
	t.Run("valid token passes auth", func(t *testing.T) {
		r := env.Post("/networkoperatorconsole/equipment/listOperatorDetails", good, map[string]any{"OperatorID": "NOSUCHOP"})
		r.Must(t, http.StatusNotFound)
	})
	t.Run("bearer header", func(t *testing.T) {
		r := env.PostRaw("/networkoperatorconsole/equipment/listOperatorDetails",
			http.Header{"Authorization": {"Bearer " + good}}, []byte(`{"OperatorID":"NOSUCHOP"}`))
		r.Must(t, http.StatusNotFound)
	})
}

// TestKeyRotationKeepsTokensValid: tokens issued before and after a signing-key rotation
// both verify, and the key set is published.
func TestKeyRotationKeepsTokensValid(t *testing.T) {
	env := servicetest.Start(t)
	before := env.NSP()
	if err := env.Service.Keys.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := env.NSP()
	for name, tok := range map[string]string{"issued before rotation": before, "issued after": after} {
		t.Run(name, func(t *testing.T) {
			env.Post("/networkoperatorconsole/equipment/listOperatorDetails", tok, map[string]any{"OperatorID": "NOSUCHOP"}).
				Must(t, http.StatusNotFound)
		})
	}
	resp, err := http.Get(env.URL + "/.well-known/jwks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("jwks status %d", resp.StatusCode)
	}
}

// TestRefreshRotation: a refresh token works once; reusing it is refused and revokes the
// family, so the token it was exchanged for stops working too.
func TestRefreshRotation(t *testing.T) {
	env := servicetest.Start(t)
	_, rt1 := env.Login(servicetest.NSPEmail, servicetest.NSPPassword)
	r := env.Post("/auth/refresh", "", map[string]any{"RefreshToken": rt1}).Must(t, http.StatusOK)
	ar := r.Body["AuthenticationResult"].(map[string]any)
	rt2 := ar["RefreshToken"].(string)
	if rt2 == rt1 || ar["AccessToken"] == "" || ar["TokenType"] != "Bearer" {
		t.Fatalf("refresh answer: %s", r.Raw)
	}
	env.Post("/auth/refresh", "", map[string]any{"RefreshToken": rt1}).Must(t, http.StatusUnauthorized)
	env.Post("/auth/refresh", "", map[string]any{"RefreshToken": rt2}).Must(t, http.StatusUnauthorized)

	_, rt3 := env.Login(servicetest.NSPEmail, servicetest.NSPPassword)
	env.Post("/auth/logout", "", map[string]any{"RefreshToken": rt3}).Must(t, http.StatusOK)
	env.Post("/auth/refresh", "", map[string]any{"RefreshToken": rt3}).Must(t, http.StatusUnauthorized)
}

// TestLoginRateLimit: after five failures the account is locked out with 429 and
// Retry-After, even for the right password.
func TestLoginRateLimit(t *testing.T) {
	env := servicetest.Start(t)
	for i := 0; i < 5; i++ {
		env.Post("/auth/login", "", map[string]any{"EmailAddress": servicetest.NSPEmail, "Password": "wrong-password"}).
			Must(t, http.StatusUnauthorized)
	}
	r := env.Post("/auth/login", "", map[string]any{"EmailAddress": servicetest.NSPEmail, "Password": servicetest.NSPPassword})
	r.Must(t, http.StatusTooManyRequests)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
}

// TestLoginValidation names the bad field.
func TestLoginValidation(t *testing.T) {
	env := servicetest.Start(t)
	cases := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"missing email", map[string]any{"Password": "x"}, "EmailAddress"},
		{"email not a string", map[string]any{"EmailAddress": 7, "Password": "x"}, "EmailAddress"},
		{"missing password", map[string]any{"EmailAddress": "a@b.test"}, "Password"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := env.Post("/auth/login", "", c.body).Must(t, http.StatusBadRequest)
			if !strings.Contains(r.Body["message"].(string), c.field) {
				t.Fatalf("message does not name %s: %s", c.field, r.Raw)
			}
		})
	}
	t.Run("not JSON", func(t *testing.T) {
		env.PostRaw("/auth/login", nil, []byte("{")).Must(t, http.StatusBadRequest)
	})
}

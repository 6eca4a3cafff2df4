package webhooks_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wifivault/wifivault/webhooks"
)

func TestVerify(t *testing.T) {
	const secret = "whsec_abc"
	body := []byte(`{"Type":"KeyStart"}`)
	now := time.Unix(1_700_000_000, 0)
	good := webhooks.Sign(secret, now, body)
	other := webhooks.Sign("whsec_old", now, body)
	for _, tc := range []struct {
		name   string
		secret string
		header string
		body   []byte
		at     time.Time
		want   error
	}{
		{"valid", secret, good, body, now, nil},
		{"valid within tolerance", secret, good, body, now.Add(4 * time.Minute), nil},
		{"one of several v1 values", secret, other + ",v1=" + strings.SplitN(good, "v1=", 2)[1], body, now, nil},
		{"tampered body", secret, good, []byte(`{"Type":"KeyEnd"}`), now, webhooks.ErrBadSignature},
		{"wrong secret", "whsec_other", good, body, now, webhooks.ErrBadSignature},
		{"replayed later", secret, good, body, now.Add(6 * time.Minute), webhooks.ErrStale},
		{"from the future", secret, good, body, now.Add(-6 * time.Minute), webhooks.ErrStale},
		{"timestamp changed", secret, strings.Replace(good, "t=1700000000", "t=1700000100", 1), body, now, webhooks.ErrBadSignature},
		{"missing", secret, "", body, now, webhooks.ErrNoSignature},
		{"no v1", secret, "t=1700000000", body, now, webhooks.ErrNoSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := webhooks.VerifyAt(tc.secret, tc.header, tc.body, 5*time.Minute, tc.at)
			if !errors.Is(err, tc.want) {
				t.Fatalf("VerifyAt = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestNewSigningSecretIsRandomAndPrefixed(t *testing.T) {
	a, err := webhooks.NewSigningSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := webhooks.NewSigningSecret()
	if !strings.HasPrefix(a, "whsec_") || len(a) < 40 || a == b {
		t.Fatalf("secrets %q %q", a, b)
	}
}

package vaultcrypto

import (
	"encoding/base64"
	"testing"
)

func TestRandomToken(t *testing.T) {
	tests := []struct {
		name  string
		bytes int
	}{
		{"refresh token", 32},
		{"identifier", 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := RandomToken(tt.bytes)
			if err != nil {
				t.Fatal(err)
			}
			b, err := RandomToken(tt.bytes)
			if err != nil {
				t.Fatal(err)
			}
			if a == b {
				t.Fatal("two random tokens are equal")
			}
			raw, err := base64.RawURLEncoding.DecodeString(a)
			if err != nil || len(raw) != tt.bytes {
				t.Fatalf("token %q decodes to %d bytes, %v; want %d", a, len(raw), err, tt.bytes)
			}
		})
	}
}

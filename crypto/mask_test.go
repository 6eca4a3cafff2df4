package vaultcrypto

import (
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	tests := []struct {
		secret string
		want   string
	}{
		{"", "••••"},
		{"abc", "••••"},
		{"abcde", "••••"},
		{"secret", "se••••"},
		{"correct horse battery staple", "co••••"},
		{strings.Repeat("x", 63), "xx••••"},
		{"éécret", "éé••••"},
	}
	for _, tt := range tests {
		t.Run(tt.want+"/"+tt.secret, func(t *testing.T) {
			if got := Mask(tt.secret); got != tt.want {
				t.Fatalf("Mask(%q) = %q, want %q", tt.secret, got, tt.want)
			}
		})
	}
}

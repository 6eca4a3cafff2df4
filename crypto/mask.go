package vaultcrypto

import "unicode/utf8"

// maskRevealed is how many leading characters Mask shows of a long enough
// secret, and maskMinLen the length from which it shows them.
const (
	maskRevealed = 2
	maskMinLen   = 6
	maskDots     = "••••"
)

// Mask hides a secret for display: the first two characters followed by a
// fixed "••••" when the secret has at least six characters, "••••" alone
// otherwise (and for the empty string). The output length never depends on
// the secret's length beyond that one threshold.
func Mask(secret string) string {
	if utf8.RuneCountInString(secret) < maskMinLen {
		return maskDots
	}
	end := 0
	for i := 0; i < maskRevealed; i++ {
		_, size := utf8.DecodeRuneInString(secret[end:])
		end += size
	}
	return secret[:end] + maskDots
}

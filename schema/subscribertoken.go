package schema

import "io"

// SubscriberToken limits: login takes [5 .. 100] characters (seed 003
// line 168) and forgetSubscriberDevices ^[a-zA-Z0-9_-]{1,255}$ (line
// 7958); a token must satisfy both.
const (
	MinSubscriberTokenLen = 5
	MaxSubscriberTokenLen = 100
	// SubscriberTokenPrefix starts every generated token, as the seeds'
	// samples do (sub_abc123def456, sub_1234567890abcdef).
	SubscriberTokenPrefix = "sub_"
	subscriberTokenRandom = 12
)

// subscriberTokenAlphabet is lower-case letters and digits without the
// look-alikes 0/o, 1/l/i and u, so support staff can read tokens aloud.
const subscriberTokenAlphabet = "abcdefghjkmnpqrstvwxyz23456789"

// ValidateSubscriberToken checks a SubscriberToken: 5 to 100 characters of
// [A-Za-z0-9_-]. It accepts every seed sample (sub_ABC123DEF456,
// TestToken, SUB123, staff_token_67890, the UUID
// 5978d2e8-9540-4612-816f-1d14f6ba38e8).
func ValidateSubscriberToken(token string) error {
	if len(token) < MinSubscriberTokenLen || len(token) > MaxSubscriberTokenLen {
		return fieldErrorf("SubscriberToken", "must be %d to %d characters, got %d", MinSubscriberTokenLen, MaxSubscriberTokenLen, len(token))
	}
	for i := 0; i < len(token); i++ {
		if !isWordByte(token[i]) {
			return fieldErrorf("SubscriberToken", "may contain only letters, digits, '_' and '-', found %q", rune(token[i]))
		}
	}
	return nil
}

// NewSubscriberToken returns a new token, "sub_" and 12 characters drawn
// uniformly from a 30-symbol alphabet (about 59 bits) read from r
// (crypto/rand.Reader in production). It is short because the seeds' PSKs
// embed the token (kdnyyryy.TestToken, seed 000). The subscriber vertex's
// T.id catches the rare collision; the caller then draws again.
func NewSubscriberToken(r io.Reader) (string, error) {
	out := make([]byte, 0, len(SubscriberTokenPrefix)+subscriberTokenRandom)
	out = append(out, SubscriberTokenPrefix...)
	var buf [32]byte
	for len(out) < cap(out) {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return "", err
		}
		for _, c := range buf {
			// Rejection sampling keeps the draw uniform: 240 = 8*30.
			if c >= 240 || len(out) == cap(out) {
				continue
			}
			out = append(out, subscriberTokenAlphabet[int(c)%len(subscriberTokenAlphabet)])
		}
	}
	return string(out), nil
}

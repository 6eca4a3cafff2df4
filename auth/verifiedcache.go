package auth

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
)

// maxVerifiedTokens bounds the cache of verified access tokens; when it is full it is
// emptied (tokens are short-lived, so the working set refills within one TTL).
const maxVerifiedTokens = 50000

// verifiedTokens remembers the claims of tokens whose signature and claims verified.
type verifiedTokens struct {
	mu sync.RWMutex
	m  map[[32]byte]verifiedToken
}

type verifiedToken struct {
	claims Claims
	kid    string
}

func (v *verifiedTokens) get(key [32]byte) (Claims, string, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	t, ok := v.m[key]
	return t.claims, t.kid, ok
}

func (v *verifiedTokens) put(key [32]byte, c Claims, kid string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil || len(v.m) >= maxVerifiedTokens {
		v.m = make(map[[32]byte]verifiedToken)
	}
	c.VenueIDs = append([]string(nil), c.VenueIDs...)
	v.m[key] = verifiedToken{claims: c, kid: kid}
}

func (v *verifiedTokens) drop(key [32]byte) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.m, key)
}

// tokenKid reads the kid of a token whose header already verified.
func tokenKid(token string) string {
	head, _, _ := strings.Cut(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return ""
	}
	var h joseHeader
	if json.Unmarshal(raw, &h) != nil {
		return ""
	}
	return h.Kid
}

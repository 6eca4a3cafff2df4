package schema

import (
	"encoding/hex"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// KeyPoolIDMarker separates the operator from the SSID in a KeyPoolID
// (seed 003 addKeypool, line 8694: {OperatorID}._V3SSID.{SSID}.{scope}).
const KeyPoolIDMarker = "._V3SSID."

// Keypool scopes and SSID limits (seed 003 addKeypool, lines 8670–8700).
const (
	// GlobalKeyPoolScope is the scope of a pool attached to every venue of
	// its operator.
	GlobalKeyPoolScope = "global"
	// LocalKeyPoolScopeLen is the length of the random scope of a local pool
	// (a8f3d2e1 in the seed).
	LocalKeyPoolScopeLen = 8
	MinSSIDLen           = 2
	MaxSSIDLen           = 32
	MaxKeyPoolIDLen      = MaxOperatorIDLen + len(KeyPoolIDMarker) + MaxSSIDLen + 1 + LocalKeyPoolScopeLen
)

// NormalizeSSID returns the SSID as a keypool stores it: surrounding white
// space trimmed, then cut to 32 bytes on a character boundary ("auto-trimmed
// to 32"), with at least 2 bytes left. An SSID is 0–32 octets on the air, so
// the limit is in bytes; it must be valid UTF-8 without control characters.
// Errors name SSID.
func NormalizeSSID(ssid string) (string, error) {
	if !utf8.ValidString(ssid) {
		return "", fieldErrorf("SSID", "must be valid UTF-8")
	}
	v := truncateUTF8(strings.TrimSpace(ssid), MaxSSIDLen)
	v = strings.TrimRightFunc(v, unicode.IsSpace)
	if len(v) < MinSSIDLen {
		return "", fieldErrorf("SSID", "must be %d to %d characters", MinSSIDLen, MaxSSIDLen)
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return "", fieldErrorf("SSID", "must not contain control characters")
		}
	}
	return v, nil
}

// NewLocalKeyPoolScope returns a random local scope: 8 lower-case hex
// digits read from r (crypto/rand.Reader in production). Uniqueness is
// checked by the keypool vertex's T.id; the seed allows 10 attempts.
func NewLocalKeyPoolScope(r io.Reader) (string, error) {
	var b [LocalKeyPoolScopeLen / 2]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// NewKeyPoolID builds a KeyPoolID: {OperatorID}._V3SSID.{SSID}.{scope}. The
// SSID is normalised by NormalizeSSID and otherwise kept as is (spaces and
// case included: GuestWiFi); scope is GlobalKeyPoolScope or a local scope
// of 8 lower-case letters or digits (NewLocalKeyPoolScope). Samples
// reproduced: OP123._V3SSID.GuestWiFi.global,
// OP123._V3SSID.ResidentWiFi.a8f3d2e1. Errors name OperatorID, SSID or Scope.
func NewKeyPoolID(operatorID, ssid, scope string) (string, error) {
	if err := ValidateOperatorID(operatorID); err != nil {
		return "", err
	}
	v, err := NormalizeSSID(ssid)
	if err != nil {
		return "", err
	}
	if scope != GlobalKeyPoolScope && !isLocalScope(scope) {
		return "", fieldErrorf("Scope", "must be %q or %d lower-case letters or digits, got %q", GlobalKeyPoolScope, LocalKeyPoolScopeLen, scope)
	}
	return operatorID + KeyPoolIDMarker + v + "." + scope, nil
}

func isLocalScope(s string) bool {
	if len(s) != LocalKeyPoolScopeLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// KeyPoolIDParts are the pieces of a KeyPoolID.
type KeyPoolIDParts struct {
	OperatorID, SSID, Scope string
}

// ParseKeyPoolID splits a KeyPoolID of the form
// {OperatorID}._V3SSID.{SSID}.{scope}: the operator is what precedes the
// first marker, the scope what follows the last dot (scopes never contain
// dots, SSIDs may). Any non-empty [A-Za-z0-9_-] scope is accepted so that
// the seed's USA.TX.75001.CORPORATE._V3SSID.OLDWIFI.local parses. Ids of
// other shapes (keypool_ABC123) fail, naming KeyPoolID.
func ParseKeyPoolID(id string) (KeyPoolIDParts, error) {
	const field = "KeyPoolID"
	if len(id) > MaxKeyPoolIDLen+16 {
		return KeyPoolIDParts{}, fieldErrorf(field, "is too long")
	}
	op, rest, ok := strings.Cut(id, KeyPoolIDMarker)
	dot := strings.LastIndexByte(rest, '.')
	if !ok || dot < 0 {
		return KeyPoolIDParts{}, fieldErrorf(field, "must be {OperatorID}._V3SSID.{SSID}.{scope}")
	}
	ssid, scope := rest[:dot], rest[dot+1:]
	if checkDottedWords(field, op, 1, MaxOperatorIDLen) != nil {
		return KeyPoolIDParts{}, fieldErrorf(field, "operator part %q is not an OperatorID", op)
	}
	if scope == "" || upperWord(scope, 0) != strings.ToUpper(scope) {
		return KeyPoolIDParts{}, fieldErrorf(field, "scope %q must be [A-Za-z0-9_-]", scope)
	}
	if _, err := NormalizeSSID(ssid); err != nil {
		return KeyPoolIDParts{}, fieldErrorf(field, "SSID part: %s", err.(*FieldError).Reason)
	}
	return KeyPoolIDParts{OperatorID: op, SSID: ssid, Scope: scope}, nil
}

// ValidateKeyPoolID checks a KeyPoolID given in a request loosely: valid
// UTF-8 of 5 to 128 bytes without control characters. The structured form
// may contain an SSID with spaces, and the seeds also show keypool_ABC123
// and keypool_12345678-90ab-cdef-1234-567890abcdef, so the shape is not
// checked here (see ParseKeyPoolID).
func ValidateKeyPoolID(id string) error {
	if !utf8.ValidString(id) || len(id) < 5 || len(id) > 128 {
		return fieldErrorf("KeyPoolID", "must be 5 to 128 characters of valid UTF-8")
	}
	for _, r := range id {
		if unicode.IsControl(r) {
			return fieldErrorf("KeyPoolID", "must not contain control characters")
		}
	}
	return nil
}

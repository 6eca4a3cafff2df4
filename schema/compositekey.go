package schema

import "strings"

// CompositeKeySeparator joins a scope and a value in a composite natural
// key. No scope (OperatorID, VenueID) contains it.
const CompositeKeySeparator = "/"

// CompositeKey returns the composite natural key "{scope}/{value}" that makes
// a value unique within its scope, for the Operator*/Venue* keys of
// Indexes (OperatorNASIdentifier, OperatorEmailAddress,
// VenueExternalVenueUnitID, ...). ok is false when value is blank: the
// command must then drop the property instead of storing a key, so that
// every venue without an externalVenueID does not collide on "OP123/".
// The value is used as given; normalise it first (NormalizeEmail,
// NormalizeNASIdentifier).
func CompositeKey(scope, value string) (key string, ok bool) {
	if strings.TrimSpace(value) == "" {
		return "", false
	}
	return scope + CompositeKeySeparator + value, true
}

// NormalizeEmail returns an email address as it is matched and indexed:
// trimmed and lower-cased (seed 003 validateEmailAddress: "lower-cased for
// matching"). It does not validate the address.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// MaxNASIdentifierLen is the longest NAS-Identifier (RADIUS attribute 32;
// seed 003 configureVenue: up to 253 characters).
const MaxNASIdentifierLen = 253

// NormalizeNASIdentifier returns a NAS-Identifier as it is stored: trimmed
// and upper-cased (configureVenue stores it upper case), 1 to 253 printable
// ASCII characters. Errors name NAS-Identifier.
func NormalizeNASIdentifier(nasID string) (string, error) {
	v := strings.ToUpper(strings.TrimSpace(nasID))
	if v == "" || len(v) > MaxNASIdentifierLen {
		return "", fieldErrorf("NAS-Identifier", "must be 1 to %d characters", MaxNASIdentifierLen)
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return "", fieldErrorf("NAS-Identifier", "must be printable ASCII")
		}
	}
	return v, nil
}

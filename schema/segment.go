package schema

import "strings"

// isWordByte reports whether c is one of [A-Za-z0-9_-], the characters an
// id component may keep.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// upperWord keeps the [A-Za-z0-9_-] bytes of s, upper-cased, and cuts the
// result to at most max bytes (max <= 0: no limit). Everything else
// (spaces, punctuation, non-ASCII letters) is dropped, so "Unit 11" becomes
// "UNIT11" and "GJ - Retail" becomes "GJ-RETAIL".
func upperWord(s string, max int) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isWordByte(c) {
			continue
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		b.WriteByte(c)
		if max > 0 && b.Len() == max {
			break
		}
	}
	return b.String()
}

// checkDottedWords checks that id is 1+ non-empty [A-Za-z0-9_-] segments
// joined by single dots, between min and max bytes long. The error names
// field.
func checkDottedWords(field, id string, min, max int) error {
	if len(id) < min || len(id) > max {
		return fieldErrorf(field, "must be %d to %d characters, got %d", min, max, len(id))
	}
	prevDot := true
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c == '.':
			if prevDot {
				return fieldErrorf(field, "must not start with '.', end with '.' or contain '..'")
			}
			prevDot = true
		case isWordByte(c):
			prevDot = false
		default:
			return fieldErrorf(field, "may contain only letters, digits, '_', '-' and '.', found %q", rune(c))
		}
	}
	if prevDot {
		return fieldErrorf(field, "must not start with '.', end with '.' or contain '..'")
	}
	return nil
}

// reservedIDs are words the API gives a meaning of its own where an id is
// expected: 'global' (keypool scope; addVenueUnits rejects VenueID
// 'global') and 'ALL' (listSubscribers wildcard).
var reservedIDs = []string{"global", "all"}

func checkNotReserved(field, id string) error {
	for _, r := range reservedIDs {
		if strings.EqualFold(id, r) {
			return fieldErrorf(field, "%q is reserved", id)
		}
	}
	return nil
}

package policycache

import (
	"errors"
	"strings"
)

// ErrBadMAC reports a string that is not a 48-bit MAC address.
var ErrBadMAC = errors.New("policycache: not a MAC address")

// lowerHex returns c as a lower-case hex digit; ok is false when c is not one.
func lowerHex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
		return c, true
	case c >= 'A' && c <= 'F':
		return c + 'a' - 'A', true
	}
	return 0, false
}

// NormalizeMAC returns s as 12 lower-case hex digits. It accepts every
// common form: aabbccddeeff, AA-BB-CC-DD-EE-FF, aa:bb:cc:dd:ee:ff,
// aabb.ccdd.eeff, and a Called-Station-Id style "MAC:SSID" suffix is
// ignored after the twelfth digit only when separated by ':' or '-'.
func NormalizeMAC(s string) (string, error) {
	var out [12]byte
	n := 0
	for i := 0; i < len(s) && n < 12; i++ {
		if h, ok := lowerHex(s[i]); ok {
			out[n] = h
			n++
		} else if c := s[i]; c != ':' && c != '-' && c != '.' {
			return "", ErrBadMAC
		}
		if n == 12 && i+1 < len(s) && s[i+1] != ':' && s[i+1] != '-' {
			return "", ErrBadMAC
		}
	}
	if n != 12 {
		return "", ErrBadMAC
	}
	return string(out[:]), nil
}

// SplitCalledStationID splits a Called-Station-Id "AA-BB-CC-DD-EE-FF:SSID"
// into the normalised BSSID and the SSID. Separators between the MAC
// digits may be any single non-hex character (FreeRADIUS test data uses
// "5c:df:89:11L3bL3c:SSID"). ok is false when no MAC leads the string.
func SplitCalledStationID(s string) (bssid, ssid string, ok bool) {
	var out [12]byte
	n, i := 0, 0
	for ; i < len(s) && n < 12; i++ {
		if h, isHex := lowerHex(s[i]); isHex {
			out[n] = h
			n++
		} else if n == 0 || n%2 != 0 {
			return "", "", false
		}
	}
	if n != 12 {
		return "", "", false
	}
	rest := s[i:]
	if rest != "" {
		if rest[0] != ':' && rest[0] != '-' {
			return "", "", false
		}
		rest = rest[1:]
	}
	return string(out[:]), strings.TrimSpace(rest), true
}

package schema

import (
	"net/netip"
	"strconv"
	"strings"
)

// Claim markers in the natural ids of claim vertices.
const (
	VLANClaimMarker = "._V3VLAN."
	PSKClaimMarker  = "._V3PSK."
)

// VLAN range (IEEE 802.1Q; seed 003 addVenueUnits "VLAN must be between 1-4095").
const (
	MinVLAN = 1
	MaxVLAN = 4095
)

// VLANClaimKey returns the natural id of the claim that gives vlan at venue
// venueID to one unit: {VenueID}._V3VLAN.{vlan} (decimal, no leading
// zeros). A command assigning a VLAN adds the vertex
// GraphID(VertexVLANClaim, key) with a claim_held_by edge to the unit in the
// same traversal as the unit; a second unit asking for the same VLAN fails
// on the existing id, on every backend. Errors name VenueID or vlan.
func VLANClaimKey(venueID string, vlan int64) (string, error) {
	if err := ValidateVenueID(venueID); err != nil {
		return "", err
	}
	if vlan < MinVLAN || vlan > MaxVLAN {
		return "", fieldErrorf("vlan", "VLAN must be between %d-%d, got %d", MinVLAN, MaxVLAN, vlan)
	}
	return venueID + VLANClaimMarker + strconv.FormatInt(vlan, 10), nil
}

// Blind index limits: crypto's KeyRing.BlindIndex yields 43 characters of
// unpadded base64url; hex digests of 128 to 512 bits also fit.
const (
	minBlindIndexLen = 16
	maxBlindIndexLen = 128
)

// PSKClaimKey returns the natural id of the claim that keeps a passphrase
// unique within a keypool: {KeyPoolID}._V3PSK.{blindIndex}. blindIndex is
// the already computed keyed digest of the passphrase (hex or unpadded
// base64url, as crypto's BlindIndex returns; 16 to 128 characters of
// [A-Za-z0-9_-], used as given because base64url is case-sensitive). The
// keypool is the scope because its SSID is unique at every venue it is
// attached to (addKeypool: "SSID uniqueness at venue"), so one passphrase
// can only ever identify one key on one SSID. Errors name KeyPoolID or
// psk.
func PSKClaimKey(keyPoolID, blindIndex string) (string, error) {
	if _, err := ParseKeyPoolID(keyPoolID); err != nil {
		return "", err
	}
	if len(blindIndex) < minBlindIndexLen || len(blindIndex) > maxBlindIndexLen {
		return "", fieldErrorf("psk", "blind index must be %d to %d characters", minBlindIndexLen, maxBlindIndexLen)
	}
	for i := 0; i < len(blindIndex); i++ {
		if !isWordByte(blindIndex[i]) {
			return "", fieldErrorf("psk", "blind index must be hex or base64url")
		}
	}
	return keyPoolID + PSKClaimMarker + blindIndex, nil
}

// ValueClaimKey returns the natural id of the claim that keeps value unique
// for a unique index: "{index name}/{value}", e.g.
// by_venue_OperatorNASIdentifier/OP123/HOTEL.DOWNTOWN.NYC. value is what the
// indexed property holds (usually a CompositeKey). This is how Neptune and
// the embedded engine, which have no unique constraints, enforce the
// unique indexes that JanusGraph enforces with locks. It fails when idx is
// not a unique index of Indexes or value is empty, naming the indexed key.
func ValueClaimKey(idx Index, value string) (string, error) {
	if !idx.Unique || !declaredIndex(idx) {
		return "", fieldErrorf(idx.Key, "is not declared as a unique index on %s", idx.Label)
	}
	if value == "" {
		return "", fieldErrorf(idx.Key, "must not be empty")
	}
	return idx.Name() + "/" + value, nil
}

// GatewayAddressClaimPrefix starts the natural id of a RADIUS gateway address claim.
// Value claim keys start with an index name ("by_..."), so the two never collide.
const GatewayAddressClaimPrefix = "radius_gateway/"

// GatewayAddressClaimKey returns the natural id of the claim that gives one source IP
// address of RADIUS gateways to one venue: radius_gateway/{address}. The claim is
// global, not per operator, because radiusd tells venues apart by the packet's source
// address. configureVenue adds the vertex GraphID(VertexValueClaim, key) with a
// claim_held_by edge to the venue in the same traversal as the venue's new
// GatewayAddresses, so a second venue asking for the address fails on the existing id
// (and, on JanusGraph, on the unique ClaimKey index), whatever the isolation of the
// backend; the claim is dropped with the venue or when the address leaves its list.
//
// addr must be in the form netip.Addr.String gives an unmapped address without a zone
// ("192.0.2.1", "2001:db8::1"), so that one address has exactly one claim; any other
// spelling, an unspecified or multicast address fails naming GatewayAddresses.
func GatewayAddressClaimKey(addr string) (string, error) {
	a, err := netip.ParseAddr(addr)
	switch {
	case err != nil:
		return "", fieldErrorf("GatewayAddresses", "%q is not an IP address", addr)
	case a.Zone() != "" || a.Is4In6() || a.String() != addr:
		return "", fieldErrorf("GatewayAddresses", "%q is not in canonical form (%s)", addr, a.Unmap().WithZone("").String())
	case a.IsUnspecified() || a.IsMulticast():
		return "", fieldErrorf("GatewayAddresses", "%q is not a unicast address", addr)
	}
	return GatewayAddressClaimPrefix + addr, nil
}

// VenueAddressClaimPrefix starts the natural id of a venue street address claim. Value
// claim keys start with an index name ("by_..."), so the two never collide.
const VenueAddressClaimPrefix = "venue_address/"

// VenueAddressClaimKey returns the natural id of the claim that gives one street address
// to one venue of an operator: venue_address/{OperatorID}/{PostalCode}/{AddressLine1}
// (AddressLine1 last: it is the only part that may contain "/"). Venues of one operator
// must not share AddressLine1 and PostalCode; addVenue, updateVenueAddress and
// configureVenue add the vertex GraphID(VertexValueClaim, key) with a claim_held_by edge
// to the venue in the same traversal as the venue's address, so a second venue asking
// for the address fails on the existing id (and, on JanusGraph, on the unique ClaimKey
// index) whatever the isolation of the backend; the claim is dropped when the venue's
// address changes and with the venue.
//
// The parts are compared as the venue stores them, which is what the check the claim
// replaces compared: addressLine1 as sanitised (trimmed, not case-folded) and postalCode
// trimmed and upper-cased. Other spellings (untrimmed, a lower-case postal code) would
// give the same address a second claim and fail, as do a blank part, a postal code
// holding "/" and an invalid OperatorID, naming the field.
func VenueAddressClaimKey(operatorID, addressLine1, postalCode string) (string, error) {
	if err := ValidateOperatorID(operatorID); err != nil {
		return "", err
	}
	switch {
	case strings.TrimSpace(addressLine1) == "":
		return "", fieldErrorf("AddressLine1", "must not be empty")
	case strings.TrimSpace(addressLine1) != addressLine1:
		return "", fieldErrorf("AddressLine1", "must be trimmed as stored")
	case strings.TrimSpace(postalCode) == "":
		return "", fieldErrorf("PostalCode", "must not be empty")
	case strings.TrimSpace(postalCode) != postalCode || strings.ToUpper(postalCode) != postalCode:
		return "", fieldErrorf("PostalCode", "must be trimmed and upper case as stored")
	case strings.Contains(postalCode, CompositeKeySeparator):
		return "", fieldErrorf("PostalCode", "must not contain %q", CompositeKeySeparator)
	}
	return VenueAddressClaimPrefix + operatorID + CompositeKeySeparator + postalCode + CompositeKeySeparator + addressLine1, nil
}

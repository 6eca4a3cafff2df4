package schema

import "strings"

// Limits of the UnitID_internal components (seed 003 addVenueUnits, "UnitID_internal
// Construction", lines 3669–3675).
const (
	MaxUnitComponentLen = 20
	// DefaultUnitBuilding and DefaultUnitFloor stand in for an absent
	// building or floor ("Default Values - ... Building: 'DEFAULT', Floor:
	// 'DEFAULT'", line 3682).
	DefaultUnitBuilding = "DEFAULT"
	DefaultUnitFloor    = "DEFAULT"
	// MaxUnitIDInternalLen is the longest UnitID_internal: a VenueID and
	// three dot-prefixed components.
	MaxUnitIDInternalLen = MaxVenueIDLen + 3*(1+MaxUnitComponentLen)
)

// UnitIDInternal builds a unit's UnitID_internal, its vertex id before
// GraphID:
//
//	{VenueID}.{UNITID}.{BUILDING}.{FLOOR}
//
// The VenueID is kept as is (it must pass ValidateVenueID). Each of unitID,
// building and floor keeps only [A-Za-z0-9_-], is upper-cased and cut to 20
// characters: "Unit 11" → UNIT11, "Building-A" → BUILDING-A. An empty (or
// all-blank) building or floor becomes DEFAULT. The seed lists truncation
// before filtering; filtering first is used so that leading spaces or
// punctuation never shorten or empty a component, and both orders give the
// same result for every sample. A component with nothing left after
// filtering is an error naming its field (UnitID, UnitBuilding, UnitFloor).
//
// Samples reproduced: venue_123.UNIT-101.BUILDING-A.FLOOR-3,
// venue_12345.UNIT101.BLDG1.FLOOR2,
// venue_hotel_downtown._V3VENUE.12345.101.BUILDING-A.1.
func UnitIDInternal(venueID, unitID, building, floor string) (string, error) {
	if err := ValidateVenueID(venueID); err != nil {
		return "", err
	}
	u, err := NormalizeUnitComponent("UnitID", unitID, "")
	if err != nil {
		return "", err
	}
	bl, err := NormalizeUnitComponent("UnitBuilding", building, DefaultUnitBuilding)
	if err != nil {
		return "", err
	}
	fl, err := NormalizeUnitComponent("UnitFloor", floor, DefaultUnitFloor)
	if err != nil {
		return "", err
	}
	return venueID + "." + u + "." + bl + "." + fl, nil
}

// NormalizeUnitComponent normalises one UnitID_internal component as
// UnitIDInternal does. A blank value becomes def, or is an error when def is
// "". The error names field.
func NormalizeUnitComponent(field, value, def string) (string, error) {
	if strings.TrimSpace(value) == "" {
		if def == "" {
			return "", fieldErrorf(field, "is required")
		}
		return def, nil
	}
	w := upperWord(value, MaxUnitComponentLen)
	if w == "" {
		return "", fieldErrorf(field, "must contain a letter, digit, '_' or '-', got %q", value)
	}
	return w, nil
}

// UnitIDParts are the pieces of a UnitID_internal.
type UnitIDParts struct {
	VenueID, UnitID, Building, Floor string
}

// ParseUnitIDInternal splits a UnitID_internal built by UnitIDInternal into
// its VenueID and components, reading the last three dot-separated
// components from the right (a VenueID may contain dots; components never
// do). It fails, naming UnitID_internal, when the id does not have that
// shape (for example the seeds' unit_12345 or unit_67890._V3VENUE, which
// contradict the construction rule and can only be looked up as given).
func ParseUnitIDInternal(id string) (UnitIDParts, error) {
	const field = "UnitID_internal"
	if len(id) > MaxUnitIDInternalLen {
		return UnitIDParts{}, fieldErrorf(field, "must be at most %d characters", MaxUnitIDInternalLen)
	}
	var comps [3]string
	rest := id
	for i := 2; i >= 0; i-- {
		dot := strings.LastIndexByte(rest, '.')
		if dot < 0 {
			return UnitIDParts{}, fieldErrorf(field, "must be VenueID.UnitID.Building.Floor")
		}
		comps[i] = rest[dot+1:]
		rest = rest[:dot]
		if comps[i] == "" || len(comps[i]) > MaxUnitComponentLen || upperWord(comps[i], 0) != comps[i] {
			return UnitIDParts{}, fieldErrorf(field, "component %q must be 1 to %d of [A-Z0-9_-]", comps[i], MaxUnitComponentLen)
		}
	}
	if err := ValidateVenueID(rest); err != nil {
		return UnitIDParts{}, fieldErrorf(field, "venue part: %s", err.(*FieldError).Reason)
	}
	return UnitIDParts{VenueID: rest, UnitID: comps[0], Building: comps[1], Floor: comps[2]}, nil
}

// ValidateUnitIDInternal checks a UnitID_internal given in a request: 5 to
// MaxUnitIDInternalLen characters of dot-joined [A-Za-z0-9_-] segments. It
// is deliberately looser than ParseUnitIDInternal so that ids the seeds show
// in other shapes (unit_12345, unit_hotel_room_101) can still be looked up.
func ValidateUnitIDInternal(id string) error {
	return checkDottedWords("UnitID_internal", id, 5, MaxUnitIDInternalLen)
}

// UnitIDFromAddress generates a UnitID for a unit added without one (seed
// 003 addVenueUnits step 4: "first and last word concatenated with
// hyphen"): the first word of AddressLine1 joined by '-' to the last word of
// the two lines together, e.g. ("12 Main St", "Apt 4B") → "12-4B", or the
// single word when there is only one. Words are separated by white space.
// The result is cut to 20 characters. It fails, naming UnitID, when both
// lines are blank.
func UnitIDFromAddress(addressLine1, addressLine2 string) (string, error) {
	words := strings.Fields(addressLine1 + " " + addressLine2)
	if len(words) == 0 {
		return "", fieldErrorf("UnitID", "could not be generated from AddressLine1/AddressLine2: both are empty")
	}
	id := words[0]
	if len(words) > 1 {
		id += "-" + words[len(words)-1]
	}
	if len(id) > MaxUnitComponentLen {
		id = truncateUTF8(id, MaxUnitComponentLen)
	}
	return id, nil
}

// truncateUTF8 cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

package schema

import "strings"

// EquipmentIDMarker separates the venue from the equipment in an
// EquipmentID_internal (seed 003 addVenueEquipment, line 11082:
// VenueID._V3EQUIPMENT.EquipmentID; sample venue_12345._V3EQUIPMENT.GW-MAIN-01).
const EquipmentIDMarker = "._V3EQUIPMENT."

// EquipmentID limits (seed 003 configureVenueEquipment: [5 .. 100] characters).
const (
	MinEquipmentIDLen = 5
	MaxEquipmentIDLen = 100
)

// ValidateEquipmentID checks a caller-chosen EquipmentID: 5 to 100
// characters of [A-Za-z0-9_.:-] (GW-MAIN-01, gw_mikrotik_001, AP_CISCO_001,
// equipment_12345678-90ab-cdef-1234-567890abcdef; ':' admits MAC-style ids).
func ValidateEquipmentID(id string) error {
	if len(id) < MinEquipmentIDLen || len(id) > MaxEquipmentIDLen {
		return fieldErrorf("EquipmentID", "must be %d to %d characters, got %d", MinEquipmentIDLen, MaxEquipmentIDLen, len(id))
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !isWordByte(c) && c != '.' && c != ':' {
			return fieldErrorf("EquipmentID", "may contain only letters, digits, '_', '-', '.' and ':', found %q", rune(c))
		}
	}
	return nil
}

// EquipmentIDInternal builds {VenueID}._V3EQUIPMENT.{EquipmentID}, the id
// of an equipment vertex; the EquipmentID is kept as given, so it is unique
// within the venue exactly when the vertex id is unique. Errors name
// VenueID or EquipmentID.
func EquipmentIDInternal(venueID, equipmentID string) (string, error) {
	if err := ValidateVenueID(venueID); err != nil {
		return "", err
	}
	if err := ValidateEquipmentID(equipmentID); err != nil {
		return "", err
	}
	return venueID + EquipmentIDMarker + equipmentID, nil
}

// ParseEquipmentIDInternal splits an EquipmentID_internal at its first
// marker into VenueID and EquipmentID. It fails, naming
// EquipmentID_internal, when the marker is missing or a part is invalid.
func ParseEquipmentIDInternal(id string) (venueID, equipmentID string, err error) {
	v, e, ok := strings.Cut(id, EquipmentIDMarker)
	if !ok || ValidateVenueID(v) != nil || ValidateEquipmentID(e) != nil {
		return "", "", fieldErrorf("EquipmentID_internal", "must be {VenueID}._V3EQUIPMENT.{EquipmentID}")
	}
	return v, e, nil
}

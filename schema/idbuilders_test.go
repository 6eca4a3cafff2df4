package schema

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// wantField asserts err is a *FieldError naming field ("" = no error).
func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v, want a FieldError naming %s", err, field)
	}
	if fe.Field != field {
		t.Fatalf("error %q names %q, want %q", fe, fe.Field, field)
	}
}

func TestNewVenueID(t *testing.T) {
	base := VenueIDParts{OperatorID: "OP123", VenueName: "Sunset Apartments", Country: "usa", State: "CA", PostalCode: "94102", City: "San Francisco"}
	with := func(f func(*VenueIDParts)) VenueIDParts { p := base; f(&p); return p }
	tests := []struct {
		name    string
		parts   VenueIDParts
		ordinal int
		want    string
		field   string
	}{
		{"basic", base, 0, "OP123._V3VENUE.USA.CA.94102.SUNSETAP.SANFRANCISCO", ""},
		{"ordinal", base, 2, "OP123._V3VENUE.USA.CA.94102.SUNSETAP2.SANFRANCISCO", ""},
		{"seed short name keeps hyphen", with(func(p *VenueIDParts) {
			p.OperatorID, p.VenueName, p.State, p.PostalCode, p.City = "USA.CO.80112.ROAMINGIQ.WALPOLE", "GJ - Retail Test 1", "CA", "93021", "Moorpark"
		}), 0, "USA.CO.80112.ROAMINGIQ.WALPOLE._V3VENUE.USA.CA.93021.GJ-RETAI.MOORPARK", ""},
		{"seed GJ Test Venue", with(func(p *VenueIDParts) { p.VenueName, p.City = "GJ Test Venue 1", "Moorpark" }), 0, "OP123._V3VENUE.USA.CA.94102.GJTESTVE.MOORPARK", ""},
		{"bad operator", with(func(p *VenueIDParts) { p.OperatorID = "OP 1" }), 0, "", "OperatorID"},
		{"bad country", with(func(p *VenueIDParts) { p.Country = "US" }), 0, "", "Country"},
		{"digit country", with(func(p *VenueIDParts) { p.Country = "U5A" }), 0, "", "Country"},
		{"empty name", with(func(p *VenueIDParts) { p.VenueName = " !! " }), 0, "", "VenueName"},
		{"empty city", with(func(p *VenueIDParts) { p.City = "" }), 0, "", "City"},
		{"empty state", with(func(p *VenueIDParts) { p.State = "" }), 0, "", "State"},
		{"empty postal", with(func(p *VenueIDParts) { p.PostalCode = "-" }), 0, "-", ""},
		{"ordinal too big", base, MaxVenueIDOrdinal + 1, "", "VenueID"},
		{"negative ordinal", base, -1, "", "VenueID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewVenueID(tc.parts, tc.ordinal)
			wantField(t, err, tc.field)
			if tc.field != "" {
				return
			}
			if tc.want != "-" && got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			if err := ValidateVenueID(got); err != nil {
				t.Fatalf("generated id fails validation: %v", err)
			}
		})
	}
}

func TestNewVenueIDLongestFitsLimit(t *testing.T) {
	p := VenueIDParts{
		OperatorID: strings.Repeat("O", MaxOperatorIDLen),
		VenueName:  strings.Repeat("N", 50), Country: "USA",
		State: strings.Repeat("S", 50), PostalCode: strings.Repeat("9", 50), City: strings.Repeat("C", 50),
	}
	id, err := NewVenueID(p, MaxVenueIDOrdinal)
	if err != nil {
		t.Fatal(err)
	}
	if len(id) > MaxVenueIDLen {
		t.Fatalf("len %d > %d: %s", len(id), MaxVenueIDLen, id)
	}
	if tuple, ok := VenueLocationTuple(id); !ok || !strings.HasPrefix(tuple, "USA.") {
		t.Fatalf("VenueLocationTuple = %q, %v", tuple, ok)
	}
	if _, ok := VenueLocationTuple("venue_12345"); ok {
		t.Fatal("tuple found in an id without marker")
	}
}

func TestUnitIDInternal(t *testing.T) {
	tests := []struct {
		name                         string
		venue, unit, building, floor string
		want                         string
		field                        string
	}{
		{"seed 3674", "venue_123", "unit-101", "Building-A", "Floor-3", "venue_123.UNIT-101.BUILDING-A.FLOOR-3", ""},
		{"seed 3887", "venue_hotel_downtown._V3VENUE.12345", "101", "BUILDING-A", "1", "venue_hotel_downtown._V3VENUE.12345.101.BUILDING-A.1", ""},
		{"seed 002 Unit 11", "V.USA.CA.93021.GJ-RETAI.MOORPARK", "Unit 11", "1", "1", "V.USA.CA.93021.GJ-RETAI.MOORPARK.UNIT11.1.1", ""},
		{"defaults", "venue_123", "A1", "", "  ", "venue_123.A1.DEFAULT.DEFAULT", ""},
		{"truncated to 20 after filtering", "venue_123", "  #Apartment Number 1234567890", "b", "f", "venue_123.APARTMENTNUMBER12345.B.F", ""},
		{"non-ascii dropped", "venue_123", "Café 7", "b", "f", "venue_123.CAF7.B.F", ""},
		{"missing unit", "venue_123", " ", "b", "f", "", "UnitID"},
		{"unit only punctuation", "venue_123", "###", "b", "f", "", "UnitID"},
		{"building only punctuation", "venue_123", "1", "!!", "f", "", "UnitBuilding"},
		{"floor only punctuation", "venue_123", "1", "b", "é", "", "UnitFloor"},
		{"bad venue", "global", "1", "b", "f", "", "VenueID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := UnitIDInternal(tc.venue, tc.unit, tc.building, tc.floor)
			wantField(t, err, tc.field)
			if tc.field != "" {
				return
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			p, err := ParseUnitIDInternal(got)
			if err != nil {
				t.Fatalf("ParseUnitIDInternal(%q): %v", got, err)
			}
			if p.VenueID != tc.venue {
				t.Fatalf("parsed venue %q, want %q", p.VenueID, tc.venue)
			}
		})
	}
}

func TestParseUnitIDInternalRejects(t *testing.T) {
	for _, id := range []string{"unit_12345", "unit_67890._V3VENUE", "venue_123.unit.B.F", "venue_123..B.F", "v.A.B.C", "venue_123.A.B." + strings.Repeat("F", 21)} {
		t.Run(id, func(t *testing.T) {
			_, err := ParseUnitIDInternal(id)
			wantField(t, err, "UnitID_internal")
		})
	}
}

func TestUnitIDFromAddress(t *testing.T) {
	tests := []struct {
		name, line1, line2, want, field string
	}{
		{"two lines", "12 Main St", "Apt 4B", "12-4B", ""},
		{"one line", "12 Main St", "", "12-St", ""},
		{"one word", "Penthouse", "", "Penthouse", ""},
		{"cut to 20", "1234567890123 x", "abcdefghijkl", "1234567890123-abcdef", ""},
		{"empty", " ", "\t", "", "UnitID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := UnitIDFromAddress(tc.line1, tc.line2)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNewServicePlanID(t *testing.T) {
	tests := []struct {
		name, operator, plan, want, field string
	}{
		{"seed 12510", "OPERATOR456", "Basic Home Internet", "OPERATOR456._V3SERVICEPLAN_.BASICHOMEINTERNET", ""},
		{"seed OP001", "OP001", "Premium", "OP001._V3SERVICEPLAN_.PREMIUM", ""},
		{"seed 750 Mbps", "USA.CO.80112.ROAMINGIQ.WALPOLE", "750 Mbps", "USA.CO.80112.ROAMINGIQ.WALPOLE._V3SERVICEPLAN_.750MBPS", ""},
		{"punctuation", "OP1", "500MB x 500MB (fiber)!", "OP1._V3SERVICEPLAN_.500MBX500MBFIBER", ""},
		{"long name cut", "OP1", strings.Repeat("a", 300), "OP1._V3SERVICEPLAN_." + strings.Repeat("A", MaxServicePlanCodeLen), ""},
		{"empty code", "OP1", "¡¿", "", "ServicePlanName"},
		{"bad operator", "", "Basic", "", "OperatorID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewServicePlanID(tc.operator, tc.plan)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			if tc.field == "" {
				wantField(t, ValidateServicePlanID(got), "")
			}
		})
	}
}

func TestNewKeyPoolID(t *testing.T) {
	tests := []struct {
		name, operator, ssid, scope, want, field string
	}{
		{"seed global", "OP123", "GuestWiFi", "global", "OP123._V3SSID.GuestWiFi.global", ""},
		{"seed local", "OP123", "ResidentWiFi", "a8f3d2e1", "OP123._V3SSID.ResidentWiFi.a8f3d2e1", ""},
		{"ssid trimmed and cut", "OP1", "  " + strings.Repeat("s", 40), "global", "OP1._V3SSID." + strings.Repeat("s", 32) + ".global", ""},
		{"ssid with dot and space", "OP1", "Café v2.0", "global", "OP1._V3SSID.Café v2.0.global", ""},
		{"ssid too short", "OP1", " a ", "global", "", "SSID"},
		{"ssid control", "OP1", "ab\ncd", "global", "", "SSID"},
		{"ssid invalid utf8", "OP1", "ab\xff", "global", "", "SSID"},
		{"scope local word", "OP1", "Guest", "local", "", "Scope"},
		{"scope upper", "OP1", "Guest", "A8F3D2E1", "", "Scope"},
		{"bad operator", "OP 1", "Guest", "global", "", "OperatorID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewKeyPoolID(tc.operator, tc.ssid, tc.scope)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			if tc.field != "" {
				return
			}
			p, err := ParseKeyPoolID(got)
			if err != nil {
				t.Fatal(err)
			}
			if p.OperatorID != tc.operator || p.Scope != tc.scope {
				t.Fatalf("parsed %+v", p)
			}
		})
	}
}

func TestParseKeyPoolID(t *testing.T) {
	tests := []struct {
		id    string
		want  KeyPoolIDParts
		field string
	}{
		{"USA.TX.75001.CORPORATE._V3SSID.OLDWIFI.local", KeyPoolIDParts{"USA.TX.75001.CORPORATE", "OLDWIFI", "local"}, ""},
		{"OP1._V3SSID.My.Net.global", KeyPoolIDParts{"OP1", "My.Net", "global"}, ""},
		{"keypool_ABC123", KeyPoolIDParts{}, "KeyPoolID"},
		{"OP1._V3SSID.global", KeyPoolIDParts{}, "KeyPoolID"},
		{"OP1._V3SSID.Net.", KeyPoolIDParts{}, "KeyPoolID"},
		{"OP 1._V3SSID.Net.global", KeyPoolIDParts{}, "KeyPoolID"},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			got, err := ParseKeyPoolID(tc.id)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestNewLocalKeyPoolScope(t *testing.T) {
	got, err := NewLocalKeyPoolScope(bytes.NewReader([]byte{0xa8, 0xf3, 0xd2, 0xe1}))
	if err != nil || got != "a8f3d2e1" {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, err := NewLocalKeyPoolScope(bytes.NewReader([]byte{1})); err == nil {
		t.Fatal("short reader accepted")
	}
}

func TestEquipmentIDInternal(t *testing.T) {
	tests := []struct {
		name, venue, equipment, want, field string
	}{
		{"seed 11191", "venue_12345", "GW-MAIN-01", "venue_12345._V3EQUIPMENT.GW-MAIN-01", ""},
		{"bad venue", "ALL", "GW-MAIN-01", "", "VenueID"},
		{"short equipment", "venue_12345", "GW1", "", "EquipmentID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EquipmentIDInternal(tc.venue, tc.equipment)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			if tc.field == "" {
				v, e, err := ParseEquipmentIDInternal(got)
				if err != nil || v != tc.venue || e != tc.equipment {
					t.Fatalf("parse = %q, %q, %v", v, e, err)
				}
			}
		})
	}
	_, _, err := ParseEquipmentIDInternal("equipment_12345678-90ab")
	wantField(t, err, "EquipmentID_internal")
}

func TestNewSubscriberToken(t *testing.T) {
	// 0xFF bytes are rejected by the sampler; 0x00 maps to 'a', 0x1D (29) to '9'.
	src := append(bytes.Repeat([]byte{0xFF}, 5), append(bytes.Repeat([]byte{0x00}, 6), bytes.Repeat([]byte{0x1D}, 40)...)...)
	got, err := NewSubscriberToken(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if got != "sub_aaaaaa999999" {
		t.Fatalf("got %q", got)
	}
	wantField(t, ValidateSubscriberToken(got), "")
	if _, err := NewSubscriberToken(bytes.NewReader(nil)); err == nil {
		t.Fatal("empty reader accepted")
	}
}

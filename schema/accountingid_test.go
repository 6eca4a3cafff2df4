package schema

import (
	"strings"
	"testing"
	"time"
)

func TestSessionKey(t *testing.T) {
	tests := []struct {
		name, venue, session, want, field string
	}{
		{"plain", "venue_12345", "4F2A0001", "venue_12345._V3SESSION.4F2A0001", ""},
		{"session id kept as given", "venue_12345", "ab-cd/ef 01", "venue_12345._V3SESSION.ab-cd/ef 01", ""},
		{"longest session id", "venue_12345", strings.Repeat("x", MaxAcctSessionIDLen), "venue_12345._V3SESSION." + strings.Repeat("x", MaxAcctSessionIDLen), ""},
		{"empty session id", "venue_12345", "", "", "Acct-Session-Id"},
		{"session id too long", "venue_12345", strings.Repeat("x", MaxAcctSessionIDLen+1), "", "Acct-Session-Id"},
		{"bad venue", "venue 1", "S1", "", "VenueID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SessionKey(tc.venue, tc.session)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	// Different venues never share a session vertex, even for equal session ids.
	a, _ := SessionKey("venue_a", "S1")
	b, _ := SessionKey("venue_b", "S1")
	if GraphID(VertexSession, a) == GraphID(VertexSession, b) {
		t.Fatal("sessions of two venues share an id")
	}
}

func TestUnitDailyUsageKey(t *testing.T) {
	tests := []struct {
		name, venue, unit, day, want, field string
	}{
		{"plain", "venue_12345", "venue_12345.UNIT101.BLDG1.FLOOR2", "20250911", "venue_12345._V3USAGE.venue_12345.UNIT101.BLDG1.FLOOR2.20250911", ""},
		{"bad venue", "v", "venue_12345.UNIT101.BLDG1.FLOOR2", "20250911", "", "VenueID"},
		{"bad unit", "venue_12345", "unit 1", "20250911", "", "UnitID_internal"},
		{"bad day", "venue_12345", "venue_12345.UNIT101.BLDG1.FLOOR2", "2025-09-11", "", "DailyBWReportDateTimeUTC"},
		{"impossible day", "venue_12345", "venue_12345.UNIT101.BLDG1.FLOOR2", "20250231", "", "DailyBWReportDateTimeUTC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := UnitDailyUsageKey(tc.venue, tc.unit, tc.day)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestUsageDay(t *testing.T) {
	// 23:30 on the 11th in Chicago is the 12th in UTC: days are UTC.
	chicago := time.FixedZone("CDT", -5*3600)
	at := time.Date(2025, 9, 11, 23, 30, 0, 0, chicago)
	if got := UsageDay(at); got != "20250912" {
		t.Fatalf("UsageDay = %s", got)
	}
	start, err := ParseUsageDay("20250912")
	if err != nil || !start.Equal(time.Date(2025, 9, 12, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("ParseUsageDay = %v, %v", start, err)
	}
}

package schema

import (
	"strings"
	"testing"
)

func TestGraphID(t *testing.T) {
	tests := []struct {
		kind    VertexLabel
		natural string
		want    string
	}{
		{VertexVenue, "venue_12345._V3VENUE", "venue:venue_12345._V3VENUE"},
		{VertexEquipment, "venue_12345._V3EQUIPMENT.GW-MAIN-01", "equipment:venue_12345._V3EQUIPMENT.GW%2DMAIN%2D01"},
		{VertexSubscriber, "5978d2e8-9540-4612-816f-1d14f6ba38e8", "subscriber:5978d2e8%2D9540%2D4612%2D816f%2D1d14f6ba38e8"},
		{VertexKeypool, "OP1._V3SSID.Café Wi:Fi%.global", "keypool:OP1._V3SSID.Caf%C3%A9%20Wi%3AFi%25.global"},
		{VertexValueClaim, "by_venue_OperatorNASIdentifier/OP1/X", "value_claim:by_venue_OperatorNASIdentifier%2FOP1%2FX"},
		{VertexOperator, "", "operator:"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			got := GraphID(tc.kind, tc.natural)
			if got != tc.want {
				t.Fatalf("GraphID = %q, want %q", got, tc.want)
			}
			assertPortable(t, got)
			kind, natural, err := ParseGraphID(got)
			if err != nil || kind != tc.kind || natural != tc.natural {
				t.Fatalf("ParseGraphID = %q, %q, %v", kind, natural, err)
			}
		})
	}
}

// assertPortable checks the JanusGraph custom string id rules: printable
// ASCII, no '-'.
func assertPortable(t *testing.T, id string) {
	t.Helper()
	for i := 0; i < len(id); i++ {
		if id[i] < 0x20 || id[i] > 0x7e || id[i] == '-' {
			t.Fatalf("id %q has non-portable byte %q", id, id[i])
		}
	}
}

func TestParseGraphIDRejects(t *testing.T) {
	for _, id := range []string{
		"venue_12345", // no kind
		"planet:x",    // unknown kind
		"venue:a-b",   // unescaped '-'
		"venue:a%2",   // truncated escape
		"venue:a%2d",  // lower-case hex
		"venue:a%41",  // needless escape of 'A'
		"venue:a b",   // unescaped space
		"venue:%G0",   // not hex
	} {
		t.Run(id, func(t *testing.T) {
			if _, _, err := ParseGraphID(id); err == nil {
				t.Fatalf("accepted %q", id)
			}
		})
	}
}

func FuzzGraphIDRoundTrip(f *testing.F) {
	for _, s := range []string{"", "venue_12345", "GW-MAIN-01", "a%2Db", "Café", "\x00\xff", strings.Repeat("-", 10)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, natural string) {
		id := GraphID(VertexVenueUnit, natural)
		assertPortable(t, id)
		kind, got, err := ParseGraphID(id)
		if err != nil || kind != VertexVenueUnit || got != natural {
			t.Fatalf("round trip of %q: %q, %q, %v", natural, kind, got, err)
		}
	})
}

func BenchmarkGraphID(b *testing.B) {
	natural := "USA.CO.80112.ROAMINGIQ.WALPOLE._V3VENUE.USA.CA.93021.GJ-RETAI.MOORPARK.UNIT11.1.1"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = GraphID(VertexVenueUnit, natural)
	}
}

func BenchmarkUnitIDInternal(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, _ = UnitIDInternal("OP123._V3VENUE.USA.CA.94102.SUNSETAP.SANFRANCISCO", "Unit 11", "Building A", "Floor 3")
	}
}

package schema

import (
	"strings"
	"testing"
)

func TestVLANClaimKey(t *testing.T) {
	tests := []struct {
		name  string
		venue string
		vlan  int64
		want  string
		field string
	}{
		{"first", "venue_12345", 1, "venue_12345._V3VLAN.1", ""},
		{"last", "venue_12345", 4095, "venue_12345._V3VLAN.4095", ""},
		{"zero", "venue_12345", 0, "", "vlan"},
		{"too big", "venue_12345", 4096, "", "vlan"},
		{"bad venue", "global", 10, "", "VenueID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := VLANClaimKey(tc.venue, tc.vlan)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	a, _ := VLANClaimKey("venue_1", 10)
	b, _ := VLANClaimKey("venue_1", 100)
	c, _ := VLANClaimKey("venue_10", 10)
	if a == b || a == c {
		t.Fatal("distinct (venue, vlan) pairs share a claim")
	}
}

func TestPSKClaimKey(t *testing.T) {
	b64 := "q1Kz0_-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
	tests := []struct {
		name, pool, index, want, field string
	}{
		{"base64url", "OP123._V3SSID.GuestWiFi.global", b64, "OP123._V3SSID.GuestWiFi.global._V3PSK." + b64, ""},
		{"hex", "OP123._V3SSID.GuestWiFi.global", strings.Repeat("ab", 32), "OP123._V3SSID.GuestWiFi.global._V3PSK." + strings.Repeat("ab", 32), ""},
		{"short", "OP123._V3SSID.GuestWiFi.global", "abc", "", "psk"},
		{"padded base64", "OP123._V3SSID.GuestWiFi.global", strings.Repeat("a", 20) + "==", "", "psk"},
		{"bad pool", "keypool_12345", b64, "", "KeyPoolID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PSKClaimKey(tc.pool, tc.index)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestValueClaimKey(t *testing.T) {
	nas, _ := CompositeKey("OP123", "HOTEL.DOWNTOWN.NYC")
	unique := Index{Label: "venue", Key: "OperatorNASIdentifier", Unique: true}
	tests := []struct {
		name  string
		idx   Index
		value string
		want  string
		field string
	}{
		{"nas", unique, nas, "by_venue_OperatorNASIdentifier/OP123/HOTEL.DOWNTOWN.NYC", ""},
		{"empty", unique, "", "", "OperatorNASIdentifier"},
		{"not unique", Index{Label: "device", Key: "Calling-Station-Id"}, "aa", "", "Calling-Station-Id"},
		{"undeclared", Index{Label: "venue", Key: "VenueName", Unique: true}, "x", "", "VenueName"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ValueClaimKey(tc.idx, tc.value)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestGatewayAddressClaimKey(t *testing.T) {
	tests := []struct {
		name, addr, want, field string
	}{
		{"IPv4", "192.0.2.1", "radius_gateway/192.0.2.1", ""},
		{"IPv6", "2001:db8::7", "radius_gateway/2001:db8::7", ""},
		{"IPv6 upper case", "2001:DB8::7", "", "GatewayAddresses"},
		{"IPv4-mapped IPv6", "::ffff:192.0.2.1", "", "GatewayAddresses"},
		{"zone", "fe80::1%eth0", "", "GatewayAddresses"},
		{"leading zeros", "2001:db8:0:0::7", "", "GatewayAddresses"},
		{"unspecified", "0.0.0.0", "", "GatewayAddresses"},
		{"multicast", "ff02::1", "", "GatewayAddresses"},
		{"host name", "gw.example.com", "", "GatewayAddresses"},
		{"empty", "", "", "GatewayAddresses"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := GatewayAddressClaimKey(tc.addr)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	a, _ := GatewayAddressClaimKey("192.0.2.1")
	b, _ := GatewayAddressClaimKey("192.0.2.10")
	if a == b || GraphID(VertexValueClaim, a) == GraphID(VertexValueClaim, b) {
		t.Fatalf("distinct addresses share a claim: %q %q", a, b)
	}
}

func TestCompositeKeyAndNormalizers(t *testing.T) {
	if k, ok := CompositeKey("OP123", " "); ok || k != "" {
		t.Fatalf("blank value gave %q, %v", k, ok)
	}
	if k, ok := CompositeKey("venue_1", "UNIT-101"); !ok || k != "venue_1/UNIT-101" {
		t.Fatalf("got %q, %v", k, ok)
	}
	if got := NormalizeEmail("  Jane.Doe@Example.COM "); got != "jane.doe@example.com" {
		t.Fatalf("NormalizeEmail = %q", got)
	}
	tests := []struct {
		in, want, field string
	}{
		{" hotel.downtown.nyc ", "HOTEL.DOWNTOWN.NYC", ""},
		{"USA.MA.02081.AAROAM666.WALPOLE", "USA.MA.02081.AAROAM666.WALPOLE", ""},
		{"", "", "NAS-Identifier"},
		{strings.Repeat("a", 254), "", "NAS-Identifier"},
		{"caf\u00e9", "", "NAS-Identifier"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := NormalizeNASIdentifier(tc.in)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestVenueAddressClaimKey(t *testing.T) {
	tests := []struct {
		name, op, line1, postal, want, field string
	}{
		{"stored address", "OP123", "123 Main Street", "60602", "venue_address/OP123/60602/123 Main Street", ""},
		{"slash in the street", "op_net.1", "1/2 Elm St", "K1A 0B1", "venue_address/op_net.1/K1A 0B1/1/2 Elm St", ""},
		{"case of the street kept", "OP123", "123 main street", "60602", "venue_address/OP123/60602/123 main street", ""},
		{"empty street", "OP123", " ", "60602", "", "AddressLine1"},
		{"untrimmed street", "OP123", " 123 Main Street", "60602", "", "AddressLine1"},
		{"empty postal code", "OP123", "123 Main Street", "", "", "PostalCode"},
		{"lower-case postal code", "OP123", "1 High St", "sw1a 1aa", "", "PostalCode"},
		{"untrimmed postal code", "OP123", "1 High St", "60602 ", "", "PostalCode"},
		{"slash in the postal code", "OP123", "1 High St", "60/02", "", "PostalCode"},
		{"bad operator", "OP/1", "1 High St", "60602", "", "OperatorID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := VenueAddressClaimKey(tc.op, tc.line1, tc.postal)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	distinct := [][3]string{
		{"OP123", "1 Main St", "60601"}, {"OP124", "1 Main St", "60601"},
		{"OP123", "1 Main St", "60602"}, {"OP123", "1 Main St.", "60601"},
	}
	seen := map[string]bool{}
	for _, d := range distinct {
		k, err := VenueAddressClaimKey(d[0], d[1], d[2])
		if err != nil {
			t.Fatal(err)
		}
		if g := GraphID(VertexValueClaim, k); seen[g] {
			t.Fatalf("%v shares a claim with another address: %q", d, k)
		}
		seen[GraphID(VertexValueClaim, k)] = true
	}
}

package schema

import (
	"strings"
	"testing"
)

func TestVertexLabelsDistinctAndValid(t *testing.T) {
	seen := map[VertexLabel]bool{}
	for _, l := range VertexLabels() {
		if seen[l] {
			t.Fatalf("duplicate label %q", l)
		}
		seen[l] = true
		if !l.Valid() || l == "" || strings.ContainsAny(string(l), ":- ") {
			t.Fatalf("label %q is not a portable label", l)
		}
	}
	for _, l := range []VertexLabel{"venue_unit", "serviceplan", "psk", "vlan_claim", "psk_claim"} {
		if !seen[l] {
			t.Fatalf("missing label %q", l)
		}
	}
	if VertexLabel("venues").Valid() {
		t.Fatal("unknown label reported valid")
	}
}

func TestEdgeDefs(t *testing.T) {
	seen := map[EdgeLabel]bool{}
	valid := map[Multiplicity]bool{Multi: true, Simple: true, Many2One: true, One2Many: true, One2One: true}
	for _, d := range EdgeDefs() {
		t.Run(string(d.Label), func(t *testing.T) {
			if seen[d.Label] {
				t.Fatal("duplicate edge label")
			}
			seen[d.Label] = true
			if !d.Label.Valid() || !valid[d.Multiplicity] || len(d.From) == 0 || len(d.To) == 0 {
				t.Fatalf("bad declaration %+v", d)
			}
			for _, l := range append(d.From, d.To...) {
				if !l.Valid() {
					t.Fatalf("end label %q is not declared", l)
				}
			}
		})
	}
	for _, name := range []EdgeLabel{"venue_has_unit", "unit_policy_for_psk", "serviceplan_offered_at_venue"} {
		if !seen[name] {
			t.Fatalf("seed edge %q missing", name)
		}
	}
	if EdgeLabel("venue_has_units").Valid() {
		t.Fatal("unknown edge reported valid")
	}
}

func TestPropertyDefs(t *testing.T) {
	seen := map[PropertyKey]bool{}
	for _, d := range PropertyDefs() {
		if seen[d.Key] {
			t.Fatalf("duplicate key %q", d.Key)
		}
		seen[d.Key] = true
		if d.Key == "" || strings.HasPrefix(string(d.Key), "~") || strings.ContainsRune(string(d.Key), 0x1e) {
			t.Fatalf("key %q is not a valid JanusGraph name", d.Key)
		}
		if d.Type < String || d.Type > Boolean {
			t.Fatalf("key %q has no data type", d.Key)
		}
		if d.Time && d.Type != Long {
			t.Fatalf("time key %q is not Long", d.Key)
		}
		if strings.HasSuffix(string(d.Key), ISO8601Suffix) {
			t.Fatalf("key %q stores the API suffix", d.Key)
		}
		if got, ok := LookupProperty(d.Key); !ok || got != d {
			t.Fatalf("LookupProperty(%q) = %+v, %v", d.Key, got, ok)
		}
	}
	// Keys spelled exactly as the seeds' JSON fields.
	for _, k := range []PropertyKey{"VenueID", "UnitID_internal", "PhoneNumber.E164", "NAS-Identifier", "Country.ISO3166A3", "BillingCyclePrice.USD", "BillingCyclePrice.LKR", "ShoppingCartPriceAdjustment", "vlan", "purpose"} {
		if !seen[k] {
			t.Fatalf("missing key %q", k)
		}
	}
	if _, ok := LookupProperty("BillingCyclePrice"); ok {
		t.Fatal("currency base declared without currency")
	}
}

func TestDataTypeAccepts(t *testing.T) {
	tests := []struct {
		t    DataType
		v    any
		want bool
	}{
		{String, "x", true}, {String, int64(1), false},
		{Long, int64(1), true}, {Long, 1, false}, {Long, int32(1), false},
		{Integer, int32(1), true}, {Integer, int64(1), false},
		{Double, 1.5, true}, {Double, float32(1.5), false},
		{Boolean, true, true}, {Boolean, "true", false},
	}
	for _, tc := range tests {
		t.Run(tc.t.String(), func(t *testing.T) {
			if got := tc.t.Accepts(tc.v); got != tc.want {
				t.Fatalf("%v.Accepts(%#v) = %v", tc.t, tc.v, got)
			}
		})
	}
	if got := DataType(0).String(); got != "DataType(0)" {
		t.Fatalf("String() = %q", got)
	}
}

func TestTimeFields(t *testing.T) {
	tests := []struct {
		key      PropertyKey
		apiField string
	}{
		{KeyDateAddedUTC, "dateAddedUTC.ISO8601"},
		{KeyStartDateTimeUTC, "StartDateTimeUTC.ISO8601"},
		{KeyConfirmedEndDate, "ConfirmedEndDate.ISO8601"},
		{KeyVenueID, "VenueID"},
		{KeyPhoneNumber, "PhoneNumber.E164"},
	}
	for _, tc := range tests {
		t.Run(string(tc.key), func(t *testing.T) {
			if got := tc.key.APIField(); got != tc.apiField {
				t.Fatalf("APIField = %q, want %q", got, tc.apiField)
			}
			if k, ok := StoredKeyForAPIField(tc.apiField); !ok || k != tc.key {
				t.Fatalf("StoredKeyForAPIField(%q) = %q, %v", tc.apiField, k, ok)
			}
		})
	}
	for _, f := range []string{"dateAddedUTC", "VenueID.ISO8601", "Nope"} {
		if k, ok := StoredKeyForAPIField(f); ok {
			t.Fatalf("StoredKeyForAPIField(%q) = %q, true", f, k)
		}
	}
}

func TestISO8601(t *testing.T) {
	tests := []struct {
		in   string
		ms   int64
		back string
	}{
		{"2025-09-11T20:15:30.123Z", 1757621730123, "2025-09-11T20:15:30.123Z"},
		{"2023-03-26T07:00:00.000Z", 1679814000000, "2023-03-26T07:00:00.000Z"},
		{"2023-03-26T00:00:00-07:00", 1679814000000, "2023-03-26T07:00:00.000Z"},
		{"2025-09-11T20:15:30.1239Z", 1757621730123, "2025-09-11T20:15:30.123Z"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			ms, err := ParseISO8601("StartDateTimeUTC.ISO8601", tc.in)
			if err != nil || ms != tc.ms {
				t.Fatalf("ParseISO8601 = %d, %v", ms, err)
			}
			if got := FormatISO8601(ms); got != tc.back {
				t.Fatalf("FormatISO8601 = %q", got)
			}
		})
	}
	_, err := ParseISO8601("EndDateTimeUTC.ISO8601", "2025-09-11")
	wantField(t, err, "EndDateTimeUTC.ISO8601")
}

func TestCurrencyKey(t *testing.T) {
	tests := []struct {
		base     PropertyKey
		currency string
		want     PropertyKey
		field    string
	}{
		{KeyBillingCyclePrice, "USD", "BillingCyclePrice.USD", ""},
		{KeyNetBillingCyclePrice, "INR", "NetBillingCyclePrice.INR", ""},
		{KeyShoppingCartPriceAdjustment, "CAD", "ShoppingCartPriceAdjustment.CAD", ""},
		{KeyBillingCyclePrice, "usd", "", "Currency"},
		{KeyBillingCyclePrice, "JPY", "", "Currency"},
		{KeyCity, "USD", "", "Currency"},
	}
	for _, tc := range tests {
		t.Run(string(tc.base)+"."+tc.currency, func(t *testing.T) {
			got, err := CurrencyKey(tc.base, tc.currency)
			wantField(t, err, tc.field)
			if got != tc.want {
				t.Fatalf("got %q", got)
			}
		})
	}
	if len(Currencies()) != 8 {
		t.Fatalf("Currencies() = %v", Currencies())
	}
}

func TestIndexes(t *testing.T) {
	names := map[string]bool{}
	uniques := 0
	for _, ix := range Indexes() {
		t.Run(ix.Name(), func(t *testing.T) {
			if names[ix.Name()] {
				t.Fatal("duplicate index name")
			}
			names[ix.Name()] = true
			if !VertexLabel(ix.Label).Valid() {
				t.Fatalf("label %q not declared", ix.Label)
			}
			if _, ok := LookupProperty(PropertyKey(ix.Key)); !ok {
				t.Fatalf("key %q not declared", ix.Key)
			}
			if !declaredIndex(ix) {
				t.Fatal("declaredIndex false for a declared index")
			}
		})
		if ix.Unique {
			uniques++
		}
	}
	for _, want := range []Index{
		{Label: "subscriber", Key: "OperatorEmailAddress", Unique: true},
		{Label: "subscriber", Key: "OperatorPhoneNumber", Unique: true},
		{Label: "venue", Key: "OperatorNASIdentifier", Unique: true},
		{Label: "venue_unit", Key: "VenueExternalVenueUnitID", Unique: true},
	} {
		if !declaredIndex(want) {
			t.Fatalf("missing index %+v", want)
		}
	}
	if uniques == 0 || uniques == len(Indexes()) {
		t.Fatalf("%d unique of %d", uniques, len(Indexes()))
	}
	if got := (Index{Label: "device", Key: "Calling-Station-Id"}).Name(); got != "by_device_Calling_Station_Id" {
		t.Fatalf("Name() = %q", got)
	}
}

package network_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

// configureRadius posts NetworkConfiguration.RADIUS settings of a venue as the NSP.
func (f *venueFixture) configureRadius(venue string, radius map[string]any) servicetest.Response {
	return f.env.Post("/networkoperatorconsole/venues/configureVenue", f.nsp, map[string]any{"VenueID": venue,
		"NetworkConfiguration": map[string]any{"RADIUS": radius}})
}

// configureNAS sets a venue's NAS-Identifier as the NSP.
func (f *venueFixture) configureNAS(venue, nas string) servicetest.Response {
	return f.env.Post("/networkoperatorconsole/venues/configureVenue", f.nsp, map[string]any{"VenueID": venue,
		"NetworkConfiguration": map[string]any{"NAS-Identifier": nas}})
}

// deleteVenue deletes a venue permanently as the NSP.
func (f *venueFixture) deleteVenue(t testing.TB, venue string) {
	t.Helper()
	f.env.Post("/networkoperatorconsole/admin/deleteVenuePermanently", f.nsp, map[string]any{"VenueID": venue,
		"DeletionReason": "BusinessClosure", "ConfirmationCode": "DELETE-VENUE-A1B2", "DataRetentionCompliance": true}).Must(t, http.StatusOK)
}

// claimHolders returns the VenueIDs holding the claim of the given natural id ("(none)"
// for a claim vertex held by nothing), nil when there is no claim vertex.
func (f *venueFixture) claimHolders(t testing.TB, key string) []string {
	t.Helper()
	id := schema.GraphID(schema.VertexValueClaim, key)
	if vcount(t, f.g().V(id)) == 0 {
		return nil
	}
	res, err := f.g().V(id).Out(string(schema.EdgeClaimHeldBy)).Values("VenueID").ToList()
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, r := range res {
		out = append(out, r.GetString())
	}
	if len(out) == 0 {
		out = append(out, "(none)")
	}
	return out
}

// gatewayHolders returns the VenueIDs holding the claim of a gateway address.
func (f *venueFixture) gatewayHolders(t testing.TB, addr string) []string {
	t.Helper()
	k, err := schema.GatewayAddressClaimKey(addr)
	if err != nil {
		t.Fatal(err)
	}
	return f.claimHolders(t, k)
}

// nasHolders returns the VenueIDs holding the claim of a NAS-Identifier of an operator.
func (f *venueFixture) nasHolders(t testing.TB, op, nas string) []string {
	t.Helper()
	v, _ := schema.CompositeKey(op, nas)
	ix := schema.Index{Label: string(schema.VertexVenue), Key: string(schema.KeyOperatorNASIdentifier), Unique: true}
	k, err := schema.ValueClaimKey(ix, v)
	if err != nil {
		t.Fatal(err)
	}
	return f.claimHolders(t, k)
}

func holders(ids ...string) string { return strings.Join(ids, ",") }

// addrBlock gives gateway addresses of this run only: the graph may be a server shared
// with other runs, and a gateway address belongs to one venue.
type addrBlock struct{ prefix4, prefix6 string }

func newAddrBlock() addrBlock {
	n := rand.Uint32()
	return addrBlock{fmt.Sprintf("10.%d.%d.", byte(n>>8), byte(n)), fmt.Sprintf("2001:db8:%x:%x::", uint16(n>>16), uint16(n))}
}

// v4 returns the block's IPv4 address with host part i (1..254), v6 its IPv6 address i,
// both canonical.
func (b addrBlock) v4(i int) string {
	return netip.MustParseAddr(fmt.Sprintf("%s%d", b.prefix4, i)).String()
}
func (b addrBlock) v6(i int) string {
	return netip.MustParseAddr(fmt.Sprintf("%s%x", b.prefix6, i)).String()
}

// TestGatewayAddressClaims: a venue's gateway addresses are claims held by the venue,
// refused to any other venue (409 naming the field, nothing written), released when an
// address leaves the list and when the venue is deleted.
func TestGatewayAddressClaims(t *testing.T) {
	f := newVenueFixture(t)
	b := newAddrBlock()
	a1, a2, a3 := b.v4(21), b.v6(0x21), b.v4(23)
	steps := []struct {
		name    string
		venue   string
		list    []any
		status  int
		holders map[string]string // address -> holding venues after the step ("" = no claim vertex)
	}{
		{"A claims two addresses (non-canonical spelling stored canonical)", f.venueA, []any{a1, strings.ToUpper(netip.MustParseAddr(a2).StringExpanded())}, http.StatusOK,
			map[string]string{a1: f.venueA, a2: f.venueA}},
		{"B of the same operator is refused", f.venueB, []any{a3, a1}, http.StatusConflict,
			map[string]string{a1: f.venueA, a3: ""}},
		{"Y of another operator is refused", f.venueY, []any{a2}, http.StatusConflict,
			map[string]string{a2: f.venueA}},
		{"A sets the same list again", f.venueA, []any{a2, a1}, http.StatusOK,
			map[string]string{a1: f.venueA, a2: f.venueA}},
		{"A drops a1: released", f.venueA, []any{a2}, http.StatusOK,
			map[string]string{a1: "", a2: f.venueA}},
		{"B takes a1", f.venueB, []any{a1, a3}, http.StatusOK,
			map[string]string{a1: f.venueB, a3: f.venueB}},
		{"B empties its list: both released", f.venueB, []any{}, http.StatusOK,
			map[string]string{a1: "", a3: ""}},
		{"Y takes a1", f.venueY, []any{a1}, http.StatusOK,
			map[string]string{a1: f.venueY}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			size, props := f.graphSize(t), jsonOf(f.venueProps(t, s.venue))
			r := f.configureRadius(s.venue, map[string]any{"GatewayAddresses": s.list}).Must(t, s.status)
			if s.status != http.StatusOK {
				if !strings.Contains(r.Raw, "RADIUS.GatewayAddresses") || !strings.Contains(r.Raw, "another venue") {
					t.Fatalf("error does not name the field: %s", r.Raw)
				}
				if f.graphSize(t) != size || jsonOf(f.venueProps(t, s.venue)) != props {
					t.Fatal("the refused request changed the graph")
				}
			}
			for addr, want := range s.holders {
				if got := holders(f.gatewayHolders(t, addr)...); got != want {
					t.Fatalf("%s held by %q, want %q", addr, got, want)
				}
			}
		})
	}
	t.Run("deleting the venue releases its addresses", func(t *testing.T) {
		f.deleteVenue(t, f.venueA)
		if got := f.gatewayHolders(t, a2); got != nil {
			t.Fatalf("%s still held by %v", a2, got)
		}
		f.configureRadius(f.venueB, map[string]any{"GatewayAddresses": []any{a2}}).Must(t, http.StatusOK)
		if got := holders(f.gatewayHolders(t, a2)...); got != f.venueB {
			t.Fatalf("%s held by %q", a2, got)
		}
	})
}

// TestNASIdentifierClaimHeld: a NAS-Identifier set by configureVenue is held by the venue
// like the one addVenue gives it: the old one is released at once, the new one with the
// venue; the same holds for externalVenueID.
func TestNASIdentifierClaimHeld(t *testing.T) {
	f := newVenueFixture(t)
	venueC := f.addVenue(t, f.nsp, f.opX, "Venue C")
	oldNAS, _ := f.venueProps(t, f.venueA)["NAS-Identifier"].(string)
	if got := holders(f.nasHolders(t, f.opX, oldNAS)...); got != f.venueA {
		t.Fatalf("addVenue's NAS-Identifier %s held by %q", oldNAS, got)
	}
	const newNAS, ext = "CLAIMS.LOBBY", "EXT-CLAIMS-1"
	f.configureNAS(f.venueA, newNAS).Must(t, http.StatusOK)
	f.env.Post("/networkoperatorconsole/venues/updateVenueAddress", f.nsp, map[string]any{"VenueID": f.venueA, "externalVenueID": ext}).
		Must(t, http.StatusOK)
	checks := []struct {
		name, nas, want string
	}{
		{"old NAS-Identifier released", oldNAS, ""},
		{"new NAS-Identifier held by the venue", newNAS, f.venueA},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if got := f.nasHolders(t, f.opX, c.nas); holders(got...) != c.want {
				t.Fatalf("%s: holders %q, want %q", c.nas, got, c.want)
			}
		})
	}
	t.Run("another venue is refused the new one, naming the field", func(t *testing.T) {
		r := f.configureNAS(f.venueB, newNAS).Must(t, http.StatusConflict)
		if !strings.Contains(r.Raw, "NAS-Identifier") {
			t.Fatalf("%s", r.Raw)
		}
	})
	t.Run("after deletion other venues take the old and the new one and the externalVenueID", func(t *testing.T) {
		f.deleteVenue(t, f.venueA)
		f.configureNAS(f.venueB, oldNAS).Must(t, http.StatusOK)
		f.configureNAS(venueC, newNAS).Must(t, http.StatusOK)
		f.env.Post("/networkoperatorconsole/venues/updateVenueAddress", f.nsp, map[string]any{"VenueID": venueC, "externalVenueID": ext}).
			Must(t, http.StatusOK)
		if got := holders(f.nasHolders(t, f.opX, oldNAS)...); got != f.venueB {
			t.Fatalf("%s held by %q", oldNAS, got)
		}
		if got := holders(f.nasHolders(t, f.opX, newNAS)...); got != venueC {
			t.Fatalf("%s held by %q", newNAS, got)
		}
	})
}

package network_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

// venueAddress is a street address of an operator as venues store it.
type venueAddress struct{ op, line1, postal string }

// addressHolders returns the VenueIDs holding the claim of a venue street address (nil
// when there is no claim vertex).
func (f *venueFixture) addressHolders(t testing.TB, a venueAddress) []string {
	t.Helper()
	k, err := schema.VenueAddressClaimKey(a.op, a.line1, a.postal)
	if err != nil {
		t.Fatal(err)
	}
	return f.claimHolders(t, k)
}

// storedAddress is the street address venue stores.
func (f *venueFixture) storedAddress(t testing.TB, op, venue string) venueAddress {
	t.Helper()
	p := f.venueProps(t, venue)
	line1, _ := p["AddressLine1"].(string)
	postal, _ := p["PostalCode"].(string)
	return venueAddress{op, line1, postal}
}

// addVenueAt posts addVenue of a venue of op at line1, postal (Chicago) as the NSP.
func (f *venueFixture) addVenueAt(op, name, line1, postal string) servicetest.Response {
	return f.env.Post("/networkoperatorconsole/venues/addVenue", f.nsp, map[string]any{"OperatorID": op, "VenueName": name,
		"AddressLine1": line1, "City": "Chicago", "State": "IL", "Country": "USA", "PostalCode": postal})
}

// TestVenueAddressClaims: a venue's street address (AddressLine1 and PostalCode) is a
// claim held by the venue, taken by addVenue, updateVenueAddress and configureVenue;
// refused to another venue of the operator (409 naming AddressLine1, nothing written),
// free for other operators, released when the address changes and when the venue is
// deleted.
func TestVenueAddressClaims(t *testing.T) {
	f := newVenueFixture(t)
	origA, origB := f.storedAddress(t, f.opX, f.venueA), f.storedAddress(t, f.opX, f.venueB)
	t.Run("addVenue holds the address", func(t *testing.T) {
		for v, a := range map[string]venueAddress{f.venueA: origA, f.venueB: origB} {
			if got := holders(f.addressHolders(t, a)...); got != v {
				t.Fatalf("%v held by %q, want %s", a, got, v)
			}
		}
	})
	s1, s2 := servicetest.Unique("10 Claim St "), servicetest.Unique("20 Claim St ")
	x1, x1b, x2 := venueAddress{f.opX, s1, "60601"}, venueAddress{f.opX, s1, "60602"}, venueAddress{f.opX, s2, "60601"}
	y1 := venueAddress{f.opY, s1, "60601"}
	const update, configure, add = "/networkoperatorconsole/venues/updateVenueAddress", "/networkoperatorconsole/venues/configureVenue", "/networkoperatorconsole/venues/addVenue"
	steps := []struct {
		name    string
		path    string
		venue   string // "" for addVenue
		body    map[string]any
		status  int
		holders map[venueAddress]string // holding venues after the step ("" = no claim vertex)
	}{
		{"A moves: its old address released, the new one held", update, f.venueA, map[string]any{"AddressLine1": s1}, http.StatusOK,
			map[venueAddress]string{origA: "", x1: f.venueA}},
		{"B of the same operator is refused by updateVenueAddress", update, f.venueB, map[string]any{"AddressLine1": s1}, http.StatusConflict,
			map[venueAddress]string{x1: f.venueA, origB: f.venueB}},
		{"B of the same operator is refused by configureVenue", configure, f.venueB, map[string]any{"AddressLine1": " " + s1 + " "}, http.StatusConflict,
			map[venueAddress]string{x1: f.venueA, origB: f.venueB}},
		{"addVenue at the address is refused", add, "", map[string]any{"OperatorID": f.opX, "VenueName": "Claim Twin", "AddressLine1": s1,
			"City": "Chicago", "State": "IL", "Country": "USA", "PostalCode": "60601"}, http.StatusConflict,
			map[venueAddress]string{x1: f.venueA}},
		{"Y of another operator may use it", update, f.venueY, map[string]any{"AddressLine1": s1}, http.StatusOK,
			map[venueAddress]string{x1: f.venueA, y1: f.venueY}},
		{"the street at another postal code is another address", update, f.venueB, map[string]any{"AddressLine1": s1, "PostalCode": "60602"}, http.StatusOK,
			map[venueAddress]string{origB: "", x1b: f.venueB, x1: f.venueA}},
		{"A is refused B's address through its postal code", configure, f.venueA, map[string]any{"PostalCode": "60602"}, http.StatusConflict,
			map[venueAddress]string{x1: f.venueA, x1b: f.venueB}},
		{"A moves again", configure, f.venueA, map[string]any{"AddressLine1": s2}, http.StatusOK,
			map[venueAddress]string{x1: "", x2: f.venueA}},
		{"A sets the same address again", update, f.venueA, map[string]any{"AddressLine1": s2, "PostalCode": "60601"}, http.StatusOK,
			map[venueAddress]string{x2: f.venueA}},
		{"B takes the address A left", update, f.venueB, map[string]any{"PostalCode": "60601"}, http.StatusOK,
			map[venueAddress]string{x1: f.venueB, x1b: ""}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			body := map[string]any{}
			if s.venue != "" {
				body["VenueID"] = s.venue
			}
			for k, v := range s.body {
				body[k] = v
			}
			var props string
			if s.venue != "" {
				props = jsonOf(f.venueProps(t, s.venue))
			}
			size := f.graphSize(t)
			r := f.env.Post(s.path, f.nsp, body).Must(t, s.status)
			if s.status != http.StatusOK {
				if !strings.Contains(r.Raw, "AddressLine1") || !strings.Contains(r.Raw, "another venue") {
					t.Fatalf("error does not name the field: %s", r.Raw)
				}
				if f.graphSize(t) != size || (s.venue != "" && jsonOf(f.venueProps(t, s.venue)) != props) {
					t.Fatal("the refused request changed the graph")
				}
			}
			for a, want := range s.holders {
				if got := holders(f.addressHolders(t, a)...); got != want {
					t.Fatalf("%v held by %q, want %q", a, got, want)
				}
			}
		})
	}
	t.Run("deleting the venue releases its address", func(t *testing.T) {
		f.deleteVenue(t, f.venueA)
		if got := f.addressHolders(t, x2); got != nil {
			t.Fatalf("%v still held by %v", x2, got)
		}
		id, _ := f.addVenueAt(f.opX, "Claim Heir", s2, "60601").Must(t, http.StatusOK).Body["VenueID"].(string)
		if got := holders(f.addressHolders(t, x2)...); got != id {
			t.Fatalf("%v held by %q, want %s", x2, got, id)
		}
	})
}

// TestVenueAddressRace: venues of one operator racing for one street address: in every
// round exactly one wins, holds the claim and stores the address; every other gets 409
// naming AddressLine1 and keeps its own address. Racers are configureVenue and
// updateVenueAddress calls on existing venues, or addVenue calls of new venues.
func TestVenueAddressRace(t *testing.T) {
	f := newVenueFixture(t)
	racers := []string{f.venueA, f.venueB}
	for _, name := range []string{"Venue C", "Venue D", "Venue E"} {
		racers = append(racers, f.addVenue(t, f.nsp, f.opX, name))
	}
	// race runs call(i) for every racer i at once.
	race := func(call func(i int) servicetest.Response) []servicetest.Response {
		out := make([]servicetest.Response, len(racers))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				out[i] = call(i)
			}()
		}
		close(start)
		wg.Wait()
		return out
	}
	// outcome checks one round and returns the index of its winner.
	outcome := func(t *testing.T, round int, res []servicetest.Response) int {
		t.Helper()
		winner := -1
		for i, r := range res {
			switch r.Status {
			case http.StatusOK:
				if winner >= 0 {
					t.Fatalf("round %d: racers %d and %d both won", round, winner, i)
				}
				winner = i
			case http.StatusConflict:
				if !strings.Contains(r.Raw, "AddressLine1") {
					t.Fatalf("round %d: the conflict does not name the field: %s", round, r.Raw)
				}
			default:
				t.Fatalf("round %d: status %d: %s\n%s", round, r.Status, r.Raw, lastLines(f.env.Logs.String(), "level=ERROR", 3))
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: nobody won", round)
		}
		return winner
	}
	paths := []string{"/networkoperatorconsole/venues/configureVenue", "/networkoperatorconsole/venues/updateVenueAddress"}
	t.Run("existing venues change their address", func(t *testing.T) {
		for round := 0; round < 10; round++ {
			a := venueAddress{f.opX, servicetest.Unique("30 Race St "), "60603"}
			res := race(func(i int) servicetest.Response {
				return f.env.Post(paths[(i+round)%len(paths)], f.nsp, map[string]any{"VenueID": racers[i],
					"AddressLine1": a.line1, "PostalCode": a.postal})
			})
			w := outcome(t, round, res)
			if got := holders(f.addressHolders(t, a)...); got != racers[w] {
				t.Fatalf("round %d: %v held by %q, want %q", round, a, got, racers[w])
			}
			for i, v := range racers {
				if stored := f.storedAddress(t, f.opX, v); (stored == a) != (i == w) {
					t.Fatalf("round %d: venue %s stores %v (winner %s)", round, v, stored, racers[w])
				}
			}
		}
	})
	t.Run("new venues are added at one address", func(t *testing.T) {
		for round := 0; round < 10; round++ {
			line1 := servicetest.Unique("40 Race St ")
			res := race(func(i int) servicetest.Response {
				return f.addVenueAt(f.opX, servicetest.Unique("Racer "), line1, "60604")
			})
			w := outcome(t, round, res)
			id, _ := res[w].Body["VenueID"].(string)
			if got := holders(f.addressHolders(t, venueAddress{f.opX, line1, "60604"})...); got != id {
				t.Fatalf("round %d: address held by %q, want %q", round, got, id)
			}
			if n := vcount(t, f.g().V().HasLabel(string(schema.VertexVenue)).Has("OperatorID", f.opX).Has("AddressLine1", line1)); n != 1 {
				t.Fatalf("round %d: %d venues at the address", round, n)
			}
		}
	})
}

package network_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/network"
	"github.com/wifivault/wifivault/schema"
)

func TestLoadDemo(t *testing.T) {
	f := newVenueFixture(t)
	p := &auth.Principal{Subject: "demo@x.test", Kind: auth.KindAdmin, Role: auth.RoleDomainAdministrator, OperatorID: f.opX}
	ids, err := network.LoadDemo(context.Background(), f.env.Service.Registry, p)
	if err != nil || len(ids) != 2 {
		t.Fatalf("%v %v", ids, err)
	}
	for _, id := range ids {
		if n := vcount(t, f.g().V(schema.GraphID(schema.VertexVenue, id)).Out("venue_has_unit").Values("UnitBuilding").Dedup()); n < 2 {
			t.Fatalf("%s: %d buildings", id, n)
		}
	}
}

// TestVenueExecuteCommandParity: the console and the endpoints answer alike.
func TestVenueExecuteCommandParity(t *testing.T) {
	f := newVenueFixture(t)
	f.addUnit(t, f.venueA, map[string]any{"UnitID": "P1"}).Must(t, http.StatusOK)
	for _, c := range []struct {
		path, command string
		params        map[string]any
	}{
		{"/networkoperatorconsole/venues/listVenueUnits", "Venue.listVenueUnits", map[string]any{"VenueID": f.venueA}},
		{"/networkoperatorconsole/venues/addVenueUnits", "Venue.addVenueUnits", map[string]any{"VenueID": f.venueA, "UnitID": "P2", "State": "Nowhere"}},
	} {
		t.Run(c.command, func(t *testing.T) {
			a := f.env.Post(c.path, f.nsp, copyMap(c.params))
			b := f.env.Post("/gremlinconsole/executeCommand", f.nsp, map[string]any{"Command": c.command, "Parameters": copyMap(c.params)})
			ja, _ := json.Marshal(a.Body)
			jb, _ := json.Marshal(b.Body)
			if a.Status != b.Status || string(ja) != string(jb) {
				t.Fatalf("endpoint %d %s\nconsole %d %s", a.Status, ja, b.Status, jb)
			}
		})
	}
}

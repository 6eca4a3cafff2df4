package network_test

import (
	"net/http"
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service"
	"github.com/wifivault/wifivault/service/servicetest"
)

func TestShoppingCartReads(t *testing.T) {
	f := newVenueFixture(t)
	f.env.Post("/networkoperatorconsole/venues/configureVenue", f.nsp, map[string]any{"VenueID": f.venueB,
		"ShoppingCart": map[string]any{"enableShoppingCart": true}, "FCCLabel": map[string]any{"displayLabel": true, "TypicalLatency": 18}}).Must(t, http.StatusOK)
	free := f.addUnit(t, f.venueB, map[string]any{"UnitID": "F1"}).Must(t, http.StatusOK).Body["UnitID_internal"].(string)
	taken := f.addUnit(t, f.venueB, map[string]any{"UnitID": "F2"}).Must(t, http.StatusOK).Body["UnitID_internal"].(string)
	occupy(t, f, taken)
	t.Run("listVenues: public sees enabled venues with the FCC label", func(t *testing.T) {
		r := f.env.Post("/networkoperatorconsole/shoppingcart/listVenues", "", map[string]any{"AccessToken": ""}).Must(t, http.StatusOK)
		var found map[string]any
		for _, v := range r.Body["data"].([]any) {
			m := v.(map[string]any)
			if m["VenueID"] == f.venueA {
				t.Fatal("venue without shopping cart listed")
			}
			if m["VenueID"] == f.venueB {
				found = m
			}
		}
		if found == nil || found["FCCLabel.displayLabel"] != true || vnum(found["FCCLabel.TypicalLatency"]) != 18 || found["OperatorID"] != nil {
			t.Fatalf("%v", found)
		}
	})
	t.Run("listVenueUnits: availability", func(t *testing.T) {
		r := f.env.Post("/networkoperatorconsole/shoppingcart/listVenueUnits", "", map[string]any{"VenueID": f.venueB}).Must(t, http.StatusOK)
		avail := map[string]any{}
		for _, u := range r.Body["VenueUnits"].([]any) {
			m := u.(map[string]any)
			avail[m["UnitID_internal"].(string)] = m["Available"]
		}
		if avail[free] != true || avail[taken] != false || vnum(r.Body["VenueUnitCount"]) != 2 || vnum(r.Body["FCCLabel.TypicalLatency"]) != 18 {
			t.Fatalf("%s", r.Raw)
		}
		// an ended subscription frees the unit for a later start
		if err := <-f.g().V("subscription/"+taken).Property(gremlingo.Cardinality.Single, string(schema.KeyEndDateTimeUTC), int64(4102444800000)).Iterate(); err != nil {
			t.Fatal(err)
		}
		r = f.env.Post("/networkoperatorconsole/shoppingcart/listVenueUnits", "", map[string]any{"VenueID": f.venueB,
			"StartDateTimeUTC.ISO8601": "2100-02-01T00:00:00Z"}).Must(t, http.StatusOK)
		for _, u := range r.Body["VenueUnits"].([]any) {
			if u.(map[string]any)["Available"] != true {
				t.Fatalf("%s", r.Raw)
			}
		}
	})
	t.Run("listVenueUnits: venue without shopping cart is not public", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/shoppingcart/listVenueUnits", "", map[string]any{"VenueID": f.venueA}).Must(t, http.StatusNotFound)
		f.env.Post("/networkoperatorconsole/shoppingcart/listVenueUnits", f.x[auth.RoleDomainAdministrator], map[string]any{"VenueID": f.venueA}).Must(t, http.StatusOK)
		f.env.Post("/networkoperatorconsole/shoppingcart/listVenueUnits", f.yAdmin, map[string]any{"VenueID": f.venueA}).Must(t, http.StatusForbidden)
	})
	t.Run("listVenueUnits: plan filter and bad date", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/shoppingcart/listVenueUnits", "", map[string]any{"VenueID": f.venueB, "ServicePlanID": f.opX + ".NOPLAN"}).Must(t, http.StatusNotFound)
		plan := f.addPlanAtVenue(t, f.opX, f.venueB, "Cart Plan")
		f.env.Post("/networkoperatorconsole/shoppingcart/listVenueUnits", "", map[string]any{"VenueID": f.venueB, "ServicePlanID": plan}).Must(t, http.StatusOK)
		f.env.Post("/networkoperatorconsole/shoppingcart/listVenueUnits", "", map[string]any{"VenueID": f.venueB, "StartDateTimeUTC.ISO8601": "soon"}).Must(t, http.StatusBadRequest)
	})
}

// TestShoppingCartOrigin: with allowed origins configured, another origin is refused.
func TestShoppingCartOrigin(t *testing.T) {
	env := servicetest.Start(t, func(c *service.Config) { c.AllowedOrigins = []string{"https://shop.example"} })
	ok := env.PostRaw("/networkoperatorconsole/shoppingcart/listVenues", http.Header{"Origin": {"https://shop.example"}}, []byte(`{"AccessToken":""}`))
	bad := env.PostRaw("/networkoperatorconsole/shoppingcart/listVenues", http.Header{"Origin": {"https://evil.example"}}, []byte(`{"AccessToken":""}`))
	if ok.Status != http.StatusOK || bad.Status != http.StatusForbidden {
		t.Fatalf("allowed origin %d, other origin %d", ok.Status, bad.Status)
	}
}

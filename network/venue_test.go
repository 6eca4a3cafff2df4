package network_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

func TestAddVenue(t *testing.T) {
	f := newVenueFixture(t)
	t.Run("attaches the operator's global keypools", func(t *testing.T) {
		kp := schema.GraphID(schema.VertexKeypool, f.opX+"._V3SSID.GLOBALNET.global")
		if err := <-f.g().AddV(string(schema.VertexKeypool)).Property(gremlingo.T.Id, kp).Property(gremlingo.Cardinality.Single, "OperatorID", f.opX).
			Property(gremlingo.Cardinality.Single, "Scope", "global").Iterate(); err != nil {
			t.Fatal(err)
		}
		id := f.addVenue(t, f.x[auth.RoleDomainAdministrator], "", "Keypool Venue")
		if n := vcount(t, f.g().V(kp).Out(string(schema.EdgeKeypoolAttachedAtVenue)).HasId(schema.GraphID(schema.VertexVenue, id))); n != 1 {
			t.Fatalf("global keypool attached %d times", n)
		}
		if e := f.auditEntries(t, "Venue.addVenue", id); len(e) != 1 || e[0]["after.VenueName"] != "Keypool Venue" {
			t.Fatalf("audit: %v", e)
		}
		if ev := f.events(t, "VenueAdded", id); len(ev) != 1 {
			t.Fatalf("events: %v", ev)
		}
	})
	t.Run("same name and address gets the next ordinal", func(t *testing.T) {
		body := map[string]any{"OperatorID": f.opX, "VenueName": "Twin", "AddressLine1": "5 Oak St", "City": "Boston", "State": "MA", "Country": "USA", "PostalCode": "02108"}
		a := f.env.Post("/networkoperatorconsole/venues/addVenue", f.nsp, copyMap(body)).Must(t, http.StatusOK).Body["VenueID"].(string)
		body["AddressLine1"] = "6 Oak St"
		b := f.env.Post("/networkoperatorconsole/venues/addVenue", f.nsp, body).Must(t, http.StatusOK).Body["VenueID"].(string)
		if a == b || !strings.HasSuffix(b, "TWIN1.BOSTON") {
			t.Fatalf("ids %s and %s", a, b)
		}
	})
	bad := []struct {
		name, field string
		body        map[string]any
	}{
		{"country not ISO alpha-3", "Country", map[string]any{"Country": "XXX"}},
		{"state not of the country", "State", map[string]any{"State": "Ontario"}},
		{"postal code not of the country", "PostalCode", map[string]any{"PostalCode": "ABC"}},
		{"missing name", "VenueName", map[string]any{"VenueName": nil}},
		{"name too long", "VenueName", map[string]any{"VenueName": strings.Repeat("n", 41)}},
		{"NSP without operator", "OperatorID", map[string]any{"OperatorID": nil}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			body := map[string]any{"OperatorID": f.opX, "VenueName": "Bad", "AddressLine1": "1 Bad St", "City": "Chicago", "State": "IL", "Country": "USA", "PostalCode": "60601"}
			for k, v := range c.body {
				if v == nil {
					delete(body, k)
				} else {
					body[k] = v
				}
			}
			before := f.graphSize(t)
			r := f.env.Post("/networkoperatorconsole/venues/addVenue", f.nsp, body).Must(t, http.StatusBadRequest)
			if !strings.Contains(r.Raw, c.field) {
				t.Fatalf("error does not name %s: %s", c.field, r.Raw)
			}
			if after := f.graphSize(t); after != before {
				t.Fatalf("graph changed %s -> %s", before, after)
			}
		})
	}
}

func TestListVenues(t *testing.T) {
	f := newVenueFixture(t)
	f.env.Post("/networkoperatorconsole/venues/configureVenue", f.nsp, map[string]any{"VenueID": f.venueB,
		"ShoppingCart": map[string]any{"enableShoppingCart": true}}).Must(t, http.StatusOK)
	list := func(token string, body map[string]any) map[string]any {
		r := f.env.Post("/venuemgmtconsole/venues/listVenues", token, body).Must(t, http.StatusOK)
		l, _ := r.Body["VenueList"].(map[string]any)
		return l
	}
	cases := []struct {
		name  string
		token string
		body  map[string]any
		want  []string
		not   []string
	}{
		{"domain administrator sees the operator's venues", f.x[auth.RoleDomainAdministrator], nil, []string{f.venueA, f.venueB}, []string{f.venueY}},
		{"venue administrator sees its venue only", f.x[auth.RoleVenueAdministrator], nil, []string{f.venueA}, []string{f.venueB, f.venueY}},
		{"operator Y sees its own", f.yAdmin, nil, []string{f.venueY}, []string{f.venueA, f.venueB}},
		{"public sees shopping-cart venues", "", nil, []string{f.venueB}, []string{f.venueA, f.venueY}},
		{"NSP with an operator", f.nsp, map[string]any{"OperatorID": f.opY}, []string{f.venueY}, []string{f.venueA}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := list(c.token, c.body)
			for _, v := range c.want {
				if l[v] == nil {
					t.Fatalf("%s missing from %v", v, l)
				}
			}
			for _, v := range c.not {
				if l[v] != nil {
					t.Fatalf("%s listed", v)
				}
			}
		})
	}
	t.Run("operator X may not list operator Y", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/venues/listVenues", f.x[auth.RoleDomainAdministrator], map[string]any{"OperatorID": f.opY}).Must(t, http.StatusForbidden)
	})
	t.Run("unit counts by purpose", func(t *testing.T) {
		f.addUnit(t, f.venueA, map[string]any{"UnitID": "1"}).Must(t, http.StatusOK)
		f.addUnit(t, f.venueA, map[string]any{"UnitID": "2", "purpose": "localwirelessonly"}).Must(t, http.StatusOK)
		v := list(f.x[auth.RoleDomainAdministrator], nil)[f.venueA].(map[string]any)
		if vnum(v["UnitCount_GlobalWirelessPlusLocalWiredAccess"]) != 1 || vnum(v["UnitCount_LocalWirelessAccess"]) != 1 {
			t.Fatalf("counts: %v", v)
		}
	})
}

func TestConfigureVenue(t *testing.T) {
	f := newVenueFixture(t)
	post := func(token string, body map[string]any) servicetest.Response {
		body["VenueID"] = f.venueA
		return f.env.Post("/networkoperatorconsole/venues/configureVenue", token, body)
	}
	plan := f.addPlanAtVenue(t, f.opX, f.venueA, "Gold Plan")
	t.Run("network configuration, plan, FCC, notifications, reporting", func(t *testing.T) {
		r := post(f.nsp, map[string]any{
			"NetworkConfiguration": map[string]any{"NAS-Identifier": "hotel.downtown", "MinimumAutoGeneratedVLAN_LocalWirelessAccess": 100,
				"MaximumAutoGeneratedVLAN_LocalWirelessAccess": 200},
			"ServicePlanConfiguration": map[string]any{"DefaultServicePlanID_GlobalWirelessPlusLocalWiredAccess": plan},
			"FCCLabel":                 map[string]any{"displayLabel": true, "TypicalLatency": 25},
			"Notifications":            map[string]any{"WelcomeEmail_countdown_hours": 12, "sendSubscriptionAddedEmail": true},
			"Reporting":                map[string]any{"ReportingSubscriptionEnd_lookahead_hours": 48},
		}).Must(t, http.StatusOK)
		for _, want := range []string{"Updated NetworkConfiguration.NAS-Identifier = HOTEL.DOWNTOWN.", "Updating FCCLabel.TypicalLatency to 25 millisecond(s)."} {
			if !strings.Contains(r.Raw, want) {
				t.Fatalf("message lacks %q: %s", want, r.Raw)
			}
		}
		d := f.env.Post("/networkoperatorconsole/venues/listVenueDetails", f.nsp, map[string]any{"VenueID": f.venueA}).Must(t, http.StatusOK).Body
		if d["NAS-Identifier"] != "HOTEL.DOWNTOWN" || vnum(d["MinimumAutoGeneratedVLAN_LocalWirelessAccess"]) != 100 ||
			vnum(d["FCCLabel.TypicalLatency"]) != 25 || d["DefaultServicePlanID_GlobalWirelessPlusLocalWiredAccess"] != plan {
			t.Fatalf("details: %v", d)
		}
		if e := f.auditEntries(t, "Venue.configureVenue", f.venueA); len(e) == 0 || e[len(e)-1]["after.FCCLabel.TypicalLatency"] == nil {
			t.Fatalf("audit: %v", e)
		}
	})
	t.Run("secrets encrypted at rest and masked", func(t *testing.T) {
		post(f.nsp, map[string]any{"ShoppingCart": map[string]any{"Stripe_Secret_key": "sk_test_supersecretvalue"},
			"NetworkConfiguration": map[string]any{"Ruckus.URL": "https://api.ruckus.cloud", "Ruckus.APIClientSecret": "ruckus-secret-1"}}).Must(t, http.StatusOK)
		stored, err := f.g().V(schema.GraphID(schema.VertexVenue, f.venueA)).Values("Stripe_Secret_key").ToList()
		if err != nil || len(stored) != 1 || strings.Contains(stored[0].GetString(), "supersecret") {
			t.Fatalf("stored %v %v", stored, err)
		}
		r := f.env.Post("/networkoperatorconsole/venues/listVenueDetails", f.nsp, map[string]any{"VenueID": f.venueA}).Must(t, http.StatusOK)
		if strings.Contains(r.Raw, "supersecret") || strings.Contains(r.Raw, "ruckus-secret") || r.Body["Stripe_Secret_key"] != "sk••••" {
			t.Fatalf("secret visible: %s", r.Raw)
		}
		for _, e := range f.auditEntries(t, "Venue.configureVenue", f.venueA) {
			js, _ := json.Marshal(e)
			if strings.Contains(string(js), "supersecret") {
				t.Fatalf("audit holds the secret: %s", js)
			}
		}
	})
	t.Run("NAS-Identifier unique within the operator", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/venues/configureVenue", f.nsp, map[string]any{"VenueID": f.venueB,
			"NetworkConfiguration": map[string]any{"NAS-Identifier": "HOTEL.DOWNTOWN"}}).Must(t, http.StatusConflict)
		// another operator may use it
		f.env.Post("/networkoperatorconsole/venues/configureVenue", f.yAdmin, map[string]any{"VenueID": f.venueY,
			"NetworkConfiguration": map[string]any{"NAS-Identifier": "HOTEL.DOWNTOWN"}}).Must(t, http.StatusOK)
	})
	bad := []struct {
		name, field string
		status      int
		body        map[string]any
	}{
		{"latency out of range", "FCCLabel.TypicalLatency", 400, map[string]any{"FCCLabel": map[string]any{"TypicalLatency": 0}}},
		{"VLAN out of range", "MaximumAutoGeneratedVLAN_GlobalWirelessPlusLocalWiredAccess", 400,
			map[string]any{"NetworkConfiguration": map[string]any{"MaximumAutoGeneratedVLAN_GlobalWirelessPlusLocalWiredAccess": 4096}}},
		{"VLAN range reversed", "MinimumAutoGeneratedVLAN_GlobalWirelessPlusLocalWiredAccess", 400,
			map[string]any{"NetworkConfiguration": map[string]any{"MinimumAutoGeneratedVLAN_GlobalWirelessPlusLocalWiredAccess": 3000,
				"MaximumAutoGeneratedVLAN_GlobalWirelessPlusLocalWiredAccess": 2000}}},
		{"Ruckus URL not Ruckus Cloud", "Ruckus.URL", 400, map[string]any{"NetworkConfiguration": map[string]any{"Ruckus.URL": "https://evil.example"}}},
		{"plan not offered at the venue", "DefaultServicePlanID_LocalWirelessAccess", 400,
			map[string]any{"ServicePlanConfiguration": map[string]any{"DefaultServicePlanID_LocalWirelessAccess": f.opX + ".NOTOFFERED"}}},
		{"ConnectWise URL", "Integrations.ConnectWise.URL", 400, map[string]any{"Integrations": map[string]any{"ConnectWise": map[string]any{"URL": "not a url"}}}},
		{"welcome hours", "WelcomeEmail_countdown_hours", 400, map[string]any{"Notifications": map[string]any{"WelcomeEmail_countdown_hours": 170}}},
		{"reporting hours", "ReportingSubscriptionEnd_frequency_hours", 400, map[string]any{"Reporting": map[string]any{"ReportingSubscriptionEnd_frequency_hours": 721}}},
		{"trial cycles", "MaximumTrialCyclesPerSubscriber", 400, map[string]any{"ShoppingCart": map[string]any{"MaximumTrialCyclesPerSubscriber": 13}}},
		{"email", "PrimaryContactEmailAddress", 400, map[string]any{"PrimaryContactEmailAddress": "not-an-email"}},
		{"phone", "PrimaryContactPhoneNumber.E164", 400, map[string]any{"PrimaryContactPhoneNumber.E164": "123"}},
		{"forceDelete alone", "forceDelete", 400, map[string]any{"forceDelete": true}},
		{"nothing to change", "VenueID", 400, map[string]any{}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			before := f.graphSize(t)
			r := post(f.nsp, c.body).Must(t, c.status)
			if !strings.Contains(r.Raw, c.field) {
				t.Fatalf("error does not name %s: %s", c.field, r.Raw)
			}
			if after := f.graphSize(t); after != before {
				t.Fatalf("graph changed %s -> %s", before, after)
			}
		})
	}
	t.Run("venue console contact: support email and phone derived", func(t *testing.T) {
		r := f.env.Post("/venuemgmtconsole/venues/configureVenue", f.x[auth.RoleVenueAdministrator], map[string]any{"VenueID": f.venueA,
			"PrimaryContactGivenName": "<b>John</b>", "PrimaryContactEmailAddress": "John.Smith@Hotel.com", "PrimaryContactPhoneNumber.E164": "+1-555-123-4567"}).Must(t, http.StatusOK)
		for _, want := range []string{"PrimaryContactGivenName set to John.", "SupportEmailAddress set to john.smith@hotel.com.", "SupportPhoneNumber.E164 set to +15551234567."} {
			if !strings.Contains(r.Raw, want) {
				t.Fatalf("message lacks %q: %s", want, r.Raw)
			}
		}
	})
}

func TestUpdateVenueAddress(t *testing.T) {
	f := newVenueFixture(t)
	unit := f.addUnit(t, f.venueA, map[string]any{"UnitID": "7"}).Must(t, http.StatusOK).Body["UnitID_internal"].(string)
	r := f.env.Post("/networkoperatorconsole/venues/updateVenueAddress", f.x[auth.RoleDomainAdministrator], map[string]any{"VenueID": f.venueA,
		"VenueName": "Downtown Business Center", "AddressLine1": "123 Main Street", "PostalCode": "60602", "externalVenueID": "HOTEL_001"}).Must(t, http.StatusOK)
	if !strings.Contains(r.Raw, "Updated VenueName = Downtown Business Center.") || !strings.Contains(r.Raw, "Updated PostalCode = 60602.") {
		t.Fatalf("message: %s", r.Raw)
	}
	t.Run("units that inherited the address follow", func(t *testing.T) {
		got, _ := f.g().V(schema.GraphID(schema.VertexVenueUnit, unit)).Values("AddressLine1").ToList()
		if len(got) != 1 || got[0].GetString() != "123 Main Street" {
			t.Fatalf("unit address %v", got)
		}
	})
	t.Run("address unique within the operator", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/venues/updateVenueAddress", f.nsp, map[string]any{"VenueID": f.venueB,
			"AddressLine1": "123 Main Street", "PostalCode": "60602"}).Must(t, http.StatusConflict)
	})
	t.Run("externalVenueID unique within the operator", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/venues/updateVenueAddress", f.nsp, map[string]any{"VenueID": f.venueB, "externalVenueID": "HOTEL_001"}).
			Must(t, http.StatusConflict)
	})
	t.Run("a single space clears externalVenueID and frees it", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/venues/updateVenueAddress", f.nsp, map[string]any{"VenueID": f.venueA, "externalVenueID": " "}).Must(t, http.StatusOK)
		f.env.Post("/networkoperatorconsole/venues/updateVenueAddress", f.nsp, map[string]any{"VenueID": f.venueB, "externalVenueID": "HOTEL_001"}).Must(t, http.StatusOK)
	})
	t.Run("postal code checked", func(t *testing.T) {
		r := f.env.Post("/networkoperatorconsole/venues/updateVenueAddress", f.nsp, map[string]any{"VenueID": f.venueA, "PostalCode": "6060"}).Must(t, http.StatusBadRequest)
		if r.Body["field"] != nil && r.Body["field"] != "PostalCode" || !strings.Contains(r.Raw, "PostalCode") {
			t.Fatalf("%s", r.Raw)
		}
	})
}

func TestListVenueBuildingsAndLog(t *testing.T) {
	f := newVenueFixture(t)
	for _, b := range []string{"North", "South", "North"} {
		f.addUnit(t, f.venueA, map[string]any{"UnitID": servicetest.Unique("U"), "UnitBuilding": b}).Must(t, http.StatusOK)
	}
	r := f.env.Post("/venuemgmtconsole/venues/listVenueBuildings", f.x[auth.RoleLeasingAgent], map[string]any{"VenueID": f.venueA}).Must(t, http.StatusOK)
	if js, _ := json.Marshal(r.Body["UnitBuildings"]); string(js) != `["North","South"]` {
		t.Fatalf("buildings %s", js)
	}
	// An equipment entry, which venue roles must not see.
	if err := <-f.g().AddV(gremlinconsole.LabelLogEntry).Property(gremlingo.T.Id, gremlinconsole.VertexID(gremlinconsole.LabelLogEntry, "equipment-test-"+f.venueA)).
		Property(gremlingo.Cardinality.Single, "VenueID", f.venueA).Property(gremlingo.Cardinality.Single, "Command", "Equipment.addVenueEquipment").
		Property(gremlingo.Cardinality.Single, "dateAddedUTC", int64(4102444800000)-1).Iterate(); err != nil {
		t.Fatal(err)
	}
	if n := vcount(t, f.g().V().HasLabel(gremlinconsole.LabelLogEntry).Has("VenueID", f.venueA).Has("Command", "Equipment.addVenueEquipment")); n != 1 {
		t.Fatalf("equipment entry: %d", n)
	}
	logOf := func(token string) []any {
		r := f.env.Post("/networkoperatorconsole/venues/listVenueLog", token, map[string]any{"VenueID": f.venueA,
			"MaxViewWindowDateUTC.ISO8601": "2100-01-01T00:00:00.000Z", "MinViewWindowDateUTC.ISO8601": "2000-01-01T00:00:00.000Z"}).Must(t, http.StatusOK)
		l, _ := r.Body["log"].([]any)
		return l
	}
	operatorView, venueView := logOf(f.x[auth.RoleDomainAdministrator]), logOf(f.x[auth.RoleVenueAdministrator])
	if len(operatorView) != len(venueView)+1 {
		t.Fatalf("operator sees %d entries, venue administrator %d: %v", len(operatorView), len(venueView), operatorView)
	}
	first := operatorView[0].(map[string]any)
	if first["function_name"] != "Venue.addVenue" {
		t.Fatalf("not oldest first: %v", first)
	}
	t.Run("administrator filter", func(t *testing.T) {
		r := f.env.Post("/networkoperatorconsole/venues/listVenueLog", f.nsp, map[string]any{"VenueID": f.venueA, "Administrator": "nobody@x.test"}).Must(t, http.StatusOK)
		if vnum(r.Body["LogCount"]) != 0 {
			t.Fatalf("%s", r.Raw)
		}
	})
	t.Run("bad window", func(t *testing.T) {
		f.env.Post("/networkoperatorconsole/venues/listVenueLog", f.nsp, map[string]any{"VenueID": f.venueA, "MinViewWindowDateUTC.ISO8601": "yesterday"}).
			Must(t, http.StatusBadRequest)
	})
}

func TestDeleteVenuePermanently(t *testing.T) {
	f := newVenueFixture(t)
	path := "/networkoperatorconsole/admin/deleteVenuePermanently"
	unit := f.addUnit(t, f.venueA, map[string]any{"UnitID": "1"}).Must(t, http.StatusOK).Body["UnitID_internal"].(string)
	body := func(code string) map[string]any {
		return map[string]any{"VenueID": f.venueA, "DeletionReason": "BusinessClosure", "ConfirmationCode": code, "DataRetentionCompliance": true}
	}
	f.env.Post(path, f.nsp, body("DELETE-VENUE-a1b2")).Must(t, http.StatusBadRequest)
	f.env.Post(path, f.nsp, map[string]any{"VenueID": f.venueA, "DeletionReason": "Whim", "ConfirmationCode": "DELETE-VENUE-A1B2", "DataRetentionCompliance": true}).
		Must(t, http.StatusBadRequest)
	t.Run("occupied venue refused", func(t *testing.T) {
		sub := "subscription/occupied-" + f.venueA
		if err := <-f.g().AddV("subscription").Property(gremlingo.T.Id, sub).As("s").V(schema.GraphID(schema.VertexVenueUnit, unit)).
			AddE(string(schema.EdgeSubscriptionForUnit)).From("s").Iterate(); err != nil {
			t.Fatal(err)
		}
		f.env.Post(path, f.nsp, body("DELETE-VENUE-A1B2")).Must(t, http.StatusConflict)
		if err := <-f.g().V(sub).Property(gremlingo.Cardinality.Single, "EndDateTimeUTC", int64(1)).Iterate(); err != nil {
			t.Fatal(err)
		}
	})
	f.env.Post(path, f.nsp, body("DELETE-VENUE-A1B2")).Must(t, http.StatusOK)
	if n := vcount(t, f.g().V(schema.GraphID(schema.VertexVenue, f.venueA), schema.GraphID(schema.VertexVenueUnit, unit))); n != 0 {
		t.Fatalf("%d vertices left", n)
	}
	if n := vcount(t, f.g().V().HasLabel("vlan_claim").Has("VenueID", f.venueA)); n != 0 {
		t.Fatalf("%d VLAN claims left", n)
	}
	f.env.Post("/networkoperatorconsole/venues/listVenueDetails", f.nsp, map[string]any{"VenueID": f.venueA}).Must(t, http.StatusNotFound)
	if e := f.auditEntries(t, "Venue.deleteVenuePermanently", f.venueA); len(e) != 1 {
		t.Fatalf("audit %v", e)
	}
}

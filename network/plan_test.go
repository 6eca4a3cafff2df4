package network_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/network"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service"
	"github.com/wifivault/wifivault/service/servicetest"
)

const (
	addPlanPath       = "/networkoperatorconsole/equipment/addServicePlan"
	configurePlanPath = "/networkoperatorconsole/equipment/configureServicePlan"
	listPlansPath     = "/networkoperatorconsole/equipment/listServicePlans"
	enablePlanPath    = "/networkoperatorconsole/venues/enableServicePlan"
	disablePlanPath   = "/networkoperatorconsole/venues/disableServicePlan"
	cartPlansPath     = "/networkoperatorconsole/shoppingcart/listServicePlans"
)

var planUserRoles = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator, auth.RoleAccountManager, auth.RoleCustomerSupport}

func addPlan(t *testing.T, f *opFixture, body map[string]any) string {
	t.Helper()
	body["OperatorID"] = f.op
	r := f.env.Post(addPlanPath, f.tokens[auth.RoleDomainAdministrator], body).Must(t, http.StatusOK)
	return r.Body["ServicePlanID"].(string)
}

func planProps(t *testing.T, env *servicetest.Env, id string) map[string]any {
	t.Helper()
	res, err := env.Service.DB.G().V(gremlinconsole.VertexID(string(schema.VertexServicePlan), id)).ValueMap().ToList()
	if err != nil || len(res) != 1 {
		t.Fatalf("plan %s: %v %v", id, res, err)
	}
	out := map[string]any{}
	for k, v := range res[0].GetInterface().(map[any]any) {
		out[k.(string)] = v.([]any)[0]
	}
	return out
}

func TestAddServicePlan(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	cases := []struct {
		name    string
		body    map[string]any
		id      string
		up      int64
		down    int64
		devices int64
		hours   float64
		desc    string
	}{
		{"seed sample", map[string]any{"ServicePlanName": "Basic Home Internet", "UploadKbps": 25000, "DownloadKbps": 100000, "ConcurrentDevices": 10},
			"BASICHOMEINTERNET", 25000, 100000, 10, 730.5, ""},
		{"speeds and devices corrected into range", map[string]any{"ServicePlanName": "Clamp 1", "UploadKbps": 0, "DownloadKbps": int64(200000000000000), "ConcurrentDevices": 20000},
			"CLAMP1", 1, 100000000000000, 10000, 730.5, ""},
		{"devices default to 10000, cycle corrected, suffix added", map[string]any{"ServicePlanName": "Day-Pass", "ServicePlanDescription": "Guest", "UploadKbps": 5, "DownloadKbps": 5, "BillingCycleHours": 1000},
			"DAY-PASS", 5, 5, 10000, 730.5, "Guest billed monthly"},
		{"daily cycle", map[string]any{"ServicePlanName": "24 hr", "UploadKbps": 5, "DownloadKbps": 5, "BillingCycleHours": 24},
			"24HR", 5, 5, 10000, 24, "billed daily"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := addPlan(t, f, c.body)
			if id != f.op+schema.ServicePlanIDMarker+c.id {
				t.Fatalf("ServicePlanID %s", id)
			}
			p := planProps(t, env, id)
			if p["UploadKbps"] != c.up || p["DownloadKbps"] != c.down || p["ConcurrentDevices"] != c.devices ||
				p["BillingCycleHours"] != c.hours || p["ServicePlanDescription"] != c.desc {
				t.Fatalf("stored %v", p)
			}
		})
	}
	t.Run("message, audit and event", func(t *testing.T) {
		r := env.Post(addPlanPath, f.tokens[auth.RoleDomainAdministrator], map[string]any{"ServicePlanName": "Msg Plan", "UploadKbps": 25000, "DownloadKbps": 100000, "ConcurrentDevices": 10}).Must(t, http.StatusOK)
		want := "Plan added: " + f.op + "._V3SERVICEPLAN_.MSGPLAN - 25000 UP / 100000 DOWN - 10 concurrent devices per subscriber. Service plan configured successfully."
		if r.Body["message"] != want {
			t.Fatalf("message %q", r.Body["message"])
		}
		if len(opAuditEntries(t, env, f.op, "ServicePlan.addServicePlan")) != len(cases)+1 || eventCount(t, env, f.op, "ServicePlanAdded") != len(cases)+1 {
			t.Fatal("audit entries or events missing")
		}
	})
	t.Run("validation and duplicates write nothing", func(t *testing.T) {
		da := f.tokens[auth.RoleDomainAdministrator]
		before := vertexCount(t, env)
		mustField(t, env.Post(addPlanPath, da, map[string]any{"UploadKbps": 1, "DownloadKbps": 1}), "ServicePlanName")
		mustField(t, env.Post(addPlanPath, da, map[string]any{"ServicePlanName": strings.Repeat("n", 257), "UploadKbps": 1, "DownloadKbps": 1}), "ServicePlanName")
		mustField(t, env.Post(addPlanPath, da, map[string]any{"ServicePlanName": "!!!", "UploadKbps": 1, "DownloadKbps": 1}), "ServicePlanName")
		mustField(t, env.Post(addPlanPath, da, map[string]any{"ServicePlanName": "x", "DownloadKbps": 1}), "UploadKbps")
		mustField(t, env.Post(addPlanPath, da, map[string]any{"ServicePlanName": "x", "UploadKbps": 1.5, "DownloadKbps": 1}), "UploadKbps")
		mustField(t, env.Post(addPlanPath, da, map[string]any{"ServicePlanName": "x", "UploadKbps": 1, "DownloadKbps": 1, "ServicePlanDescription": strings.Repeat("d", 257)}), "ServicePlanDescription")
		mustField(t, env.Post(addPlanPath, f.tokens[auth.RoleNetworkSoftwareProvider], map[string]any{"ServicePlanName": "x", "UploadKbps": 1, "DownloadKbps": 1}), "OperatorID")
		env.Post(addPlanPath, da, map[string]any{"ServicePlanName": "basic home internet!", "UploadKbps": 1, "DownloadKbps": 1}).Must(t, http.StatusConflict)
		if vertexCount(t, env) != before {
			t.Fatal("a refused request wrote to the graph")
		}
	})
	t.Run("roles", func(t *testing.T) {
		roleCase(t, f, addPlanPath, func() map[string]any {
			return map[string]any{"OperatorID": f.op, "ServicePlanName": servicetest.Unique("Role"), "UploadKbps": 1, "DownloadKbps": 1}
		}, operatorAdminRoles, http.StatusOK)
	})
	t.Run("operator X may not add to operator Y", func(t *testing.T) {
		y := newOpFixture(t, env)
		env.Post(addPlanPath, f.tokens[auth.RoleDomainAdministrator], map[string]any{"OperatorID": y.op, "ServicePlanName": "x", "UploadKbps": 1, "DownloadKbps": 1}).Must(t, http.StatusForbidden)
	})
	t.Run("the 500-plan limit", func(t *testing.T) {
		y := newOpFixture(t, env)
		fillOperator(t, env, y.op, schema.VertexServicePlan, schema.EdgeOperatorHasServicePlan, "%s._V3SERVICEPLAN_.FILL%d")
		r := env.Post(addPlanPath, y.tokens[auth.RoleDomainAdministrator], map[string]any{"ServicePlanName": "One Too Many", "UploadKbps": 1, "DownloadKbps": 1}).Must(t, http.StatusConflict)
		if !strings.Contains(r.Raw, "500") {
			t.Fatalf("%s", r.Raw)
		}
	})
}

func TestConfigureServicePlan(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	da := f.tokens[auth.RoleDomainAdministrator]
	id := addPlan(t, f, map[string]any{"ServicePlanName": "Premium", "UploadKbps": 1000, "DownloadKbps": 1000})
	r := env.Post(configurePlanPath, da, map[string]any{
		"ServicePlanID": id, "ServicePlanName": "Premium Internet Plan", "UploadKbps": 50000, "ConcurrentDevices": 5,
		"BillingCyclePrice.USD": 4500, "externalServicePlanID": "EXT-1", "SMSCode": "PREM",
		"FCCLabel": map[string]any{"PlanID": "F123", "TypicalUploadKbps": 40000, "SupportURL": "https://support.example.com"},
	}).Must(t, http.StatusOK)
	for _, want := range []string{"Updated ServicePlanName to Premium Internet Plan.", "Updated UploadKbps to 50000.", "Updated ConcurrentDevices to 5."} {
		if !strings.Contains(r.Body["message"].(string), want) {
			t.Fatalf("message %q lacks %q", r.Body["message"], want)
		}
	}
	p := planProps(t, env, id)
	if p["BillingCyclePrice.USD"] != int64(4500) || p["FCCLabel.PlanID"] != "F123" || p["externalServicePlanID"] != "EXT-1" {
		t.Fatalf("stored %v", p)
	}
	entries := opAuditEntries(t, env, f.op, "ServicePlan.configureServicePlan")
	if len(entries) != 1 || entries[0]["before.UploadKbps"] != int64(1000) || entries[0]["after.UploadKbps"] != int64(50000) {
		t.Fatalf("audit %v", entries)
	}
	t.Run("removal sentinels", func(t *testing.T) {
		env.Post(configurePlanPath, da, map[string]any{"ServicePlanID": id, "externalServicePlanID": " ", "SMSCode": " ",
			"FCCLabel": map[string]any{"SupportURL": ""}}).Must(t, http.StatusOK)
		p := planProps(t, env, id)
		for _, k := range []string{"externalServicePlanID", "SMSCode", "FCCLabel.SupportURL"} {
			if _, has := p[k]; has {
				t.Errorf("%s not removed", k)
			}
		}
	})
	t.Run("validation writes nothing", func(t *testing.T) {
		before := vertexCount(t, env)
		cases := []struct {
			field string
			body  map[string]any
		}{
			{"ServicePlanName", map[string]any{"ServicePlanName": strings.Repeat("n", 41)}},
			{"UploadKbps", map[string]any{"UploadKbps": 0}},
			{"ConcurrentDevices", map[string]any{"ConcurrentDevices": 10001}},
			{"BillingCyclePrice.EUR", map[string]any{"BillingCyclePrice.EUR": 1200001}},
			{"BillingCyclePrice.GBP", map[string]any{"BillingCyclePrice.GBP": -1}},
			{"externalServicePlanID", map[string]any{"externalServicePlanID": strings.Repeat("e", 65)}},
			{"SMSCode", map[string]any{"SMSCode": "1234567"}},
			{"FCCLabel.PlanID", map[string]any{"FCCLabel": map[string]any{"PlanID": "X123"}}},
			{"FCCLabel.PrivacyPolicyURL", map[string]any{"FCCLabel": map[string]any{"PrivacyPolicyURL": "ftp://x"}}},
			{"FCCLabel.Color", map[string]any{"FCCLabel": map[string]any{"Color": "red"}}},
			{"ServicePlanID", map[string]any{}},
			{"migrateToServicePlan", map[string]any{"migrateToServicePlan": id}},
		}
		for _, c := range cases {
			t.Run(c.field, func(t *testing.T) {
				c.body["ServicePlanID"] = id
				mustField(t, env.Post(configurePlanPath, da, c.body), c.field)
			})
		}
		if vertexCount(t, env) != before {
			t.Fatal("a refused request wrote to the graph")
		}
	})
	t.Run("migrateToServicePlan", func(t *testing.T) {
		daily := addPlan(t, f, map[string]any{"ServicePlanName": "Daily", "UploadKbps": 1, "DownloadKbps": 1, "BillingCycleHours": 24})
		monthly := addPlan(t, f, map[string]any{"ServicePlanName": "Monthly", "UploadKbps": 1, "DownloadKbps": 1})
		mustField(t, env.Post(configurePlanPath, da, map[string]any{"ServicePlanID": id, "migrateToServicePlan": daily}), "migrateToServicePlan")
		env.Post(configurePlanPath, da, map[string]any{"ServicePlanID": id, "migrateToServicePlan": id + "X"}).Must(t, http.StatusNotFound)
		g := env.Service.DB.G()
		for i := 0; i < 2; i++ {
			sub := servicetest.Unique("SUB")
			if err := <-g.AddV(string(schema.VertexSubscription)).Property(gremlingo.T.Id, gremlinconsole.VertexID(string(schema.VertexSubscription), sub)).
				AddE(string(schema.EdgeSubscriptionForServicePlan)).To(gq.V(gremlinconsole.VertexID(string(schema.VertexServicePlan), id))).Iterate(); err != nil {
				t.Fatal(err)
			}
		}
		r := env.Post(configurePlanPath, da, map[string]any{"ServicePlanID": id, "migrateToServicePlan": monthly}).Must(t, http.StatusOK)
		if !strings.Contains(r.Body["message"].(string), "Migrated 2 subscription(s)") {
			t.Fatalf("%s", r.Raw)
		}
		count := func(plan string) int64 {
			res, _ := g.V(gremlinconsole.VertexID(string(schema.VertexServicePlan), plan)).In(string(schema.EdgeSubscriptionForServicePlan)).Count().ToList()
			n, _ := res[0].GetInt64()
			return n
		}
		if count(id) != 0 || count(monthly) != 2 {
			t.Fatalf("subscriptions: %d on the old plan, %d on the new", count(id), count(monthly))
		}
	})
	t.Run("roles", func(t *testing.T) {
		roleCase(t, f, configurePlanPath, func() map[string]any {
			return map[string]any{"OperatorID": f.op, "ServicePlanID": id, "SMSCode": "R1"}
		}, operatorAdminRoles, http.StatusOK)
	})
	t.Run("operator Y's plan is not found for operator X", func(t *testing.T) {
		y := newOpFixture(t, env)
		yid := addPlan(t, y, map[string]any{"ServicePlanName": "Theirs", "UploadKbps": 1, "DownloadKbps": 1})
		env.Post(configurePlanPath, da, map[string]any{"ServicePlanID": yid, "SMSCode": "X"}).Must(t, http.StatusNotFound)
	})
}

func TestServicePlansAtVenues(t *testing.T) {
	env := servicetest.Start(t, func(c *service.Config) { c.AllowedOrigins = []string{"https://shop.example.com"} })
	f := newOpFixture(t, env)
	y := newOpFixture(t, env)
	da := f.tokens[auth.RoleDomainAdministrator]
	slow := addPlan(t, f, map[string]any{"ServicePlanName": "Slow", "UploadKbps": 5000, "DownloadKbps": 5000})
	fast := addPlan(t, f, map[string]any{"ServicePlanName": "Fast", "UploadKbps": 900000, "DownloadKbps": 900000})
	mid := addPlan(t, f, map[string]any{"ServicePlanName": "Mid", "UploadKbps": 100000, "DownloadKbps": 100000})
	env.Post(configurePlanPath, da, map[string]any{"ServicePlanID": fast, "BillingCyclePrice.USD": 7500,
		"FCCLabel": map[string]any{"PlanID": "FABC", "TypicalDownloadKbps": 800000}}).Must(t, http.StatusOK)
	env.Post(configurePlanPath, da, map[string]any{"ServicePlanID": mid, "GloballyAvailablePlan": true}).Must(t, http.StatusOK)

	r := env.Post(enablePlanPath, da, map[string]any{"ServicePlanID": fast, "VenueID": f.venueA}).Must(t, http.StatusOK)
	if r.Body["message"] != "Service plan Fast enabled for Venue "+f.venueA {
		t.Fatalf("%s", r.Raw)
	}
	env.Post(enablePlanPath, da, map[string]any{"ServicePlanID": slow, "VenueID": f.venueA}).Must(t, http.StatusOK)
	env.Post(enablePlanPath, da, map[string]any{"ServicePlanID": fast, "VenueID": f.venueA}).Must(t, http.StatusConflict)
	if eventCount(t, env, f.op, "ServicePlanEnabledAtVenue") != 2 || len(opAuditEntries(t, env, f.op, "ServicePlan.enableServicePlan")) != 2 {
		t.Fatal("events or audit entries missing")
	}

	t.Run("equipment list", func(t *testing.T) {
		r := env.Post(listPlansPath, f.tokens[auth.RoleCustomerSupport], nil).Must(t, http.StatusOK)
		plans := r.Body["ServicePlans"].([]any)
		if len(plans) != 3 || plans[0].(map[string]any)["ServicePlanID"] != slow {
			t.Fatalf("%s", r.Raw)
		}
		venues := plans[2].(map[string]any)["OfferedAtVenueIDs"].([]any)
		if len(venues) != 1 || venues[0] != f.venueA {
			t.Fatalf("offered at %v", venues)
		}
		env.Post(listPlansPath, da, map[string]any{"OperatorID": y.op}).Must(t, http.StatusForbidden)
		roleCase(t, f, listPlansPath, func() map[string]any { return map[string]any{"OperatorID": f.op} }, operatorReaderRoles, http.StatusOK)
	})

	t.Run("shopping cart", func(t *testing.T) {
		ids := func(r servicetest.Response) string {
			var out []string
			for _, p := range r.Body["AvailableServicePlans"].([]any) {
				out = append(out, p.(map[string]any)["ServicePlanID"].(string))
			}
			return strings.Join(out, ",")
		}
		r := env.Post(cartPlansPath, "", map[string]any{"VenueID": f.venueA}).Must(t, http.StatusOK)
		if got := ids(r); got != slow+","+mid+","+fast {
			t.Fatalf("plans %s", got)
		}
		last := r.Body["AvailableServicePlans"].([]any)[2].(map[string]any)
		fcc := last["FCCLabel"].(map[string]any)
		if fcc["PlanID"] != "FABC" || fcc["PrivacyPolicyURL"] != "" || last["BillingCyclePrice.USD"] == nil {
			t.Fatalf("plan %v", last)
		}
		if got := ids(env.Post(cartPlansPath, "", map[string]any{"VenueID": f.venueA, "ShoppingCartEnabled": true}).Must(t, http.StatusOK)); got != mid+","+fast {
			t.Fatalf("shopping-cart mode: %s", got)
		}
		unit := addTestUnit(t, env, f.venueB)
		if got := ids(env.Post(cartPlansPath, "", map[string]any{"UnitID_internal": unit}).Must(t, http.StatusOK)); got != mid {
			t.Fatalf("venue B (global plans only): %s", got)
		}
		mustField(t, env.Post(cartPlansPath, "", nil), "VenueID")
		env.Post(cartPlansPath, "", map[string]any{"VenueID": "NOPE._V3VENUE.X"}).Must(t, http.StatusNotFound)
		raw := []byte(`{"VenueID":"` + f.venueA + `"}`)
		if r := env.PostRaw(cartPlansPath, http.Header{"Origin": {"https://evil.example.com"}}, raw); r.Status != http.StatusForbidden {
			t.Fatalf("foreign origin: %d", r.Status)
		}
		env.PostRaw(cartPlansPath, http.Header{"Origin": {"https://shop.example.com"}}, raw).Must(t, http.StatusOK)
	})

	t.Run("disable", func(t *testing.T) {
		env.Post(disablePlanPath, da, map[string]any{"ServicePlanID": mid, "VenueID": f.venueA}).Must(t, http.StatusNotFound)
		env.Post(disablePlanPath, da, map[string]any{"ServicePlanID": slow, "VenueID": f.venueA}).Must(t, http.StatusOK)
		env.Post(disablePlanPath, da, map[string]any{"ServicePlanID": slow, "VenueID": f.venueA}).Must(t, http.StatusNotFound)
		if len(opAuditEntries(t, env, f.op, "ServicePlan.disableServicePlan")) != 1 || eventCount(t, env, f.op, "ServicePlanDisabledAtVenue") != 1 {
			t.Fatal("audit entry or event missing")
		}
		err := <-env.Service.DB.G().V(gremlinconsole.VertexID(string(schema.VertexVenue), f.venueA)).
			Property(gremlingo.Cardinality.Single, string(schema.KeyDefaultServicePlanLocalWireless), fast).Iterate()
		if err != nil {
			t.Fatal(err)
		}
		env.Post(disablePlanPath, da, map[string]any{"ServicePlanID": fast, "VenueID": f.venueA}).Must(t, http.StatusConflict)
	})

	t.Run("boundaries", func(t *testing.T) {
		env.Post(enablePlanPath, da, map[string]any{"ServicePlanID": mid, "VenueID": y.venueA}).Must(t, http.StatusForbidden)
		yplan := addPlan(t, y, map[string]any{"ServicePlanName": "Theirs", "UploadKbps": 1, "DownloadKbps": 1})
		env.Post(enablePlanPath, da, map[string]any{"ServicePlanID": yplan, "VenueID": f.venueB}).Must(t, http.StatusNotFound)
		mustField(t, env.Post(enablePlanPath, da, map[string]any{"VenueID": f.venueB}), "ServicePlanID")
		n := 0
		plans := []string{}
		for i := 0; i < len(auth.AdminRoles); i++ {
			plans = append(plans, addPlan(t, f, map[string]any{"ServicePlanName": servicetest.Unique("R"), "UploadKbps": 1, "DownloadKbps": 1}))
		}
		roleCase(t, f, enablePlanPath, func() map[string]any {
			n++
			return map[string]any{"ServicePlanID": plans[n-1], "VenueID": f.venueA}
		}, planUserRoles, http.StatusOK)
	})
}

func TestLoadDemoPlans(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	p := &auth.Principal{Subject: "demo-loader", Kind: auth.KindAdmin, Role: auth.RoleNetworkSoftwareProvider}
	for i := 0; i < 2; i++ {
		if err := network.LoadDemoPlans(context.Background(), env.Service.Registry, p, f.op); err != nil {
			t.Fatalf("load %d: %v", i+1, err)
		}
	}
	plans := env.Post(listPlansPath, f.tokens[auth.RoleDomainAdministrator], nil).Must(t, http.StatusOK)
	pools := env.Post("/networkoperatorconsole/keypools/listKeypools", f.tokens[auth.RoleDomainAdministrator], nil).Must(t, http.StatusOK)
	if plans.Body["ServicePlanCount"].(interface{ String() string }).String() != "3" ||
		pools.Body["myKeyPoolCount"].(interface{ String() string }).String() != "1" {
		t.Fatalf("plans %s\npools %s", plans.Raw, pools.Raw)
	}
	if got := env.Post(cartPlansPath, "", map[string]any{"VenueID": f.venueA}).Must(t, http.StatusOK); got.Body["AvailableServicePlanCount"].(interface{ String() string }).String() != "3" {
		t.Fatalf("demo plans are not offered: %s", got.Raw)
	}
}

package network_test

import (
	"net/http"
	"strings"
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

const (
	addKeypoolPath       = "/networkoperatorconsole/keypools/addKeypool"
	configureKeypoolPath = "/networkoperatorconsole/keypools/configureKeypool"
	listKeypoolsPath     = "/networkoperatorconsole/keypools/listKeypools"
	deleteKeypoolPath    = "/networkoperatorconsole/admin/deleteKeypoolPermanently"
	unitKeypoolsPath     = "/venuemgmtconsole/venue_units/listKeyPoolsatVenueUnit"
)

func keypoolList(t *testing.T, f *opFixture) map[string]any {
	t.Helper()
	r := f.env.Post(listKeypoolsPath, f.tokens[auth.RoleDomainAdministrator], nil).Must(t, http.StatusOK)
	return r.Body["myKeyPoolList"].(map[string]any)
}

func TestAddKeypool(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	da := f.tokens[auth.RoleDomainAdministrator]

	r := env.Post(addKeypoolPath, da, map[string]any{"SSID": "  GuestWiFi  "}).Must(t, http.StatusOK)
	global := f.op + "._V3SSID.GuestWiFi.global"
	if r.Body["KeyPoolID"] != global || r.Body["message"] != "Keypool added: "+global+". Attached keypool to 2 venues. " {
		t.Fatalf("%s", r.Raw)
	}
	r = env.Post(addKeypoolPath, da, map[string]any{"SSID": "ResidentWiFi", "VenueID": f.venueA}).Must(t, http.StatusOK)
	local, _ := r.Body["KeyPoolID"].(string)
	parts, err := schema.ParseKeyPoolID(local)
	if err != nil || parts.SSID != "ResidentWiFi" || len(parts.Scope) != 8 || !strings.HasSuffix(r.Body["message"].(string), "Attached keypool to 1 venues. ") {
		t.Fatalf("local pool %s: %v %s", local, err, r.Raw)
	}
	list := keypoolList(t, f)
	g, l := list[global].(map[string]any), list[local].(map[string]any)
	if g["Scope"] != "global" || len(g["ConnectedVenueList"].([]any)) != 0 || g["AuthenticationMechanism"] != "WPA2" {
		t.Fatalf("global %v", g)
	}
	if cv := l["ConnectedVenueList"].([]any); l["Scope"] != "local" || len(cv) != 1 || cv[0] != f.venueA {
		t.Fatalf("local %v", l)
	}
	if len(opAuditEntries(t, env, f.op, "Keypool.addKeypool")) != 2 || eventCount(t, env, f.op, "KeypoolAdded") != 2 {
		t.Fatal("audit entries or events missing")
	}
	t.Run("a long SSID is cut to 32 bytes", func(t *testing.T) {
		r := env.Post(addKeypoolPath, da, map[string]any{"SSID": strings.Repeat("L", 40), "Scope": "local"}).Must(t, http.StatusOK)
		if r.Body["SSID"] != strings.Repeat("L", 32) || !strings.HasSuffix(r.Body["message"].(string), "to 0 venues. ") {
			t.Fatalf("%s", r.Raw)
		}
	})
	t.Run("WPA3 with a Ruckus controller", func(t *testing.T) {
		mustField(t, env.Post(addKeypoolPath, da, map[string]any{"SSID": "Dpsk", "RuckusR1ControllerID": "R1"}), "Scope")
		r := env.Post(addKeypoolPath, da, map[string]any{"SSID": "Dpsk", "RuckusR1ControllerID": "R1", "Scope": "local"}).Must(t, http.StatusOK)
		if p := keypoolList(t, f)[r.Body["KeyPoolID"].(string)].(map[string]any); p["AuthenticationMechanism"] != "WPA3" || p["RuckusR1ControllerID"] != "R1" {
			t.Fatalf("%v", p)
		}
	})
	t.Run("conflicts and validation write nothing", func(t *testing.T) {
		before := vertexCount(t, env)
		env.Post(addKeypoolPath, da, map[string]any{"SSID": "GuestWiFi"}).Must(t, http.StatusConflict)
		env.Post(addKeypoolPath, da, map[string]any{"SSID": "GuestWiFi", "VenueID": f.venueB}).Must(t, http.StatusConflict)
		env.Post(addKeypoolPath, da, map[string]any{"SSID": "ResidentWiFi", "VenueID": f.venueA}).Must(t, http.StatusConflict)
		env.Post(addKeypoolPath, da, map[string]any{"SSID": "ResidentWiFi"}).Must(t, http.StatusConflict)
		mustField(t, env.Post(addKeypoolPath, da, map[string]any{}), "SSID")
		mustField(t, env.Post(addKeypoolPath, da, map[string]any{"SSID": " x "}), "SSID")
		mustField(t, env.Post(addKeypoolPath, da, map[string]any{"SSID": "Bad\u0007SSID"}), "SSID")
		mustField(t, env.Post(addKeypoolPath, da, map[string]any{"SSID": "Fine", "Scope": "regional"}), "Scope")
		mustField(t, env.Post(addKeypoolPath, f.tokens[auth.RoleNetworkSoftwareProvider], map[string]any{"SSID": "Fine"}), "OperatorID")
		env.Post(addKeypoolPath, da, map[string]any{"SSID": "Fine", "VenueID": "NOPE._V3VENUE.X"}).Must(t, http.StatusNotFound)
		if vertexCount(t, env) != before {
			t.Fatal("a refused request wrote to the graph")
		}
	})
	t.Run("roles and operator boundary", func(t *testing.T) {
		y := newOpFixture(t, env)
		env.Post(addKeypoolPath, da, map[string]any{"SSID": "Theirs", "OperatorID": y.op}).Must(t, http.StatusForbidden)
		env.Post(addKeypoolPath, da, map[string]any{"SSID": "Theirs", "VenueID": y.venueA}).Must(t, http.StatusForbidden)
		roleCase(t, f, addKeypoolPath, func() map[string]any {
			return map[string]any{"OperatorID": f.op, "SSID": servicetest.Unique("S"), "Scope": "local"}
		}, operatorAdminRoles, http.StatusOK)
	})
	t.Run("the 500-pool limit", func(t *testing.T) {
		y := newOpFixture(t, env)
		fillOperator(t, env, y.op, schema.VertexKeypool, schema.EdgeOperatorHasKeypool, "%s._V3SSID.Fill%d.global")
		r := env.Post(addKeypoolPath, y.tokens[auth.RoleDomainAdministrator], map[string]any{"SSID": "OneTooMany"}).Must(t, http.StatusConflict)
		if !strings.Contains(r.Raw, "500") {
			t.Fatalf("%s", r.Raw)
		}
	})
}

func TestConfigureKeypool(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	da := f.tokens[auth.RoleDomainAdministrator]
	global := env.Post(addKeypoolPath, da, map[string]any{"SSID": "Everywhere"}).Must(t, http.StatusOK).Body["KeyPoolID"].(string)
	local := env.Post(addKeypoolPath, da, map[string]any{"SSID": "Residents", "Scope": "local"}).Must(t, http.StatusOK).Body["KeyPoolID"].(string)

	r := env.Post(configureKeypoolPath, da, map[string]any{"KeyPoolID": local, "connectVenueID": f.venueA, "DisplayOrder": 3}).Must(t, http.StatusOK)
	if !strings.Contains(r.Body["message"].(string), "Connected keypool "+local+" to venue "+f.venueA) {
		t.Fatalf("%s", r.Raw)
	}
	if p := keypoolList(t, f)[local].(map[string]any); p["DisplayOrder"].(interface{ String() string }).String() != "3" || len(p["ConnectedVenueList"].([]any)) != 1 {
		t.Fatalf("%v", p)
	}
	entries := opAuditEntries(t, env, f.op, "Keypool.configureKeypool")
	if len(entries) != 1 || entries[0]["before.DisplayOrder"] != int64(100) || entries[0]["after.DisplayOrder"] != int64(3) {
		t.Fatalf("audit %v", entries)
	}
	cases := []struct {
		name string
		body map[string]any
		want int
	}{
		{"duplicate connect", map[string]any{"KeyPoolID": local, "connectVenueID": f.venueA}, 409},
		{"global pools cannot be connected", map[string]any{"KeyPoolID": global, "connectVenueID": f.venueA}, 409},
		{"global pools cannot be disconnected", map[string]any{"KeyPoolID": global, "disconnectVenueID": f.venueA}, 409},
		{"global pools cannot be deleted", map[string]any{"KeyPoolID": global, "deleteKeyPoolPermanently": true}, 409},
		{"disconnect a venue not connected", map[string]any{"KeyPoolID": local, "disconnectVenueID": f.venueB}, 404},
		{"unknown venue", map[string]any{"KeyPoolID": local, "connectVenueID": "NOPE._V3VENUE.X"}, 404},
		{"unknown pool", map[string]any{"KeyPoolID": local + "x", "DisplayOrder": 2}, 404},
		{"display order on a global pool", map[string]any{"KeyPoolID": global, "DisplayOrder": 1}, 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := vertexCount(t, env)
			env.Post(configureKeypoolPath, da, c.body).Must(t, c.want)
			if c.want != http.StatusOK && vertexCount(t, env) != before {
				t.Fatal("a refused request wrote to the graph")
			}
		})
	}
	t.Run("validation", func(t *testing.T) {
		mustField(t, env.Post(configureKeypoolPath, da, map[string]any{"KeyPoolID": local}), "KeyPoolID")
		mustField(t, env.Post(configureKeypoolPath, da, map[string]any{"KeyPoolID": local, "DisplayOrder": 101}), "DisplayOrder")
		mustField(t, env.Post(configureKeypoolPath, da, map[string]any{"KeyPoolID": local, "DisplayOrder": 0}), "DisplayOrder")
		mustField(t, env.Post(configureKeypoolPath, da, map[string]any{"KeyPoolID": local, "DisplayOrder": 5, "deleteKeyPoolPermanently": true}), "deleteKeyPoolPermanently")
	})
	t.Run("operator boundary", func(t *testing.T) {
		y := newOpFixture(t, env)
		env.Post(configureKeypoolPath, da, map[string]any{"KeyPoolID": local, "connectVenueID": y.venueA}).Must(t, http.StatusNotFound)
		env.Post(configureKeypoolPath, y.tokens[auth.RoleDomainAdministrator], map[string]any{"KeyPoolID": local, "DisplayOrder": 9}).Must(t, http.StatusNotFound)
		env.Post(deleteKeypoolPath, y.tokens[auth.RoleDomainAdministrator], map[string]any{"KeyPoolID": local}).Must(t, http.StatusNotFound)
	})
	t.Run("roles", func(t *testing.T) {
		roleCase(t, f, configureKeypoolPath, func() map[string]any {
			return map[string]any{"OperatorID": f.op, "KeyPoolID": local, "DisplayOrder": 7}
		}, operatorAdminRoles, http.StatusOK)
		roleCase(t, f, listKeypoolsPath, func() map[string]any { return map[string]any{"OperatorID": f.op} }, planUserRoles, http.StatusOK)
	})
	t.Run("disconnect, then delete with its PSKs", func(t *testing.T) {
		env.Post(configureKeypoolPath, da, map[string]any{"KeyPoolID": local, "disconnectVenueID": f.venueA}).Must(t, http.StatusOK)
		env.Post(configureKeypoolPath, da, map[string]any{"KeyPoolID": local, "connectVenueID": f.venueB}).Must(t, http.StatusOK)
		psk := servicetest.Unique("PSK")
		if err := <-env.Service.DB.G().AddV(string(schema.VertexPSK)).Property(gremlingo.T.Id, gremlinconsole.VertexID(string(schema.VertexPSK), psk)).
			AddE(string(schema.EdgeKeypoolHasPSK)).From(gq.V(gremlinconsole.VertexID(string(schema.VertexKeypool), local))).Iterate(); err != nil {
			t.Fatal(err)
		}
		if p := keypoolList(t, f)[local].(map[string]any); p["PSKCount"].(interface{ String() string }).String() != "1" {
			t.Fatalf("%v", p)
		}
		r := env.Post(deleteKeypoolPath, da, map[string]any{"KeyPoolID": local}).Must(t, http.StatusOK)
		if r.Body["message"] != "Deleted keypool "+local+". All PSKs and bins removed." {
			t.Fatalf("%s", r.Raw)
		}
		if _, still := keypoolList(t, f)[local]; still {
			t.Fatal("the pool is still listed")
		}
		res, _ := env.Service.DB.G().V(gremlinconsole.VertexID(string(schema.VertexPSK), psk)).Count().ToList()
		if n, _ := res[0].GetInt64(); n != 0 {
			t.Fatal("the PSK survived")
		}
		if eventCount(t, env, f.op, "KeypoolDeleted") != 1 || len(opAuditEntries(t, env, f.op, "Keypool.deleteKeypoolPermanently")) != 1 {
			t.Fatal("event or audit entry missing")
		}
		env.Post(deleteKeypoolPath, da, map[string]any{"KeyPoolID": local}).Must(t, http.StatusNotFound)
		env.Post(deleteKeypoolPath, da, map[string]any{"KeyPoolID": global}).Must(t, http.StatusConflict)
		roleCase(t, f, deleteKeypoolPath, func() map[string]any {
			return map[string]any{"OperatorID": f.op, "KeyPoolID": global}
		}, operatorAdminRoles, http.StatusConflict)
	})
}

func TestListKeyPoolsAtVenueUnit(t *testing.T) {
	env := servicetest.Start(t)
	f := newOpFixture(t, env)
	da := f.tokens[auth.RoleDomainAdministrator]
	env.Post(addKeypoolPath, da, map[string]any{"SSID": "Everywhere"}).Must(t, http.StatusOK)
	venueWide := env.Post(addKeypoolPath, da, map[string]any{"SSID": "VenueWide", "VenueID": f.venueA}).Must(t, http.StatusOK).Body["KeyPoolID"].(string)
	otherUnits := env.Post(addKeypoolPath, da, map[string]any{"SSID": "OtherUnit", "VenueID": f.venueA}).Must(t, http.StatusOK).Body["KeyPoolID"].(string)
	unit, other := addTestUnit(t, env, f.venueA), addTestUnit(t, env, f.venueA)
	if err := <-env.Service.DB.G().V(gremlinconsole.VertexID(string(schema.VertexKeypool), otherUnits)).
		AddE(string(schema.EdgeKeypoolAssignedAtUnit)).To(gq.V(gremlinconsole.VertexID(string(schema.VertexVenueUnit), other))).Iterate(); err != nil {
		t.Fatal(err)
	}
	keys := func(r servicetest.Response) string {
		var out []string
		for k := range r.Body["Keypools"].(map[string]any) {
			out = append(out, k)
		}
		return strings.Join(out, ",")
	}
	if got := keys(env.Post(unitKeypoolsPath, f.tokens[auth.RoleLeasingAgent], map[string]any{"VenueID": f.venueA, "UnitID_internal": unit}).Must(t, http.StatusOK)); got != venueWide {
		t.Fatalf("unit pools %q, want %q", got, venueWide)
	}
	if got := keys(env.Post(unitKeypoolsPath, da, map[string]any{"VenueID": f.venueA, "UnitID_internal": other}).Must(t, http.StatusOK)); !strings.Contains(got, otherUnits) || !strings.Contains(got, venueWide) {
		t.Fatalf("other unit pools %q", got)
	}
	mustField(t, env.Post(unitKeypoolsPath, da, map[string]any{"VenueID": f.venueA}), "UnitID_internal")
	env.Post(unitKeypoolsPath, da, map[string]any{"VenueID": f.venueB, "UnitID_internal": unit}).Must(t, http.StatusNotFound)
	t.Run("venue administrator of A against B", func(t *testing.T) {
		unitB := addTestUnit(t, env, f.venueB)
		env.Post(unitKeypoolsPath, f.tokens[auth.RoleVenueAdministrator], map[string]any{"VenueID": f.venueB, "UnitID_internal": unitB}).Must(t, http.StatusForbidden)
	})
	t.Run("roles", func(t *testing.T) {
		roleCase(t, f, unitKeypoolsPath, func() map[string]any {
			return map[string]any{"VenueID": f.venueA, "UnitID_internal": unit}
		}, auth.AdminRoles, http.StatusOK)
	})
}

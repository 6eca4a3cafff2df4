package network_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wifivault/wifivault/auth"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/projection"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

// venueProps reads a venue's stored properties.
func (f *venueFixture) venueProps(t testing.TB, venue string) map[string]any {
	t.Helper()
	r, err := graphdb.First(f.g().V(schema.GraphID(schema.VertexVenue, venue)).ValueMap())
	if err != nil || r == nil {
		t.Fatalf("venue %s: %v", venue, err)
	}
	return graphdb.Flatten(r.GetInterface())
}

// radiusDetails is the RADIUS object listVenueDetails returns for a venue.
func (f *venueFixture) radiusDetails(t testing.TB, venue string) (map[string]any, string) {
	t.Helper()
	r := f.env.Post("/networkoperatorconsole/venues/listVenueDetails", f.nsp, map[string]any{"VenueID": venue}).Must(t, http.StatusOK)
	d, ok := r.Body["RADIUS"].(map[string]any)
	if !ok {
		t.Fatalf("no RADIUS object in %s", r.Raw)
	}
	return d, r.Raw
}

// projectedVenue waits until the projection's venue satisfies cond (the outbox event of
// the change is delivered asynchronously) and returns it.
func (f *venueFixture) projectedVenue(t testing.TB, venue, what string, cond func(*policycache.Venue) bool) *policycache.Venue {
	t.Helper()
	r := f.env.Service.Cache.NewReader()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := r.RefreshClients(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if v := c.Venues[venue]; v != nil && cond(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("venue %s: %s not projected within 10s (projected %+v)", venue, what, c.Venues[venue])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestConfigureVenueRadius: each RADIUS setting is accepted, shown by listVenueDetails
// and projected for radiusd; each bad value is refused naming its field with nothing
// changed; the shared secret is encrypted in the graph and never shown or audited.
func TestConfigureVenueRadius(t *testing.T) {
	f := newVenueFixture(t)
	post := func(token, venue string, radius map[string]any) servicetest.Response {
		return f.env.Post("/networkoperatorconsole/venues/configureVenue", token, map[string]any{"VenueID": venue,
			"NetworkConfiguration": map[string]any{"RADIUS": radius}})
	}
	b := newAddrBlock()
	gw4, gw6, gwB, gwY := b.v4(7), b.v6(7), b.v4(9), b.v4(10)
	gateway := func(v *policycache.Venue, addr string) *policycache.Gateway {
		for i := range v.Gateways {
			if v.Gateways[i].Address == addr {
				return &v.Gateways[i]
			}
		}
		return nil
	}
	accepted := []struct {
		name      string
		radius    map[string]any
		details   func(d map[string]any) bool
		projected func(v *policycache.Venue) bool
	}{
		{"RequireMessageAuthenticator false", map[string]any{"RequireMessageAuthenticator": false},
			func(d map[string]any) bool { return d["RequireMessageAuthenticator"] == false },
			func(v *policycache.Venue) bool { return v.AllowMissingMessageAuthenticator }},
		{"RequireMessageAuthenticator true", map[string]any{"RequireMessageAuthenticator": true},
			func(d map[string]any) bool { return d["RequireMessageAuthenticator"] == true },
			func(v *policycache.Venue) bool { return !v.AllowMissingMessageAuthenticator }},
		{"registration VLAN and policy", map[string]any{"UnknownDevicePolicy": "registration-vlan", "RegistrationVLAN": 3999},
			func(d map[string]any) bool {
				return d["UnknownDevicePolicy"] == "registration-vlan" && vnum(d["RegistrationVLAN"]) == 3999
			},
			func(v *policycache.Venue) bool {
				return v.UnknownDevice == policycache.UnknownRegistration && v.RegistrationVLAN == 3999
			}},
		{"policy back to reject", map[string]any{"UnknownDevicePolicy": "REJECT"},
			func(d map[string]any) bool { return d["UnknownDevicePolicy"] == "reject" },
			func(v *policycache.Venue) bool { return v.UnknownDevice == policycache.UnknownReject }},
		{"NAS whitelist", map[string]any{"NASWhitelist": []any{"AP-LOBBY", " 192.0.2.10 ", "2001:DB8::1", "::ffff:192.0.2.11", "AP-LOBBY"}},
			func(d map[string]any) bool {
				return jsonOf(d["NASWhitelist"]) == `["AP-LOBBY","192.0.2.10","2001:db8::1","192.0.2.11"]`
			},
			func(v *policycache.Venue) bool {
				return reflect.DeepEqual(v.NASWhitelist, []string{"AP-LOBBY", "192.0.2.10", "2001:db8::1", "192.0.2.11"})
			}},
		{"gateway addresses and reply profile", map[string]any{"GatewayAddresses": []any{gw4, strings.ToUpper(gw6)}, "ReplyProfile": "ruckus"},
			func(d map[string]any) bool {
				return jsonOf(d["GatewayAddresses"]) == jsonOf([]string{gw4, gw6}) && d["ReplyProfile"] == "ruckus"
			},
			func(v *policycache.Venue) bool {
				g4, g6 := gateway(v, gw4), gateway(v, gw6)
				nas := gateway(v, "")
				return g4 != nil && g6 != nil && nas != nil && nas.NASIdentifier != "" &&
					g4.Profile == "ruckus" && g6.Profile == "ruckus" && nas.Profile == "ruckus"
			}},
		{"NAS whitelist emptied", map[string]any{"NASWhitelist": []any{}},
			func(d map[string]any) bool { return jsonOf(d["NASWhitelist"]) == `[]` },
			func(v *policycache.Venue) bool { return len(v.NASWhitelist) == 0 }},
		{"reply profile removed", map[string]any{"ReplyProfile": " "},
			func(d map[string]any) bool { _, ok := d["ReplyProfile"]; return !ok },
			func(v *policycache.Venue) bool { return len(v.Gateways) == 3 && v.Gateways[0].Profile == "" }},
	}
	for _, c := range accepted {
		t.Run("accepted/"+c.name, func(t *testing.T) {
			before := len(f.events(t, projection.EventVenueRadiusChanged, f.venueA))
			post(f.nsp, f.venueA, c.radius).Must(t, http.StatusOK)
			if d, raw := f.radiusDetails(t, f.venueA); !c.details(d) {
				t.Fatalf("listVenueDetails RADIUS: %s", raw)
			}
			f.projectedVenue(t, f.venueA, c.name, c.projected)
			if after := len(f.events(t, projection.EventVenueRadiusChanged, f.venueA)); after != before+1 {
				t.Fatalf("%d VenueRadiusChanged events, want %d", after, before+1)
			}
		})
	}

	const secret = "Radius-Secret-42!"
	t.Run("shared secret encrypted, masked, never audited", func(t *testing.T) {
		r := post(f.nsp, f.venueA, map[string]any{"SharedSecret": secret}).Must(t, http.StatusOK)
		if strings.Contains(r.Raw, secret) || !strings.Contains(r.Raw, "Updated NetworkConfiguration.RADIUS.SharedSecret.") {
			t.Fatalf("configureVenue answer: %s", r.Raw)
		}
		stored, _ := f.venueProps(t, f.venueA)[projection.PropVenueRadiusSecret].(string)
		if stored == "" || strings.Contains(stored, secret) {
			t.Fatalf("stored secret %q", stored)
		}
		plain, err := f.env.Service.Secrets.DecryptString(stored, projection.VenueSecretContext(f.venueA, projection.PropVenueRadiusSecret))
		if err != nil || plain != secret {
			t.Fatalf("stored secret decrypts to %q, %v", plain, err)
		}
		d, raw := f.radiusDetails(t, f.venueA)
		if strings.Contains(raw, secret) || d["SharedSecret"] != vaultcrypto.Mask(secret) {
			t.Fatalf("listVenueDetails shows %v: %s", d["SharedSecret"], raw)
		}
		vr := f.env.Post("/venuemgmtconsole/venues/listVenueDetails", f.x[auth.RoleVenueAdministrator], map[string]any{"VenueID": f.venueA}).Must(t, http.StatusOK)
		if strings.Contains(vr.Raw, secret) || strings.Contains(vr.Raw, stored) {
			t.Fatalf("venue console listVenueDetails shows the secret: %s", vr.Raw)
		}
		f.projectedVenue(t, f.venueA, "secret", func(v *policycache.Venue) bool { return v.Secret == secret })
		entries := f.auditEntries(t, "Venue.configureVenue", f.venueA)
		if !strings.Contains(jsonOf(entries), "(changed)") {
			t.Fatalf("no (changed) audit entry: %s", jsonOf(entries))
		}
		for _, e := range entries {
			if js := jsonOf(e); strings.Contains(js, secret) || strings.Contains(js, stored) {
				t.Fatalf("audit entry holds the secret: %s", js)
			}
		}
		for _, e := range f.events(t, projection.EventVenueRadiusChanged, f.venueA) {
			if strings.Contains(jsonOf(e), secret) {
				t.Fatalf("event holds the secret: %v", e)
			}
		}
		if strings.Contains(f.env.Logs.String(), secret) {
			t.Fatal("the secret was logged")
		}
	})

	bad := []struct {
		name, field string
		status      int
		radius      map[string]any
		venue       string // venue A unless set
	}{
		{"secret too short", "RADIUS.SharedSecret", 400, map[string]any{"SharedSecret": "short7!"}, ""},
		{"secret too long", "RADIUS.SharedSecret", 400, map[string]any{"SharedSecret": strings.Repeat("s", 129)}, ""},
		{"secret with a space", "RADIUS.SharedSecret", 400, map[string]any{"SharedSecret": "has a space inside"}, ""},
		{"secret not a string", "RADIUS.SharedSecret", 400, map[string]any{"SharedSecret": 12345678}, ""},
		{"Message-Authenticator not a boolean", "RADIUS.RequireMessageAuthenticator", 400, map[string]any{"RequireMessageAuthenticator": "no"}, ""},
		{"unknown policy", "RADIUS.UnknownDevicePolicy", 400, map[string]any{"UnknownDevicePolicy": "accept-all"}, ""},
		{"registration VLAN 0", "RADIUS.RegistrationVLAN", 400, map[string]any{"RegistrationVLAN": 0}, ""},
		{"registration VLAN 4095", "RADIUS.RegistrationVLAN", 400, map[string]any{"RegistrationVLAN": 4095}, ""},
		{"registration VLAN not whole", "RADIUS.RegistrationVLAN", 400, map[string]any{"RegistrationVLAN": 12.5}, ""},
		{"registration policy without VLAN", "RADIUS.RegistrationVLAN", 400, map[string]any{"UnknownDevicePolicy": "registration-vlan"}, f.venueB},
		{"NAS whitelist not an array", "RADIUS.NASWhitelist", 400, map[string]any{"NASWhitelist": "AP-1"}, ""},
		{"NAS whitelist entry not a string", "RADIUS.NASWhitelist", 400, map[string]any{"NASWhitelist": []any{"AP-1", 7}}, ""},
		{"NAS whitelist entry with a space", "RADIUS.NASWhitelist", 400, map[string]any{"NASWhitelist": []any{"AP 1"}}, ""},
		{"NAS whitelist entry empty", "RADIUS.NASWhitelist", 400, map[string]any{"NASWhitelist": []any{""}}, ""},
		{"NAS whitelist bad IPv4", "RADIUS.NASWhitelist", 400, map[string]any{"NASWhitelist": []any{"192.0.2.300"}}, ""},
		{"NAS whitelist too long", "RADIUS.NASWhitelist", 400, map[string]any{"NASWhitelist": manyEntries(65)}, ""},
		{"unknown profile", "RADIUS.ReplyProfile", 400, map[string]any{"ReplyProfile": "juniper"}, ""},
		{"gateway address not an address", "RADIUS.GatewayAddresses", 400, map[string]any{"GatewayAddresses": []any{"ap.example.com"}}, ""},
		{"gateway address unspecified", "RADIUS.GatewayAddresses", 400, map[string]any{"GatewayAddresses": []any{"0.0.0.0"}}, ""},
		{"gateway address multicast", "RADIUS.GatewayAddresses", 400, map[string]any{"GatewayAddresses": []any{"ff02::1"}}, ""},
		{"gateway address with zone", "RADIUS.GatewayAddresses", 400, map[string]any{"GatewayAddresses": []any{"fe80::1%eth0"}}, ""},
		{"misspelt setting", "RADIUS.SharedSecrt", 400, map[string]any{"SharedSecrt": "long enough secret"}, ""},
		{"gateway address of venue B", "RADIUS.GatewayAddresses", 409, map[string]any{"GatewayAddresses": []any{gwB}}, ""},
		{"gateway address of operator Y's venue", "RADIUS.GatewayAddresses", 409, map[string]any{"GatewayAddresses": []any{gwY}}, ""},
	}
	post(f.nsp, f.venueB, map[string]any{"GatewayAddresses": []any{gwB}}).Must(t, http.StatusOK)
	post(f.yAdmin, f.venueY, map[string]any{"GatewayAddresses": []any{gwY}}).Must(t, http.StatusOK)
	for _, c := range bad {
		t.Run("refused/"+c.name, func(t *testing.T) {
			venue := c.venue
			if venue == "" {
				venue = f.venueA
			}
			size, props := f.graphSize(t), jsonOf(f.venueProps(t, venue))
			r := post(f.nsp, venue, c.radius).Must(t, c.status)
			if !strings.Contains(r.Raw, c.field) {
				t.Fatalf("error does not name %s: %s", c.field, r.Raw)
			}
			if strings.Contains(r.Raw, "long enough secret") || strings.Contains(r.Raw, "has a space inside") {
				t.Fatalf("error echoes the secret: %s", r.Raw)
			}
			if f.graphSize(t) != size || jsonOf(f.venueProps(t, venue)) != props {
				t.Fatal("the refused request changed the graph")
			}
		})
	}
	t.Run("secret removed: the server default applies again", func(t *testing.T) {
		post(f.nsp, f.venueA, map[string]any{"SharedSecret": " "}).Must(t, http.StatusOK)
		if d, raw := f.radiusDetails(t, f.venueA); d["SharedSecret"] != nil {
			t.Fatalf("secret still shown: %s", raw)
		}
		f.projectedVenue(t, f.venueA, "no secret", func(v *policycache.Venue) bool { return v.Secret == "" })
	})
}

func manyEntries(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = fmt.Sprintf("AP-%d", i)
	}
	return out
}

// TestConfigureVenueRadiusTenants: a venue administrator of venue A cannot read or change
// venue B's RADIUS settings, nor can operator Y's administrator change venue A's.
func TestConfigureVenueRadiusTenants(t *testing.T) {
	f := newVenueFixture(t)
	radius := map[string]any{"SharedSecret": "tenant-secret-1", "GatewayAddresses": []any{newAddrBlock().v4(99)}, "ReplyProfile": "cisco"}
	cases := []struct {
		name, path, token, venue string
	}{
		{"venue administrator of A on B (venue console)", "/venuemgmtconsole/venues/configureVenue", f.x[auth.RoleVenueAdministrator], f.venueB},
		{"venue administrator of A on B (operator console)", "/networkoperatorconsole/venues/configureVenue", f.x[auth.RoleVenueAdministrator], f.venueB},
		{"operator Y on venue A", "/networkoperatorconsole/venues/configureVenue", f.yAdmin, f.venueA},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			props := jsonOf(f.venueProps(t, c.venue))
			f.env.Post(c.path, c.token, map[string]any{"VenueID": c.venue, "NetworkConfiguration": map[string]any{"RADIUS": radius}}).
				Must(t, http.StatusForbidden)
			if jsonOf(f.venueProps(t, c.venue)) != props {
				t.Fatal("the refused request changed the venue")
			}
		})
	}
	t.Run("venue administrator of A on A", func(t *testing.T) {
		f.env.Post("/venuemgmtconsole/venues/configureVenue", f.x[auth.RoleVenueAdministrator], map[string]any{"VenueID": f.venueA,
			"NetworkConfiguration": map[string]any{"RADIUS": radius}}).Must(t, http.StatusOK)
		f.projectedVenue(t, f.venueA, "the administrator's settings", func(v *policycache.Venue) bool { return v.Secret == "tenant-secret-1" })
	})
}

package subscribers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

// fixture is a running service with operators X and Y; X has venues A and B (one global
// keypool, a unit at each), Y a venue with a unit. Tokens: X's DomainAdministrator, a
// venue administrator of A, one of B, and Y's DomainAdministrator.
type fixture struct {
	env                      *servicetest.Env
	nsp                      string
	opX, opY                 string
	venueA, venueB           string
	venueY                   string
	unitA, unitB, unitY      string
	ssidX                    string
	domainX, domainY         string
	venueAdminA, venueAdminB string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	env := servicetest.Start(t)
	f := &fixture{env: env, nsp: env.NSP()}
	f.setup(t)
	return f
}

// setup creates the operators, venues, keypools, units and administrators.
func (f *fixture) setup(t testing.TB) {
	t.Helper()
	f.opX, f.opY = f.operator(t), f.operator(t)
	f.ssidX = servicetest.Unique("WiFi-")
	f.venueA, f.venueB = f.venue(t, f.opX), f.venue(t, f.opX)
	f.venueY = f.venue(t, f.opY)
	f.keypool(t, f.opX, f.ssidX)
	f.keypool(t, f.opY, servicetest.Unique("WiFiY-"))
	f.unitA, f.unitB, f.unitY = f.unit(t, f.venueA), f.unit(t, f.venueB), f.unit(t, f.venueY)
	f.domainX = f.admin(t, identity.Admin{Role: auth.RoleDomainAdministrator, OperatorID: f.opX})
	f.domainY = f.admin(t, identity.Admin{Role: auth.RoleDomainAdministrator, OperatorID: f.opY})
	f.venueAdminA = f.admin(t, identity.Admin{Role: auth.RoleVenueAdministrator, OperatorID: f.opX, VenueIDs: []string{f.venueA}})
	f.venueAdminB = f.admin(t, identity.Admin{Role: auth.RoleVenueAdministrator, OperatorID: f.opX, VenueIDs: []string{f.venueB}})
}

func (f *fixture) operator(t testing.TB) string {
	t.Helper()
	op := servicetest.Unique("OP")
	f.env.Post("/networkoperatorconsole/operators/addNetworkOperator", f.nsp, map[string]any{
		"OperatorID": op, "OperatorName": "Operator " + op, "EmailAddress": strings.ToLower(op) + "@ops.test", "Password": "first-admin-pw",
	}).Must(t, http.StatusOK)
	return op
}

func (f *fixture) venue(t testing.TB, op string) string {
	t.Helper()
	r := f.env.Post("/networkoperatorconsole/venues/addVenue", f.nsp, map[string]any{
		"OperatorID": op, "VenueName": "Venue", "AddressLine1": servicetest.Unique("1 Main St "), "City": "Chicago",
		"State": "Illinois", "Country": "USA", "PostalCode": "60601",
	}).Must(t, http.StatusOK)
	return r.Body["VenueID"].(string)
}

func (f *fixture) keypool(t testing.TB, op, ssid string) {
	t.Helper()
	f.env.Post("/networkoperatorconsole/keypools/addKeypool", f.nsp, map[string]any{"OperatorID": op, "SSID": ssid}).Must(t, http.StatusOK)
}

func (f *fixture) unit(t testing.TB, venue string) string {
	t.Helper()
	r := f.env.Post("/networkoperatorconsole/venues/addVenueUnits", f.nsp, map[string]any{
		"VenueID": venue, "UnitID": servicetest.Unique("U"), "UnitBuilding": "1", "UnitFloor": "2",
	}).Must(t, http.StatusOK)
	return r.Body["UnitID_internal"].(string)
}

func (f *fixture) admin(t testing.TB, a identity.Admin) string {
	t.Helper()
	a.Email = strings.ToLower(servicetest.Unique(string(a.Role))) + "@staff.test"
	if err := f.env.Service.Admins.Create(context.Background(), a, "staff-password"); err != nil {
		t.Fatal(err)
	}
	tok, _ := f.env.Login(a.Email, "staff-password")
	return tok
}

// addSubscriber adds a subscriber at venue A's unit as its venue administrator and returns
// the token and the temporary password from the welcome event.
func (f *fixture) addSubscriber(t testing.TB, body map[string]any) (token, temporary string) {
	t.Helper()
	b := map[string]any{"VenueID": f.venueA, "UnitID_internal": f.unitA, "EmailAddress": strings.ToLower(servicetest.Unique("res")) + "@home.test"}
	for k, v := range body {
		b[k] = v
	}
	r := f.env.Post("/venuemgmtconsole/subscribers/addSubscriber", f.venueAdminA, b).Must(t, http.StatusOK)
	token = r.Body["SubscriberToken"].(string)
	welcome := f.events(t, "SubscriberWelcome", token)
	if len(welcome) == 0 {
		t.Fatalf("no SubscriberWelcome event for %s", token)
	}
	temporary, err := outbox.Open(f.env.Service.Secrets, welcome[len(welcome)-1]["TemporaryPassword.sealed"].(string))
	if err != nil {
		t.Fatal(err)
	}
	return token, temporary
}

// activate adds a subscriber and accepts the terms with password; it returns the token
// and a subscriber access token.
func (f *fixture) activate(t testing.TB, password string) (token, access string) {
	t.Helper()
	token, temp := f.addSubscriber(t, nil)
	f.env.Post("/subscriberconsole/acceptTandC", "", map[string]any{"SubscriberToken": token, "TemporaryPassword": temp, "NewPassword": password}).Must(t, http.StatusOK)
	r := f.env.Post("/subscriberconsole/login", "", map[string]any{"SubscriberToken": token, "Password": password}).Must(t, http.StatusOK)
	return token, r.Body["AuthenticationResult"].(map[string]any)["AccessToken"].(string)
}

// events returns the payloads of outbox events of a type and key.
func (f *fixture) events(t testing.TB, typ, key string) []map[string]any {
	t.Helper()
	res, err := f.env.Service.DB.G().V().HasLabel(gremlinconsole.LabelOutboxEvent).Has("Type", typ).Has(string(schema.KeyOrderingKey), key).
		Order().By(string(schema.KeyDateAddedUTC)).Values("Payload").ToList()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, 0, len(res))
	for _, r := range res {
		var m map[string]any
		if err := json.Unmarshal([]byte(r.GetString()), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// count runs a count traversal.
func (f *fixture) count(t testing.TB, ids ...any) int64 {
	t.Helper()
	res, err := f.env.Service.DB.G().V(ids...).Count().ToList()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := res[0].GetInt64()
	return n
}

// keysOf lists the subscriber's keys (KeyID to passphrase) from listKeys.
func keysOf(t testing.TB, r servicetest.Response) map[string]string {
	t.Helper()
	out := map[string]string{}
	pools, _ := r.Body["KeysInKeyPools"].(map[string]any)
	for _, p := range pools {
		for id, k := range p.(map[string]any)["Keys"].(map[string]any) {
			out[id] = k.(map[string]any)["psk"].(string)
		}
	}
	return out
}

func fmtAny(v any) string { return fmt.Sprint(v) }

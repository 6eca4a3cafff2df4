package subscribers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/outbox"
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
	f.opX, f.opY = f.env.AddOperator(t, f.nsp), f.env.AddOperator(t, f.nsp)
	f.ssidX = servicetest.Unique("WiFi-")
	f.venueA, f.venueB = f.env.AddVenue(t, f.nsp, f.opX), f.env.AddVenue(t, f.nsp, f.opX)
	f.venueY = f.env.AddVenue(t, f.nsp, f.opY)
	f.keypool(t, f.opX, f.ssidX)
	f.keypool(t, f.opY, servicetest.Unique("WiFiY-"))
	f.unitA, f.unitB, f.unitY = f.env.AddUnit(t, f.nsp, f.venueA), f.env.AddUnit(t, f.nsp, f.venueB), f.env.AddUnit(t, f.nsp, f.venueY)
	f.domainX = f.env.AddAdmin(t, identity.Admin{Role: auth.RoleDomainAdministrator, OperatorID: f.opX})
	f.domainY = f.env.AddAdmin(t, identity.Admin{Role: auth.RoleDomainAdministrator, OperatorID: f.opY})
	f.venueAdminA = f.env.AddAdmin(t, identity.Admin{Role: auth.RoleVenueAdministrator, OperatorID: f.opX, VenueIDs: []string{f.venueA}})
	f.venueAdminB = f.env.AddAdmin(t, identity.Admin{Role: auth.RoleVenueAdministrator, OperatorID: f.opX, VenueIDs: []string{f.venueB}})
}

func (f *fixture) keypool(t testing.TB, op, ssid string) {
	t.Helper()
	f.env.Post("/networkoperatorconsole/keypools/addKeypool", f.nsp, map[string]any{"OperatorID": op, "SSID": ssid}).Must(t, http.StatusOK)
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
	welcome := f.env.Events(t, "SubscriberWelcome", token)
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

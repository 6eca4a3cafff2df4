package sessions_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service"
	"github.com/wifivault/wifivault/service/servicetest"
)

// fixture is a running service with operators X (venues A and B, one keypool, a unit at
// each) and Y, administrators of each kind, and a recording Disconnector.
type fixture struct {
	env                      *servicetest.Env
	nsp                      string
	opX, opY                 string
	venueA, venueB           string
	unitA, unitB             string
	domainX, domainY         string
	venueAdminA, venueAdminB string
	disconnected             *recorder
}

// recorder is a Disconnector that remembers the keys it was asked to disconnect.
type recorder struct {
	mu   sync.Mutex
	keys []string
}

func (r *recorder) DisconnectKey(_ context.Context, keyID string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, keyID)
	return nil
}

func (r *recorder) has(keyID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range r.keys {
		if k == keyID {
			return true
		}
	}
	return false
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	if tt, ok := t.(*testing.T); ok {
		tt.Setenv("WIFIVAULT_CACHE_RECONCILE_INTERVAL", "0")
	}
	// Accounting is flushed to the graph only when a test says so (Flusher.Flush).
	env := servicetest.Start(t, func(c *service.Config) { c.SessionFlushInterval = -1 })
	f := &fixture{env: env, nsp: env.NSP(), disconnected: &recorder{}}
	env.Service.SetDisconnector(f.disconnected)
	f.opX, f.opY = f.env.AddOperator(t, f.nsp), f.env.AddOperator(t, f.nsp)
	f.venueA, f.venueB = f.env.AddVenue(t, f.nsp, f.opX), f.env.AddVenue(t, f.nsp, f.opX)
	venueY := f.env.AddVenue(t, f.nsp, f.opY)
	f.env.Post("/networkoperatorconsole/keypools/addKeypool", f.nsp, map[string]any{"OperatorID": f.opX, "SSID": servicetest.Unique("WiFi-")}).Must(t, http.StatusOK)
	f.env.Post("/networkoperatorconsole/keypools/addKeypool", f.nsp, map[string]any{"OperatorID": f.opY, "SSID": servicetest.Unique("WiFiY-")}).Must(t, http.StatusOK)
	f.unitA, f.unitB = f.env.AddUnit(t, f.nsp, f.venueA), f.env.AddUnit(t, f.nsp, f.venueB)
	f.env.AddUnit(t, f.nsp, venueY)
	f.domainX = f.env.AddAdmin(t, identity.Admin{Role: auth.RoleDomainAdministrator, OperatorID: f.opX})
	f.domainY = f.env.AddAdmin(t, identity.Admin{Role: auth.RoleDomainAdministrator, OperatorID: f.opY})
	f.venueAdminA = f.env.AddAdmin(t, identity.Admin{Role: auth.RoleVenueAdministrator, OperatorID: f.opX, VenueIDs: []string{f.venueA}})
	f.venueAdminB = f.env.AddAdmin(t, identity.Admin{Role: auth.RoleVenueAdministrator, OperatorID: f.opX, VenueIDs: []string{f.venueB}})
	return f
}

// subscriber adds a subscriber at venue A's unit, accepts the terms and logs in; it
// returns the token, a subscriber access token and the subscriber's key ids.
func (f *fixture) subscriber(t testing.TB) (token, access string, keys []string) {
	t.Helper()
	return f.subscriberAt(t, f.venueA, f.unitA, f.venueAdminA)
}

// subscriberAt is subscriber at a given venue and unit, added by that venue's
// administrator.
func (f *fixture) subscriberAt(t testing.TB, venue, unit, admin string) (token, access string, keys []string) {
	t.Helper()
	r := f.env.Post("/venuemgmtconsole/subscribers/addSubscriber", admin, map[string]any{
		"VenueID": venue, "UnitID_internal": unit, "EmailAddress": strings.ToLower(servicetest.Unique("res")) + "@home.test",
	}).Must(t, http.StatusOK)
	token = r.Body["SubscriberToken"].(string)
	welcome := f.env.Events(t, "SubscriberWelcome", token)
	if len(welcome) == 0 {
		t.Fatalf("no SubscriberWelcome event for %s", token)
	}
	sealed, _ := welcome[0]["TemporaryPassword.sealed"].(string)
	temp, err := outbox.Open(f.env.Service.Secrets, sealed)
	if err != nil {
		t.Fatal(err)
	}
	password := servicetest.Unique("home-wifi-")
	f.env.Post("/subscriberconsole/acceptTandC", "", map[string]any{"SubscriberToken": token, "TemporaryPassword": temp, "NewPassword": password}).Must(t, http.StatusOK)
	lr := f.env.Post("/subscriberconsole/login", "", map[string]any{"SubscriberToken": token, "Password": password}).Must(t, http.StatusOK)
	access = lr.Body["AuthenticationResult"].(map[string]any)["AccessToken"].(string)
	ids, err := f.env.Service.DB.G().V(schema.GraphID(schema.VertexSubscriber, token)).Out(string(schema.EdgeSubscriberHasPSK)).Values("KeyID").ToList()
	if err != nil || len(ids) == 0 {
		t.Fatalf("keys of %s: %v (%d)", token, err, len(ids))
	}
	for _, id := range ids {
		keys = append(keys, id.GetString())
	}
	return token, access, keys
}

// account records an accounting Start for a key's device at venue A.
func (f *fixture) account(t testing.TB, keyID, sessionID, mac string, in, out uint64) {
	t.Helper()
	f.record(t, policycache.AccountingEvent{VenueID: f.venueA, SessionID: sessionID, Status: policycache.AcctStart,
		KeyID: keyID, UnitID: f.unitA, MAC: mac, InputOctets: in, OutputOctets: out})
}

// record records one accounting event as radiusd would (NAS "nas-lobby" at 127.0.0.1,
// now unless ev.Now is set).
func (f *fixture) record(t testing.TB, ev policycache.AccountingEvent) {
	t.Helper()
	if ev.NASIdentifier == "" {
		ev.NASIdentifier, ev.NASAddress = "nas-lobby", "127.0.0.1"
	}
	if ev.Now.IsZero() {
		ev.Now = time.Now()
	}
	if err := f.env.Service.Cache.RecordAccounting(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
}

// flush runs the accounting flusher once and fails the test on error.
func (f *fixture) flush(t testing.TB) int {
	t.Helper()
	n, err := f.env.Service.Flusher.Flush(context.Background())
	if err != nil {
		t.Fatalf("flush: %v", err)
	}
	return n
}

// forgetRedis empties Redis, as a replaced or flushed Redis would be.
func (f *fixture) forgetRedis(t testing.TB) {
	t.Helper()
	if err := f.env.Service.Redis.FlushAll(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
}

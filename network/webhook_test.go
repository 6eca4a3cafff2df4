package network_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/service/servicetest"
	"github.com/wifivault/wifivault/webhooks"
)

// TestWebhookEndToEnd: the operator gets its signing secret once, a unit added over HTTP
// reaches the operator's receiver as a signed VenueUnitAdded webhook (after a 503 the
// outbox retries), and listWebhookLog shows the delivery.
func TestWebhookEndToEnd(t *testing.T) {
	f := newVenueFixture(t)
	admin := f.x[auth.RoleDomainAdministrator]
	const rotate = "/networkoperatorconsole/webhooks/rotateWebhookSecret"
	t.Run("rotateWebhookSecret roles", func(t *testing.T) {
		for role, want := range map[auth.Role]int{auth.RoleCustomerSupport: http.StatusForbidden,
			auth.RoleVenueAdministrator: http.StatusForbidden, auth.RoleSIEMAdministrator: http.StatusForbidden} {
			f.env.Post(rotate, f.x[role], nil).Must(t, want)
		}
		f.env.Post(rotate, f.yAdmin, map[string]any{"OperatorID": f.opX}).Must(t, http.StatusForbidden)
	})
	first := f.env.Post(rotate, admin, nil).Must(t, http.StatusOK)
	second := f.env.Post(rotate, admin, nil).Must(t, http.StatusOK)
	secret, _ := second.Body["WebhookSigningSecret"].(string)
	if first.Body["Created"] != true || second.Body["Created"] != false || !strings.HasPrefix(secret, "whsec_") ||
		secret == first.Body["WebhookSigningSecret"] {
		t.Fatalf("rotate answers %s / %s", first.Raw, second.Raw)
	}
	if n := len(f.auditEntries(t, "Operator.rotateWebhookSecret", f.opX)); n != 2 {
		t.Errorf("%d audit entries, want 2", n)
	}

	var mu sync.Mutex
	var got []map[string]any
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if err := webhooks.Verify(secret, r.Header.Get(webhooks.SignatureHeader), raw, 5*time.Minute); err != nil {
			t.Errorf("signature: %v", err)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		got = append(got, body)
		_, _ = w.Write([]byte("Accepted"))
	}))
	defer srv.Close()
	// configureNetworkOperator accepts only https URLs; the test receiver is plain http on
	// loopback, so the property is written directly.
	if err := graphdb.Exec(f.g().V(gremlinconsole.VertexID("operator", f.opX)).
		Property(gremlingo.Cardinality.Single, webhooks.KeyWebhookURL, srv.URL+"/hook")); err != nil {
		t.Fatal(err)
	}
	f.addUnit(t, f.venueA, map[string]any{"UnitID": "101", "UnitBuilding": "1", "UnitFloor": "1", "purpose": "wiredunit"}).Must(t, http.StatusOK)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || calls != 2 {
		t.Fatalf("receiver: %d accepted of %d calls", len(got), calls)
	}
	p, _ := got[0]["Payload"].(map[string]any)
	if got[0]["Type"] != "VenueUnitAdded" || p["Type"] != "VenueUnitAdded" || p["VenueID"] != f.venueA || p["UnitID"] != "101" {
		t.Errorf("webhook %v", got[0])
	}
	// The delivery is recorded after the receiver answered: wait for the record.
	var r servicetest.Response
	var list []any
	for wait := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		r = f.env.Post("/networkoperatorconsole/webhooks/listWebhookLog", admin, map[string]any{"VenueID": f.venueA, "Type": []string{"VenueUnitAdded"}}).Must(t, http.StatusOK)
		list, _ = r.Body["Webhooks"].([]any)
		if len(list) == 1 && list[0].(map[string]any)["Status"] == "delivered" || time.Now().After(wait) {
			break
		}
	}
	if len(list) != 1 || r.Body["message"] != "1 webhooks found." {
		t.Fatalf("listWebhookLog %s", r.Raw)
	}
	e := list[0].(map[string]any)
	if e["Status"] != "delivered" || e["Type"] != "VenueUnitAdded" || !strings.Contains(r.Raw, `"webhookresponse":["Accepted"]`) {
		t.Errorf("log entry %v", e)
	}
	f.env.Post("/networkoperatorconsole/webhooks/listWebhookLog", f.yAdmin, map[string]any{"VenueID": f.venueA}).Must(t, http.StatusForbidden)
	f.env.Post("/networkoperatorconsole/webhooks/listWebhookLog", admin, map[string]any{"VenueID": f.venueA, "MinViewWindowDateUTC.ISO8601": "yesterday"}).Must(t, http.StatusBadRequest)
	if strings.Contains(f.env.Logs.String(), secret) {
		t.Error("the signing secret appears in the service log")
	}
}

func TestWebhookTemplatesEndpoints(t *testing.T) {
	f := newVenueFixture(t)
	for _, tc := range []struct{ path, field string }{
		{"/networkoperatorconsole/equipment/listEmailTemplates", "EmailConfiguration"},
		{"/networkoperatorconsole/equipment/listSMSTemplates", "SMSConfiguration"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := f.env.Post(tc.path, f.x[auth.RoleCustomerSupport], nil).Must(t, http.StatusOK)
			cfg, _ := r.Body[tc.field].(map[string]any)
			for _, loc := range []string{"en-us", "es-xl"} {
				names, _ := cfg[loc].(map[string]any)
				if _, ok := names["Welcome"]; !ok {
					t.Errorf("%s: no Welcome template for %s in %s", tc.field, loc, r.Raw)
				}
			}
			f.env.Post(tc.path, f.x[auth.RoleVenueAdministrator], nil).Must(t, http.StatusForbidden)
		})
	}
}

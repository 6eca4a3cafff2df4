package network_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/schema"
	"github.com/wifivault/wifivault/service/servicetest"
)

// venueFixture is a running service with two operators, X and Y, a venue A and B of X, a
// venue of Y, and a token per role of X (venue roles on venue A).
type venueFixture struct {
	env            *servicetest.Env
	nsp            string
	opX, opY       string
	venueA, venueB string
	venueY         string
	x              map[auth.Role]string // X's staff; venue roles reach venue A only
	yAdmin         string               // Y's DomainAdministrator
}

func newVenueFixture(t *testing.T) *venueFixture {
	t.Helper()
	env := servicetest.Start(t)
	f := &venueFixture{env: env, nsp: env.NSP()}
	f.opX, f.opY = f.addOperator(t), f.addOperator(t)
	f.venueA = f.addVenue(t, f.nsp, f.opX, "Venue A")
	f.venueB = f.addVenue(t, f.nsp, f.opX, "Venue B")
	f.venueY = f.addVenue(t, f.nsp, f.opY, "Venue Y")
	f.x = f.staff(t, f.opX, f.venueA)
	f.yAdmin = f.staff(t, f.opY, f.venueY)[auth.RoleDomainAdministrator]
	return f
}

func (f *venueFixture) addOperator(t *testing.T) string {
	t.Helper()
	op := servicetest.Unique("OP")
	f.env.Post("/networkoperatorconsole/operators/addNetworkOperator", f.nsp, map[string]any{
		"OperatorID": op, "OperatorName": "Operator " + op,
		"EmailAddress": strings.ToLower(op) + "@ops.test", "Password": "first-admin-pw",
	}).Must(t, http.StatusOK)
	return op
}

// addVenue adds a venue at a unique address and returns its VenueID.
func (f *venueFixture) addVenue(t *testing.T, token, op, name string) string {
	t.Helper()
	body := map[string]any{
		"OperatorID": op, "VenueName": name, "AddressLine1": servicetest.Unique("1 Main St "), "City": "Chicago",
		"State": "Illinois", "Country": "USA", "PostalCode": "60601",
	}
	if op == "" {
		delete(body, "OperatorID")
	}
	r := f.env.Post("/networkoperatorconsole/venues/addVenue", token, body).Must(t, http.StatusOK)
	id, _ := r.Body["VenueID"].(string)
	if id == "" {
		t.Fatalf("addVenue: no VenueID in %s", r.Raw)
	}
	return id
}

// staff creates one administrator per role of op (venue roles on venue) and signs them in.
func (f *venueFixture) staff(t *testing.T, op, venue string) map[auth.Role]string {
	t.Helper()
	tokens := map[auth.Role]string{auth.RoleNetworkSoftwareProvider: f.nsp}
	for _, role := range auth.AdminRoles[1:] {
		a := identity.Admin{Email: strings.ToLower(string(role)+"."+op) + "@staff.test", Role: role, OperatorID: op}
		if role.Scope() == auth.ScopeVenues {
			a.VenueIDs = []string{venue}
		}
		if err := f.env.Service.Admins.Create(context.Background(), a, "staff-password"); err != nil {
			t.Fatal(err)
		}
		tokens[role], _ = f.env.Login(a.Email, "staff-password")
	}
	return tokens
}

// addUnit adds a unit through HTTP as the NSP and returns the answer.
func (f *venueFixture) addUnit(t testing.TB, venue string, body map[string]any) servicetest.Response {
	t.Helper()
	b := map[string]any{"VenueID": venue}
	for k, v := range body {
		b[k] = v
	}
	return f.env.Post("/networkoperatorconsole/venues/addVenueUnits", f.nsp, b)
}

// g is the graph.
func (f *venueFixture) g() *gremlingo.GraphTraversalSource { return f.env.Service.DB.G() }

// count runs a count traversal.
func vcount(t testing.TB, tr *gremlingo.GraphTraversal) int64 {
	t.Helper()
	res, err := tr.Count().ToList()
	if err != nil || len(res) != 1 {
		t.Fatalf("count: %v %v", res, err)
	}
	n, _ := res[0].GetInt64()
	return n
}

// auditEntries returns the audit entries of a command about target.
func (f *venueFixture) auditEntries(t testing.TB, command, target string) []map[string]any {
	t.Helper()
	res, err := f.g().V().HasLabel(gremlinconsole.LabelLogEntry).Has("Command", command).Has("Target", target).ValueMap().ToList()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]any, 0, len(res))
	for _, r := range res {
		m := map[string]any{}
		for k, v := range r.GetInterface().(map[any]any) {
			if l, ok := v.([]any); ok && len(l) == 1 {
				m[k.(string)] = l[0]
			}
		}
		out = append(out, m)
	}
	return out
}

// events returns the payloads of outbox events of a type and key.
func (f *venueFixture) events(t testing.TB, typ, key string) []map[string]any {
	t.Helper()
	res, err := f.g().V().HasLabel(gremlinconsole.LabelOutboxEvent).Has("Type", typ).Has(string(schema.KeyOrderingKey), key).Values("Payload").ToList()
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

// graphSize counts every vertex and edge, to show a refused request wrote nothing.
func (f *venueFixture) graphSize(t testing.TB) string {
	t.Helper()
	return fmt.Sprint(vcount(t, f.g().V()), "/", vcount(t, f.g().E()))
}

// addPlanAtVenue creates a service plan vertex offered at venue (the plans engineer's
// enableServicePlan does this in the product).
func (f *venueFixture) addPlanAtVenue(t testing.TB, op, venue, name string) string {
	t.Helper()
	id, err := schema.NewServicePlanID(op, name)
	if err != nil {
		t.Fatal(err)
	}
	vid := schema.GraphID(schema.VertexServicePlan, id)
	err = <-f.g().AddV(string(schema.VertexServicePlan)).Property(gremlingo.T.Id, vid).
		Property(gremlingo.Cardinality.Single, "ServicePlanID", id).
		Property(gremlingo.Cardinality.Single, "OperatorID", op).As("p").
		V(schema.GraphID(schema.VertexVenue, venue)).AddE(string(schema.EdgeServicePlanOfferedAtVenue)).From("p").Iterate()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func vnum(v any) int64 {
	switch x := v.(type) {
	case json.Number:
		n, _ := x.Int64()
		return n
	case float64:
		return int64(x)
	}
	return -1
}

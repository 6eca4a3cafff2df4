package network_test

import (
	"context"
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

var gq = gremlingo.T__

// staffPassword is the password of every account a opFixture creates.
const staffPassword = "staff-password-1"

// opFixture is an operator with two venues (A, B) and one signed-in account per role; the
// venue roles reach venue A only.
type opFixture struct {
	env            *servicetest.Env
	op             string
	venueA, venueB string
	tokens         map[auth.Role]string
	emails         map[auth.Role]string
}

// newOpFixture creates an operator, its venues and staff on env.
func newOpFixture(t *testing.T, env *servicetest.Env) *opFixture {
	t.Helper()
	nsp := env.NSP()
	op := servicetest.Unique("OP")
	env.Post("/networkoperatorconsole/operators/addNetworkOperator", nsp, map[string]any{
		"OperatorID": op, "OperatorName": "Operator " + op,
		"EmailAddress": strings.ToLower(op) + "@ops.test", "Password": "first-admin-pw",
	}).Must(t, http.StatusOK)
	f := &opFixture{env: env, op: op, tokens: map[auth.Role]string{auth.RoleNetworkSoftwareProvider: nsp}, emails: map[auth.Role]string{}}
	f.venueA, f.venueB = addTestVenue(t, env, op), addTestVenue(t, env, op)
	for _, role := range auth.AdminRoles {
		if role == auth.RoleNetworkSoftwareProvider {
			continue
		}
		a := identity.Admin{Email: strings.ToLower(string(role)) + "@" + strings.ToLower(op) + ".test", Role: role, OperatorID: op}
		if role.Scope() == auth.ScopeVenues {
			a.VenueIDs = []string{f.venueA}
		}
		if err := env.Service.Admins.Create(context.Background(), a, staffPassword); err != nil {
			t.Fatal(err)
		}
		f.emails[role] = a.Email
		f.tokens[role], _ = env.Login(a.Email, staffPassword)
	}
	return f
}

// addTestVenue writes a venue of op the way addVenue does (label, id, OperatorID,
// operator_has_venue), without depending on the venue commands.
func addTestVenue(t *testing.T, env *servicetest.Env, op string) string {
	t.Helper()
	id := servicetest.Unique("VENUE") + "._V3VENUE." + op
	g := env.Service.DB.G()
	P := gremlingo.Cardinality.Single
	err := <-g.AddV(string(schema.VertexVenue)).Property(gremlingo.T.Id, gremlinconsole.VertexID(string(schema.VertexVenue), id)).
		Property(P, gremlinconsole.KeyVenueID, id).Property(P, gremlinconsole.KeyOperatorID, op).
		Property(P, string(schema.KeyVenueName), "Venue "+id).
		AddE(string(schema.EdgeOperatorHasVenue)).From(gq.V(gremlinconsole.VertexID(string(schema.VertexOperator), op))).Iterate()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// addTestUnit writes a unit of venue (label, id, venue_has_unit).
func addTestUnit(t *testing.T, env *servicetest.Env, venue string) string {
	t.Helper()
	id := servicetest.Unique("UNIT") + "." + venue
	err := <-env.Service.DB.G().AddV(string(schema.VertexVenueUnit)).
		Property(gremlingo.T.Id, gremlinconsole.VertexID(string(schema.VertexVenueUnit), id)).
		Property(gremlingo.Cardinality.Single, string(schema.KeyUnitIDInternal), id).
		AddE(string(schema.EdgeVenueHasUnit)).From(gq.V(gremlinconsole.VertexID(string(schema.VertexVenue), venue))).Iterate()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// vertexCount counts every vertex of the graph (to show a refused request wrote nothing).
func vertexCount(t *testing.T, env *servicetest.Env) int64 {
	t.Helper()
	r, err := env.Service.DB.G().V().Count().ToList()
	if err != nil || len(r) != 1 {
		t.Fatalf("count: %v", err)
	}
	n, _ := r[0].GetInt64()
	return n
}

// opAuditEntries returns the audit entries of a command for op, as property maps.
func opAuditEntries(t *testing.T, env *servicetest.Env, op, command string) []map[string]any {
	t.Helper()
	res, err := env.Service.DB.G().V().HasLabel(gremlinconsole.LabelLogEntry).Has(gremlinconsole.KeyOperatorID, op).
		Has("Command", command).ValueMap().ToList()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
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

// eventCount counts the outbox events of a type for op.
func eventCount(t *testing.T, env *servicetest.Env, op, typ string) int {
	t.Helper()
	res, err := env.Service.DB.G().V().HasLabel(gremlinconsole.LabelOutboxEvent).Has(gremlinconsole.KeyOperatorID, op).
		Has("Type", typ).Id().ToList()
	if err != nil {
		t.Fatal(err)
	}
	return len(res)
}

// mustField fails unless r is a 400 naming field.
func mustField(t *testing.T, r servicetest.Response, field string) {
	t.Helper()
	r.Must(t, http.StatusBadRequest)
	if msg, _ := r.Body["message"].(string); !strings.HasPrefix(msg, field+":") {
		t.Fatalf("message %q does not name %s", msg, field)
	}
}

// roleCase runs path with body for every administrator role and checks the allowed
// roles get want and the others 403.
func roleCase(t *testing.T, f *opFixture, path string, body func() map[string]any, allowed []auth.Role, want int) {
	t.Helper()
	for _, role := range auth.AdminRoles {
		t.Run(string(role), func(t *testing.T) {
			r := f.env.Post(path, f.tokens[role], body())
			if inRoles(allowed, role) {
				r.Must(t, want)
			} else {
				r.Must(t, http.StatusForbidden)
			}
		})
	}
}

func inRoles(list []auth.Role, r auth.Role) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// fillOperator gives operator op 500 vertices of label, linked from the operator by edge,
// with ids fmt.Sprintf(idFormat, op, i): enough to reach the per-operator limits.
func fillOperator(t *testing.T, env *servicetest.Env, op string, label schema.VertexLabel, edge schema.EdgeLabel, idFormat string) {
	t.Helper()
	opVID := gremlinconsole.VertexID(string(schema.VertexOperator), op)
	for batch := 0; batch < 10; batch++ {
		tr := env.Service.DB.G().Inject(0)
		for i := 0; i < 50; i++ {
			id := fmt.Sprintf(idFormat, op, batch*50+i)
			tr = tr.SideEffect(gq.AddV(string(label)).Property(gremlingo.T.Id, gremlinconsole.VertexID(string(label), id)).
				Property(gremlingo.Cardinality.Single, gremlinconsole.KeyOperatorID, op).AddE(string(edge)).From(gq.V(opVID)))
		}
		if err := <-tr.Iterate(); err != nil {
			t.Fatal(err)
		}
	}
}

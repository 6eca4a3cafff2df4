package service_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/service/servicetest"
)

// staff creates one administrator per role for an operator and returns their tokens.
func staff(t *testing.T, env *servicetest.Env, opID, venueID string) map[auth.Role]string {
	t.Helper()
	tokens := map[auth.Role]string{}
	for _, role := range auth.AdminRoles {
		if role == auth.RoleNetworkSoftwareProvider {
			tokens[role] = env.NSP()
			continue
		}
		a := identity.Admin{Email: strings.ToLower(string(role)) + "@" + strings.ToLower(opID) + ".test", Role: role, OperatorID: opID}
		if role.Scope() == auth.ScopeVenues {
			a.VenueIDs = []string{venueID}
		}
		if err := env.Service.Admins.Create(context.Background(), a, "staff-password"); err != nil {
			t.Fatal(err)
		}
		tokens[role], _ = env.Login(a.Email, "staff-password")
	}
	return tokens
}

func addOperator(t *testing.T, env *servicetest.Env, nsp string) string {
	t.Helper()
	op := servicetest.Unique("OP")
	env.Post("/networkoperatorconsole/operators/addNetworkOperator", nsp, map[string]any{
		"OperatorID": op, "OperatorName": "Operator " + op,
		"EmailAddress": strings.ToLower(op) + "@ops.test", "Password": "first-admin-pw",
	}).Must(t, http.StatusOK)
	return op
}

// TestRolesOnCommands: each role allowed and denied on each command, through HTTP.
func TestRolesOnCommands(t *testing.T) {
	env := servicetest.Start(t)
	nsp := env.NSP()
	op := addOperator(t, env, nsp)
	tokens := staff(t, env, op, "VENUE1")
	cases := []struct {
		command string
		path    string
		body    func() map[string]any
		allowed map[auth.Role]bool
		want    int // status for allowed roles
	}{
		{
			command: "Operator.addNetworkOperator",
			path:    "/networkoperatorconsole/operators/addNetworkOperator",
			body: func() map[string]any {
				id := servicetest.Unique("OP")
				return map[string]any{"OperatorID": id, "OperatorName": "x", "EmailAddress": strings.ToLower(id) + "@x.test", "Password": "password-1"}
			},
			allowed: map[auth.Role]bool{auth.RoleNetworkSoftwareProvider: true},
			want:    http.StatusOK,
		},
		{
			command: "Operator.listOperatorDetails",
			path:    "/networkoperatorconsole/equipment/listOperatorDetails",
			body:    func() map[string]any { return map[string]any{"OperatorID": op} },
			allowed: map[auth.Role]bool{auth.RoleNetworkSoftwareProvider: true, auth.RoleDomainAdministrator: true,
				auth.RoleSIEMAdministrator: true, auth.RoleAccountManager: true, auth.RoleCustomerSupport: true},
			want: http.StatusOK,
		},
	}
	for _, c := range cases {
		for _, role := range auth.AdminRoles {
			t.Run(c.command+"/"+string(role), func(t *testing.T) {
				r := env.Post(c.path, tokens[role], c.body())
				if c.allowed[role] {
					r.Must(t, c.want)
				} else {
					r.Must(t, http.StatusForbidden)
				}
			})
		}
		t.Run(c.command+"/no token", func(t *testing.T) {
			env.Post(c.path, "", c.body()).Must(t, http.StatusUnauthorized)
		})
	}
}

// TestOperatorBoundary: an operator's staff never reach another operator.
func TestOperatorBoundary(t *testing.T) {
	env := servicetest.Start(t)
	nsp := env.NSP()
	x, y := addOperator(t, env, nsp), addOperator(t, env, nsp)
	tokens := staff(t, env, x, "VENUE1")
	for _, role := range []auth.Role{auth.RoleDomainAdministrator, auth.RoleCustomerSupport} {
		t.Run(string(role), func(t *testing.T) {
			env.Post("/networkoperatorconsole/equipment/listOperatorDetails", tokens[role], map[string]any{"OperatorID": y}).
				Must(t, http.StatusForbidden)
			r := env.Post("/networkoperatorconsole/equipment/listOperatorDetails", tokens[role], nil).Must(t, http.StatusOK)
			if r.Body["OperatorID"] != x {
				t.Fatalf("defaulted to %v, want %s", r.Body["OperatorID"], x)
			}
		})
	}
}

// TestExecuteCommandMatchesEndpoint: the console and the endpoint give the same answer.
func TestExecuteCommandMatchesEndpoint(t *testing.T) {
	env := servicetest.Start(t)
	nsp := env.NSP()
	op := addOperator(t, env, nsp)
	viaHTTP := env.Post("/networkoperatorconsole/equipment/listOperatorDetails", nsp, map[string]any{"OperatorID": op}).Must(t, http.StatusOK)
	viaConsole := env.Post("/gremlinconsole/executeCommand", nsp, map[string]any{
		"Command": "Operator.listOperatorDetails", "Parameters": map[string]any{"OperatorID": op},
	}).Must(t, http.StatusOK)
	a, _ := json.Marshal(viaHTTP.Body)
	b, _ := json.Marshal(viaConsole.Body)
	if string(a) != string(b) {
		t.Fatalf("endpoint %s\nconsole  %s", a, b)
	}
	t.Run("errors match too", func(t *testing.T) {
		e1 := env.Post("/networkoperatorconsole/operators/addNetworkOperator", nsp, map[string]any{"OperatorID": "bad id"})
		e2 := env.Post("/gremlinconsole/executeCommand", nsp, map[string]any{
			"Command": "Operator.addNetworkOperator", "Parameters": map[string]any{"OperatorID": "bad id"},
		})
		if e1.Status != http.StatusBadRequest || e1.Raw != e2.Raw {
			t.Fatalf("endpoint %d %s\nconsole %d %s", e1.Status, e1.Raw, e2.Status, e2.Raw)
		}
	})
	t.Run("unknown command", func(t *testing.T) {
		env.Post("/gremlinconsole/executeCommand", nsp, map[string]any{"Command": "Nope.nothing"}).Must(t, http.StatusNotFound)
	})
	t.Run("listCommands describes parameters", func(t *testing.T) {
		r := env.Post("/gremlinconsole/listCommands", nsp, nil).Must(t, http.StatusOK)
		if !strings.Contains(r.Raw, `"Operator.addNetworkOperator"`) || !strings.Contains(r.Raw, `"OperatorID"`) ||
			!strings.Contains(r.Raw, "/networkoperatorconsole/operators/addNetworkOperator") {
			t.Fatalf("listCommands: %s", r.Raw)
		}
	})
}

// TestAuditEntryWritten: a mutating command leaves its audit entry, with who and from
// where, and without the password.
func TestAuditEntryWritten(t *testing.T) {
	env := servicetest.Start(t)
	nsp := env.NSP()
	op := addOperator(t, env, nsp)
	g := env.Service.DB.G()
	res, err := g.V().HasLabel(gremlinconsole.LabelLogEntry).Has(gremlinconsole.KeyOperatorID, op).ValueMap().ToList()
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("%d audit entries for %s, want 1", len(res), op)
	}
	entry := res[0].GetInterface().(map[any]any)
	first := func(k string) any {
		l, _ := entry[k].([]any)
		if len(l) == 0 {
			return nil
		}
		return l[0]
	}
	if first("Command") != "Operator.addNetworkOperator" || first("AdministratorID") != servicetest.NSPEmail ||
		first("Role") != string(auth.RoleNetworkSoftwareProvider) || first("SourceIP") != "127.0.0.1" ||
		first("after.OperatorName") != "Operator "+op {
		t.Fatalf("audit entry: %v", entry)
	}
	if params, _ := first("Parameters").(string); strings.Contains(params, "first-admin-pw") || strings.Contains(params, "Password") {
		t.Fatalf("the audit entry holds the password: %s", params)
	}
	events, err := g.V().HasLabel(gremlinconsole.LabelOutboxEvent).Has(gremlinconsole.KeyOperatorID, op).Values("Type").ToList()
	if err != nil || len(events) != 1 || events[0].GetString() != "NetworkOperatorAdded" {
		t.Fatalf("outbox events: %v %v", events, err)
	}
	if strings.Contains(env.Logs.String(), "first-admin-pw") {
		t.Fatal("a password reached the log")
	}
}

// TestBadInputChangesNothing: every validation rule names its field and writes nothing.
func TestBadInputChangesNothing(t *testing.T) {
	env := servicetest.Start(t)
	nsp := env.NSP()
	g := env.Service.DB.G()
	count := func() int64 {
		n, err := g.V().Count().Next()
		if err != nil {
			t.Fatal(err)
		}
		v, _ := n.GetInt64()
		return v
	}
	valid := func() map[string]any {
		return map[string]any{"OperatorID": "GOODOP", "OperatorName": "Good", "EmailAddress": "good@op.test", "Password": "password-1"}
	}
	cases := []struct {
		name  string
		field string
		set   any
	}{
		{"missing OperatorID", "OperatorID", nil},
		{"OperatorID wrong type", "OperatorID", 12},
		{"OperatorID bad pattern", "OperatorID", "has space"},
		{"OperatorID too long", "OperatorID", strings.Repeat("A", 41)},
		{"OperatorName empty", "OperatorName", ""},
		{"OperatorName too long", "OperatorName", strings.Repeat("n", 101)},
		{"EmailAddress not an email", "EmailAddress", "not-an-email"},
		{"Password too short", "Password", "short"},
		{"Password wrong type", "Password", true},
	}
	before := count()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := valid()
			if c.set == nil {
				delete(body, c.field)
			} else {
				body[c.field] = c.set
			}
			r := env.Post("/networkoperatorconsole/operators/addNetworkOperator", nsp, body).Must(t, http.StatusBadRequest)
			if msg, _ := r.Body["message"].(string); !strings.HasPrefix(msg, c.field+":") {
				t.Fatalf("message %q does not name %s", msg, c.field)
			}
			if n := count(); n != before {
				t.Fatalf("vertex count %d after a refused request, was %d", n, before)
			}
		})
	}
	t.Run("duplicate operator is a conflict that changes nothing", func(t *testing.T) {
		env.Post("/networkoperatorconsole/operators/addNetworkOperator", nsp, valid()).Must(t, http.StatusOK)
		after := count()
		b := valid()
		b["EmailAddress"] = "other@op.test"
		if r := env.Post("/networkoperatorconsole/operators/addNetworkOperator", nsp, b); r.Status != http.StatusConflict {
			t.Fatalf("status %d, want 409: %s\nlogs:\n%s", r.Status, r.Raw, env.Logs.String())
		}
		if n := count(); n != after {
			t.Fatalf("vertex count %d after a conflict, was %d", n, after)
		}
	})
}

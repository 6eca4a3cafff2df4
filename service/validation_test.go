package service_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/service/servicetest"
)

// wrongType is a JSON value of another type than the parameter takes.
func wrongType(k gremlinconsole.Kind) any {
	switch k {
	case gremlinconsole.String:
		return 12345
	case gremlinconsole.Integer, gremlinconsole.Number:
		return "not a number"
	case gremlinconsole.Boolean:
		return "yes"
	case gremlinconsole.Object:
		return []any{1}
	case gremlinconsole.Array:
		return "not a list"
	}
	return nil
}

// TestEveryCommandNamesTheField runs every registered command a Network Software Provider
// may run, through executeCommand: with no parameters it must refuse with 400 naming its
// first required parameter, and with its first parameter of the wrong type it must refuse
// with 400 naming that parameter; nothing is written by any of these requests.
func TestEveryCommandNamesTheField(t *testing.T) {
	env := servicetest.Start(t)
	nsp := env.NSP()
	count := func() int64 {
		res, err := env.Service.DB.G().V().Count().ToList()
		if err != nil {
			t.Fatal(err)
		}
		n, _ := res[0].GetInt64()
		return n
	}
	before := count()
	checked := 0
	for _, cmd := range env.Service.Registry.Commands() {
		if cmd.Public || len(cmd.Params) == 0 || !slicesContains(cmd.Roles, auth.RoleNetworkSoftwareProvider) {
			continue
		}
		run := func(params map[string]any) servicetest.Response {
			return env.Post("/gremlinconsole/executeCommand", nsp, map[string]any{"Command": cmd.Name, "Parameters": params})
		}
		for _, p := range cmd.Params {
			if !p.Required {
				continue
			}
			t.Run(cmd.Name+"/missing "+p.Name, func(t *testing.T) {
				r := run(map[string]any{}).Must(t, http.StatusBadRequest)
				if msg, _ := r.Body["message"].(string); !strings.HasPrefix(msg, p.Name+":") {
					t.Fatalf("message %q does not name %s", msg, p.Name)
				}
			})
			checked++
			break
		}
		first := cmd.Params[0]
		if v := wrongType(first.Kind); v != nil {
			t.Run(cmd.Name+"/wrong type "+first.Name, func(t *testing.T) {
				r := run(map[string]any{first.Name: v}).Must(t, http.StatusBadRequest)
				if msg, _ := r.Body["message"].(string); !strings.HasPrefix(msg, first.Name+":") {
					t.Fatalf("message %q does not name %s", msg, first.Name)
				}
			})
			checked++
		}
	}
	if checked < 50 {
		t.Fatalf("only %d checks ran: the registry is not what this test expects", checked)
	}
	if after := count(); after != before {
		t.Fatalf("refused requests changed the graph: %d vertices, was %d", after, before)
	}
}

func slicesContains(roles []auth.Role, r auth.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

package network

import (
	"context"
	"fmt"
	"net/http"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/identity"
	"github.com/wifivault/wifivault/schema"
)

var __ = gremlingo.T__

// Vertex label and keys of operators.
const (
	LabelOperator   = string(schema.VertexOperator)
	KeyOperatorName = "OperatorName"
)

// operatorIDPattern: letters, digits and underscores, as the seeds' samples ("OP123456").
const operatorIDPattern = `^[A-Za-z0-9_]{2,40}$`

// Roles of the operator console.
var (
	nspOnly       = []auth.Role{auth.RoleNetworkSoftwareProvider}
	operatorRoles = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator,
		auth.RoleSIEMAdministrator, auth.RoleAccountManager, auth.RoleCustomerSupport}
)

// Commands holds what the network commands need besides the graph.
type Commands struct {
	Admins *identity.Admins
}

// operatorGroup is the operator's own commands.
func operatorGroup(n *Commands) ([]*gremlinconsole.Command, []Route) {
	return n.operatorCommands(), []Route{
		{"/networkoperatorconsole/operators/addNetworkOperator", "Operator.addNetworkOperator"},
		{"/networkoperatorconsole/equipment/listOperatorDetails", "Operator.listOperatorDetails"},
	}
}

// Operator commands.
func (n *Commands) operatorCommands() []*gremlinconsole.Command {
	return []*gremlinconsole.Command{
		{
			Name:     "Operator.addNetworkOperator",
			Summary:  "Creates a network operator with its first Domain Administrator.",
			Roles:    nspOnly,
			Mutating: true,
			Params: []gremlinconsole.Param{
				{Name: "OperatorID", Kind: gremlinconsole.String, Required: true, Pattern: operatorIDPattern, MaxLen: 40,
					Doc: "letters, digits and underscores"},
				{Name: "OperatorName", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 100},
				{Name: "EmailAddress", Kind: gremlinconsole.String, Required: true, Format: gremlinconsole.FormatEmail, MaxLen: 254,
					Doc: "the first Domain Administrator's sign-in"},
				{Name: "Password", Kind: gremlinconsole.String, Required: true, MinLen: 8, MaxLen: 128, Secret: true},
			},
			Run: n.addNetworkOperator,
		},
		{
			Name:    "Operator.listOperatorDetails",
			Summary: "Returns the operator's profile (secrets masked).",
			Roles:   operatorRoles,
			Params: []gremlinconsole.Param{
				{Name: "OperatorID", Kind: gremlinconsole.String, Pattern: operatorIDPattern,
					Doc: "required for a Network Software Provider; defaults to the caller's operator"},
			},
			Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
			Run:   n.listOperatorDetails,
		},
	}
}

func (n *Commands) addNetworkOperator(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	opID := c.Params.String("OperatorID")
	name := c.Params.String("OperatorName")
	email := c.Params.String("EmailAddress")
	hash, err := n.Admins.HashPassword(c.Params.String("Password"))
	if err != nil {
		return nil, err
	}
	c.OperatorID = opID
	vid := gremlinconsole.VertexID(LabelOperator, opID)
	admin := identity.Admin{Email: email, Role: auth.RoleDomainAdministrator, OperatorID: opID}
	t := c.G().Inject(0).
		Coalesce(__.V(vid).Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("OperatorID %s exists.", opID))), __.Constant(0)).
		Coalesce(__.V(identity.VertexID(email)).Fail(graphdb.FailMessage(http.StatusConflict, "An administrator with this EmailAddress exists.")), __.Constant(0)).
		SideEffect(__.AddV(LabelOperator).Property(gremlingo.T.Id, vid).
			Property(gremlingo.Cardinality.Single, gremlinconsole.KeyOperatorID, opID).
			Property(gremlingo.Cardinality.Single, KeyOperatorName, name).
			Property(gremlingo.Cardinality.Single, gremlinconsole.KeyDateAdded, c.NowMillis())).
		SideEffect(identity.AddAdmin(admin, hash, c.NowMillis()))
	t = c.WithAudit(t, gremlinconsole.Audit{Target: opID, Message: "Operator " + opID + " added.",
		Changes: []gremlinconsole.Change{{Field: "OperatorName", After: name}, {Field: "DomainAdministrator", After: email}}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "NetworkOperatorAdded", Key: opID, Payload: map[string]any{
		"OperatorID": opID, "OperatorName": name,
	}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"OperatorID": opID, "message": fmt.Sprintf("Operator %s added with Domain Administrator %s.", opID, email)}, nil
}

func (n *Commands) listOperatorDetails(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if c.OperatorID == "" {
		return nil, &gremlinconsole.ValidationError{Field: "OperatorID", Message: "is required for a Network Software Provider"}
	}
	res, err := c.G().V(gremlinconsole.VertexID(LabelOperator, c.OperatorID)).HasLabel(LabelOperator).ValueMap().ToList()
	if err != nil {
		return nil, err
	}
	if len(res) == 0 {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: fmt.Sprintf("OperatorID %s was not found.", c.OperatorID)}
	}
	props := flattenValueMap(res[0].GetInterface())
	out := gremlinconsole.Result{}
	for k, v := range props {
		if k == gremlinconsole.KeyDateAdded {
			out["dateAddedUTC.ISO8601"] = isoMillis(v)
			continue
		}
		out[k] = v
	}
	return out, nil
}

package network

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
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
	// Secrets encrypts venue secrets at rest (Stripe, Ruckus, ConnectWise, PRTG).
	Secrets *vaultcrypto.KeyRing
	// Registry is told when a venue is deleted (its owner cache entry is dropped).
	Registry *gremlinconsole.Registry
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
	if err := requireOperator(c); err != nil {
		return nil, err
	}
	res, err := graphdb.All(c.G().V(gremlinconsole.VertexID(LabelOperator, c.OperatorID)).HasLabel(LabelOperator).ValueMap())
	if err != nil {
		return nil, err
	}
	if len(res) == 0 {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: fmt.Sprintf("OperatorID %s was not found.", c.OperatorID)}
	}
	props := graphdb.Flatten(res[0].GetInterface())
	return operatorDetails(props, c.Principal), nil
}

// integrationFields are shown only to administrators of the operator's configuration
// (Network Software Provider, DomainAdministrator): the seeds' "role-based field
// filtering" gives the other operator roles a view without them.
var integrationFields = []string{KeyWebhookURL, KeySourceIPRangeWhiteList, "ShoppingCart", "Okta_MetadataURL", "Office365_MetadataURL"}

// operatorDetails renders the operator vertex's properties: times as ISO 8601, stored
// JSON objects as objects, the WebhookURL and every credential-like field masked.
func operatorDetails(props map[string]any, p *auth.Principal) gremlinconsole.Result {
	admin := p != nil && (p.Role == auth.RoleNetworkSoftwareProvider || p.Role == auth.RoleDomainAdministrator)
	out := gremlinconsole.Result{}
	for k, v := range props {
		switch {
		case k == gremlinconsole.KeyDateAdded:
			out["dateAddedUTC.ISO8601"] = isoMillis(v)
		case !admin && inList(integrationFields, k):
		case k == KeyWebhookURL:
			s, _ := v.(string)
			out[k] = vaultcrypto.Mask(s)
		case inList(operatorObjectFields, k) || k == KeyGlobalSSID:
			s, _ := v.(string)
			var obj any
			if json.Unmarshal([]byte(s), &obj) == nil {
				out[k] = maskCredentials(obj)
			}
		default:
			out[k] = v
		}
	}
	return out
}

// maskCredentials masks, at any depth, string values whose key names a credential
// (secret, password, token, key, authorization, signing).
func maskCredentials(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			if s, isString := val.(string); isString && credentialKey(k) {
				x[k] = vaultcrypto.Mask(s)
				continue
			}
			x[k] = maskCredentials(val)
		}
	case []any:
		for i := range x {
			x[i] = maskCredentials(x[i])
		}
	}
	return v
}

func credentialKey(k string) bool {
	k = strings.ToLower(k)
	for _, w := range []string{"secret", "password", "token", "apikey", "api_key", "privatekey", "authorization", "signing", "sk_"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

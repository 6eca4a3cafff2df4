package network

import (
	"context"
	"fmt"
	"net/http"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/webhooks"
)

// webhookReaders may read the webhook delivery log (seed 003 listWebhookLog: network
// operator roles that monitor integrations).
var webhookReaders = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator,
	auth.RoleSIEMAdministrator, auth.RoleCustomerSupport}

// webhookGroup is the webhook commands: the delivery log and the signing secret.
func webhookGroup(n *Commands) ([]*gremlinconsole.Command, []Route) {
	return []*gremlinconsole.Command{n.rotateWebhookSecretCommand(), n.listWebhookLogCommand(),
			n.listEmailTemplatesCommand(), n.listSMSTemplatesCommand()}, []Route{
			{"/networkoperatorconsole/webhooks/rotateWebhookSecret", "Operator.rotateWebhookSecret"},
			{"/networkoperatorconsole/webhooks/listWebhookLog", "Operator.listWebhookLog"},
			{"/networkoperatorconsole/equipment/listEmailTemplates", "Operator.listEmailTemplates"},
			{"/networkoperatorconsole/equipment/listSMSTemplates", "Operator.listSMSTemplates"},
		}
}

func (n *Commands) rotateWebhookSecretCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name: "Operator.rotateWebhookSecret",
		Summary: "Generates the operator's webhook signing secret and returns it once (WebhookSigningSecret): the first call " +
			"creates it, later calls replace it. Deliveries are signed with it (Wifivault-Signature: t=<unix>,v1=<HMAC-SHA256 hex of \"<t>.<body>\">); " +
			"it is stored encrypted and never shown again.",
		Roles:    operatorAdmins,
		Mutating: true,
		Params:   []gremlinconsole.Param{operatorParam},
		Scope:    gremlinconsole.ScopeParams{Operator: "OperatorID"},
		Run:      n.rotateWebhookSecret,
	}
}

func (n *Commands) rotateWebhookSecret(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if c.OperatorID == "" {
		return nil, &gremlinconsole.ValidationError{Field: "OperatorID", Message: "is required"}
	}
	secret, err := webhooks.NewSigningSecret()
	if err != nil {
		return nil, err
	}
	sealed, err := webhooks.SealSigningSecret(n.Secrets, secret)
	if err != nil {
		return nil, err
	}
	vid := gremlinconsole.VertexID(LabelOperator, c.OperatorID)
	r, err := graphdb.First(c.G().V(vid).HasLabel(LabelOperator).Has(webhooks.KeySigningSecret).Count())
	if err != nil {
		return nil, err
	}
	created := r == nil || toInt64(r.GetInterface()) == 0
	message := "Webhook signing secret created. Store it now: it is not shown again."
	if !created {
		message = "Webhook signing secret rotated. Store it now: it is not shown again; deliveries from now on are signed with it."
	}
	t := c.G().Inject(0).
		Coalesce(__.V(vid).HasLabel(LabelOperator),
			__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("OperatorID %s was not found.", c.OperatorID)))).
		Property(gremlingo.Cardinality.Single, webhooks.KeySigningSecret, sealed).Fold()
	t = c.WithAudit(t, gremlinconsole.Audit{Target: c.OperatorID, Message: message})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": message, "OperatorID": c.OperatorID, "WebhookSigningSecret": secret,
		"SignatureHeader": webhooks.SignatureHeader, "Created": created}, nil
}

func (n *Commands) listWebhookLogCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:    "Operator.listWebhookLog",
		Summary: "Returns the venue's webhook deliveries in a date window (default the last 15 days), oldest first, at most 1000, optionally of some Types.",
		Roles:   webhookReaders,
		Params: []gremlinconsole.Param{venueIDParam(), operatorIDParam(),
			{Name: "MinViewWindowDateUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40, Doc: "window start; default 15 days before the end"},
			{Name: "MaxViewWindowDateUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40, Doc: "window end; default now"},
			{Name: "Type", Kind: gremlinconsole.Array, Doc: "event types to include, e.g. [\"KeyStart\"]; empty for all"},
		},
		Scope: venueScope,
		Run: func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
			from, to, err := parseWindow(c)
			if err != nil {
				return nil, err
			}
			var types []string
			raw, _ := c.Params["Type"].([]any)
			for _, v := range raw {
				s, ok := v.(string)
				if !ok || len(s) == 0 || len(s) > 100 {
					return nil, &gremlinconsole.ValidationError{Field: "Type", Message: "must be an array of event type names"}
				}
				types = append(types, s)
			}
			list, err := webhooks.ListDeliveries(ctx, c.DB, webhooks.Query{OperatorID: c.OperatorID, VenueID: c.VenueID,
				From: from, To: to, Types: types, Limit: MaxLogEntries})
			if err != nil {
				return nil, err
			}
			return gremlinconsole.Result{"message": fmt.Sprintf("%d webhooks found.", len(list)), "Webhooks": list}, nil
		},
	}
}

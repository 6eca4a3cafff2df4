package network

import (
	"context"
	"fmt"
	"net/http"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// venueDefaultPlanKeys are the venue properties naming its default plans; a plan that is
// a default of the venue stays offered there (disableServicePlan refuses, 409), since
// configureVenue requires defaults to be offered.
var venueDefaultPlanKeys = []string{
	string(schema.KeyDefaultServicePlanGlobalWirelessPlusWire),
	string(schema.KeyDefaultServicePlanLocalWireless),
	string(schema.KeyDefaultServicePlanRoaming),
}

func planVenueParams() []gremlinconsole.Param {
	return []gremlinconsole.Param{
		{Name: "ServicePlanID", Kind: gremlinconsole.String, Required: true, MaxLen: schema.MaxServicePlanIDLen},
		{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MaxLen: 256},
	}
}

func (n *Commands) enableServicePlanCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:     "ServicePlan.enableServicePlan",
		Summary:  "Offers a plan of the operator at one of its venues (serviceplan_offered_at_venue).",
		Roles:    planUsers,
		Mutating: true,
		Params:   planVenueParams(),
		Scope:    gremlinconsole.ScopeParams{Venue: "VenueID"},
		Run:      n.enableServicePlan,
	}
}

func (n *Commands) disableServicePlanCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:     "ServicePlan.disableServicePlan",
		Summary:  "Stops offering a plan at a venue; existing subscriptions on it are kept.",
		Roles:    planUsers,
		Mutating: true,
		Params:   planVenueParams(),
		Scope:    gremlinconsole.ScopeParams{Venue: "VenueID"},
		Run:      n.disableServicePlan,
	}
}

// planAtVenue starts a traversal at the plan (labelled "plan") of the venue's operator
// with the venue labelled "venue", failing 404 for either.
func planAtVenue(c *gremlinconsole.Call, id string) *gremlingo.GraphTraversal {
	return c.G().Inject(0).
		Coalesce(__.V(gremlinconsole.VertexID(string(schema.VertexVenue), c.VenueID)),
			__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("VenueID %s was not found.", c.VenueID)))).As("venue").
		Coalesce(__.V(gremlinconsole.VertexID(LabelServicePlan, id)).HasLabel(LabelServicePlan).Has(gremlinconsole.KeyOperatorID, c.OperatorID),
			__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("ServicePlanID %s was not found.", id)))).As("plan")
}

func (n *Commands) enableServicePlan(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	id := c.Params.String("ServicePlanID")
	venueVID := gremlinconsole.VertexID(string(schema.VertexVenue), c.VenueID)
	t := planAtVenue(c, id).
		Coalesce(__.Out(EdgePlanAtVenue).HasId(venueVID).
			Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("ServicePlanID %s is already enabled at %s.", id, c.VenueID))),
			__.Constant(0)).
		Select("plan").
		SideEffect(__.AddE(EdgePlanAtVenue).To(__.V(venueVID)))
	t = c.WithAudit(t, gremlinconsole.Audit{Target: id, Message: fmt.Sprintf("Service plan %s enabled at %s.", id, c.VenueID),
		Changes: []gremlinconsole.Change{{Field: "OfferedAtVenue", After: c.VenueID}}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "ServicePlanEnabledAtVenue", Key: c.VenueID, Payload: map[string]any{
		"OperatorID": c.OperatorID, "VenueID": c.VenueID, "ServicePlanID": id,
	}})
	t = t.Project("plan", "venue").
		By(__.Select("plan").Values(string(schema.KeyServicePlanName))).
		By(__.Select("venue").Coalesce(__.Values(string(schema.KeyVenueName)), __.Constant(c.VenueID)))
	r, err := graphdb.First(t)
	if err != nil {
		return nil, err
	}
	names, _ := r.GetInterface().(map[any]any)
	return gremlinconsole.Result{"ServicePlanID": id, "VenueID": c.VenueID,
		"message": fmt.Sprintf("Service plan %v enabled for %v", names["plan"], names["venue"])}, nil
}

func (n *Commands) disableServicePlan(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	id := c.Params.String("ServicePlanID")
	venueVID := gremlinconsole.VertexID(string(schema.VertexVenue), c.VenueID)
	t := planAtVenue(c, id)
	for _, k := range venueDefaultPlanKeys {
		t = t.Coalesce(__.Select("venue").Has(k, id).
			Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("ServicePlanID %s is the venue's %s; choose another default first.", id, k))),
			__.Constant(0))
	}
	t = t.Select("plan").
		Coalesce(__.OutE(EdgePlanAtVenue).Where(__.InV().HasId(venueVID)),
			__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("ServicePlanID %s is not enabled at %s.", id, c.VenueID)))).
		SideEffect(__.Drop()).
		Select("plan")
	t = c.WithAudit(t, gremlinconsole.Audit{Target: id, Message: fmt.Sprintf("Service plan %s disabled at %s.", id, c.VenueID),
		Changes: []gremlinconsole.Change{{Field: "OfferedAtVenue", Before: c.VenueID, After: ""}}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "ServicePlanDisabledAtVenue", Key: c.VenueID, Payload: map[string]any{
		"OperatorID": c.OperatorID, "VenueID": c.VenueID, "ServicePlanID": id,
	}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"ServicePlanID": id, "VenueID": c.VenueID,
		"message": fmt.Sprintf("Service plan %s disabled at %s. Existing subscriptions are kept.", id, c.VenueID)}, nil
}

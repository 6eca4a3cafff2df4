package network

import (
	"context"
	"fmt"
	"net/http"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// cartGroup is the shopping cart's public reads of venues and units. They need no
// token; the origin header is checked by the API for every request when allowed origins
// are configured.
func cartGroup(n *Commands) ([]*gremlinconsole.Command, []Route) {
	return []*gremlinconsole.Command{
			{
				Name: "Cart.listVenues",
				Summary: "Lists, for the shopping cart, the venues whose shopping cart is enabled, with address and FCC label fields; " +
					"an operator's administrators see all of their operator's venues.",
				Public: true,
				Params: []gremlinconsole.Param{{Name: "ShoppingCartEnabled", Kind: gremlinconsole.Boolean, Doc: "default true"}},
				Run:    n.cartListVenues,
			},
			{
				Name: "Cart.listVenueUnits",
				Summary: "Lists, for the shopping cart, a venue's units with their availability at StartDateTimeUTC.ISO8601 (default now) " +
					"and the venue's FCC label fields.",
				Public: true,
				Params: []gremlinconsole.Param{venueIDParam(),
					{Name: "ServicePlanID", Kind: gremlinconsole.String, MaxLen: 200, Doc: "only when offered at the venue"},
					{Name: "StartDateTimeUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40}},
				Run: n.cartListVenueUnits,
			},
		}, []Route{
			{"/networkoperatorconsole/shoppingcart/listVenues", "Cart.listVenues"},
			{"/networkoperatorconsole/shoppingcart/listVenueUnits", "Cart.listVenueUnits"},
		}
}

// cartAdmin reports whether the caller sees administrative cart data (operator and
// venue administrators), as opposed to the public and subscribers.
func cartAdmin(p *auth.Principal) bool { return p != nil && p.Kind == auth.KindAdmin }

func (n *Commands) cartListVenues(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	t := c.G().V().HasLabel(LabelVenue)
	p := c.Principal
	onlyEnabled := !c.Params.Has("ShoppingCartEnabled") || c.Params.Bool("ShoppingCartEnabled") || !cartAdmin(p)
	if cartAdmin(p) && p.OperatorID != "" {
		t = t.Has(gremlinconsole.KeyOperatorID, p.OperatorID)
	}
	if onlyEnabled {
		t = t.Has(KeyEnableCart, true)
	}
	keys := venuePublicKeys
	if cartAdmin(p) {
		keys = venueListKeys
	}
	res, err := graphdb.All(t.ValueMap(anys(keys)...))
	if err != nil {
		return nil, err
	}
	data := make([]map[string]any, 0, len(res))
	for _, r := range res {
		v := graphdb.Flatten(r.GetInterface())
		if p != nil && p.Role.Scope() == auth.ScopeVenues && !p.CanAccessVenue(p.OperatorID, fmt.Sprint(v[gremlinconsole.KeyVenueID])) {
			continue
		}
		fccDefaults(v)
		renderTimes(v)
		data = append(data, v)
	}
	return gremlinconsole.Result{"message": "Venues retrieved successfully", "data": data}, nil
}

// fccDefaults fills the FCC label fields of an unconfigured venue.
func fccDefaults(v map[string]any) {
	if _, ok := v[string(schema.KeyFCCLabelTypicalLatency)]; !ok {
		v[string(schema.KeyFCCLabelTypicalLatency)] = int64(-1)
	}
	if _, ok := v[string(schema.KeyFCCLabelDisplayLabel)]; !ok {
		v[string(schema.KeyFCCLabelDisplayLabel)] = false
	}
}

// cartUnitKeys are the unit fields the shopping cart shows.
var cartUnitKeys = []string{string(schema.KeyUnitIDInternal), string(schema.KeyUnitID), string(schema.KeyUnitBuilding),
	string(schema.KeyUnitFloor), "AddressLine1", "AddressLine2", "City", "State", "PostalCode", KeyCountry, string(schema.KeyPurpose),
	string(schema.KeyShoppingCartPriceAdjustment), KeyDateUpdated}

func (n *Commands) cartListVenueUnits(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	venueID := c.Params.String("VenueID")
	start := c.Now
	if s := c.Params.String("StartDateTimeUTC.ISO8601"); s != "" {
		var err error
		if start, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return nil, &gremlinconsole.ValidationError{Field: "StartDateTimeUTC.ISO8601", Message: "must be an ISO 8601 date-time"}
		}
	}
	at := start.UnixMilli()
	startKey, endKey := string(schema.KeyStartDateTimeUTC), string(schema.KeyEndDateTimeUTC)
	occupied := __.In(EdgeSubscriptionFor).Or(__.HasNot(startKey), __.Has(startKey, gremlingo.P.Lte(at))).
		Or(__.HasNot(endKey), __.Has(endKey, gremlingo.P.Gt(at))).Count()
	planCheck := __.Constant(int64(1))
	if plan := c.Params.String("ServicePlanID"); plan != "" {
		planCheck = __.In(EdgePlanAtVenue).HasId(gremlinconsole.VertexID(LabelServicePlan, plan)).Count()
	}
	r, err := graphdb.First(c.G().V(venueVID(venueID)).HasLabel(LabelVenue).Project("venue", "plan", "units").
		By(__.ValueMap(anys(append([]string{gremlinconsole.KeyOperatorID}, venuePublicKeys...))...)).
		By(planCheck).
		By(__.Out(EdgeVenueUnit).Project("u", "occupied").By(__.ValueMap(anys(cartUnitKeys)...)).By(occupied).Fold()))
	if err != nil {
		return nil, err
	}
	notFound := &gremlinconsole.Error{Status: http.StatusNotFound, Field: "VenueID", Message: fmt.Sprintf("VenueID %s was not found.", venueID)}
	if r == nil {
		return nil, notFound
	}
	m, _ := r.GetInterface().(map[any]any)
	venue := graphdb.Flatten(m["venue"])
	p := c.Principal
	if cartAdmin(p) {
		op, _ := venue[gremlinconsole.KeyOperatorID].(string)
		if !p.CanAccessVenue(op, venueID) {
			return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "You may not act on venue " + venueID + "."}
		}
	} else if venue[KeyEnableCart] != true {
		return nil, notFound
	}
	if toInt64(m["plan"]) == 0 {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Field: "ServicePlanID",
			Message: fmt.Sprintf("ServicePlanID %s is not offered at venue %s.", c.Params.String("ServicePlanID"), venueID)}
	}
	var updated int64
	units := make([]map[string]any, 0)
	for _, x := range asList(m["units"]) {
		um, _ := x.(map[any]any)
		u := graphdb.Flatten(um["u"])
		if d := toInt64(u[KeyDateUpdated]); d > updated {
			updated = d
		}
		delete(u, KeyDateUpdated)
		u["Available"] = toInt64(um["occupied"]) == 0
		units = append(units, u)
	}
	sortUnits(units)
	fccDefaults(venue)
	out := gremlinconsole.Result{"message": "Venue unit inventory retrieved successfully", "VenueID": venueID,
		"VenueUnitCount": len(units), "VenueUnits": units,
		"FCCLabel.displayLabel": venue[string(schema.KeyFCCLabelDisplayLabel)], "FCCLabel.TypicalLatency": venue[string(schema.KeyFCCLabelTypicalLatency)]}
	if updated > 0 {
		out["dateUpdated"] = isoMillis(updated)
	}
	return out, nil
}

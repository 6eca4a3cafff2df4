package network

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// shoppingCartMinDownloadKbps: shopping-cart mode leaves out plans under 10 Mbps.
const shoppingCartMinDownloadKbps = 10000

func (n *Commands) listServicePlansCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:    "ServicePlan.listServicePlans",
		Summary: "Lists the operator's service plans with prices, FCC label and the venues each is offered at.",
		Roles:   operatorRoles,
		Params: []gremlinconsole.Param{
			operatorParam,
			{Name: "externalServicePlanID", Kind: gremlinconsole.String, MaxLen: 64, Doc: "only the plan with this external id"},
		},
		Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
		Run:   n.listServicePlans,
	}
}

// renderPlan turns a plan's properties into the seeds' plan object: the FCC label as an
// FCCLabel object, Currencies listing the BillingCyclePrice.<CUR> present, times in ISO 8601.
func renderPlan(props map[string]any) map[string]any {
	out := map[string]any{}
	fcc := map[string]any{}
	currencies := []string{}
	for k, v := range props {
		switch {
		case strings.HasPrefix(k, fccPrefix):
			fcc[strings.TrimPrefix(k, fccPrefix)] = v
		case k == gremlinconsole.KeyDateAdded:
			out["dateAddedUTC.ISO8601"] = isoMillis(v)
		default:
			if cur, ok := strings.CutPrefix(k, "BillingCyclePrice."); ok {
				currencies = append(currencies, cur)
			}
			out[k] = v
		}
	}
	sort.Strings(currencies)
	out["FCCLabel"] = fcc
	out["Currencies"] = currencies
	if _, ok := out["externalServicePlanID"]; !ok {
		out["externalServicePlanID"] = ""
	}
	if _, ok := out["SMSCode"]; !ok {
		out["SMSCode"] = ""
	}
	return out
}

func planNumber(p map[string]any, k string) float64 {
	switch v := p[k].(type) {
	case int64:
		return float64(v)
	case int32:
		return float64(v)
	case float64:
		return v
	}
	return 0
}

// sortPlans orders plans by upload speed, then ServicePlanID (seeds: "sorted by upload speed").
func sortPlans(plans []map[string]any) {
	sort.Slice(plans, func(i, j int) bool {
		a, b := planNumber(plans[i], "UploadKbps"), planNumber(plans[j], "UploadKbps")
		if a != b {
			return a < b
		}
		x, _ := plans[i]["ServicePlanID"].(string)
		y, _ := plans[j]["ServicePlanID"].(string)
		return x < y
	})
}

func (n *Commands) listServicePlans(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := requireOperator(c); err != nil {
		return nil, err
	}
	t := c.G().V(gremlinconsole.VertexID(LabelOperator, c.OperatorID)).Out(operatorPlansEdge)
	if ext := c.Params.String("externalServicePlanID"); ext != "" {
		t = t.Has("externalServicePlanID", ext)
	}
	res, err := graphdb.All(t.Project("p", "venues").By(__.ValueMap()).
		By(__.Out(EdgePlanAtVenue).Values(gremlinconsole.KeyVenueID).Fold()))
	if err != nil {
		return nil, err
	}
	plans := make([]map[string]any, 0, len(res))
	for _, r := range res {
		m, _ := r.GetInterface().(map[any]any)
		p := renderPlan(graphdb.Flatten(m["p"]))
		venues, _ := m["venues"].([]any)
		ids := make([]string, 0, len(venues))
		for _, v := range venues {
			ids = append(ids, fmt.Sprint(v))
		}
		sort.Strings(ids)
		p["OfferedAtVenueIDs"] = ids
		plans = append(plans, p)
	}
	sortPlans(plans)
	return gremlinconsole.Result{"message": "", "ServicePlans": plans, "ServicePlanCount": len(plans)}, nil
}

func (n *Commands) shoppingCartServicePlansCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name: "ShoppingCart.listServicePlans",
		Summary: "Public: the plans a shopper can buy at a venue (offered there or globally available), by upload speed, " +
			"with prices and FCC label.",
		Public: true,
		Params: []gremlinconsole.Param{
			{Name: "VenueID", Kind: gremlinconsole.String, MaxLen: 256, Doc: "required unless UnitID_internal is given"},
			{Name: "UnitID_internal", Kind: gremlinconsole.String, MaxLen: 512, Doc: "required unless VenueID is given"},
			{Name: "ShoppingCartEnabled", Kind: gremlinconsole.Boolean,
				Doc: "true leaves out bulk plans (AllowSelfSignup false) and plans under 10 Mbps download"},
		},
		Run: n.shoppingCartServicePlans,
	}
}

// shoppingCartServicePlans answers the public shopping cart. The origin header is checked
// by the API for every request (allowed origins). A unit is resolved to its venue
// (venue_has_unit). Plans offered at the venue and the operator's GloballyAvailablePlan
// plans are listed. Venue/unit price adjustments and trial cycles come with the
// subscription work; prices are the plan's.
func (n *Commands) shoppingCartServicePlans(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	venue, unit := c.Params.String("VenueID"), c.Params.String("UnitID_internal")
	var start *gremlingo.GraphTraversal
	switch {
	case venue != "":
		start = c.G().V(venueVID(venue)).HasLabel(LabelVenue)
	case unit != "":
		start = c.G().V(gremlinconsole.VertexID(string(schema.VertexVenueUnit), unit)).HasLabel(string(schema.VertexVenueUnit)).
			In(EdgeVenueUnit)
	default:
		return nil, &gremlinconsole.ValidationError{Field: "VenueID", Message: "is required unless UnitID_internal is given"}
	}
	res, err := graphdb.First(start.Project("op", "offered").
		By(__.Values(gremlinconsole.KeyOperatorID)).
		By(__.In(EdgePlanAtVenue).ValueMap().Fold()))
	if err != nil {
		return nil, err
	}
	if res == nil {
		if venue != "" {
			return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Field: "VenueID", Message: fmt.Sprintf("VenueID %s was not found.", venue)}
		}
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Field: "UnitID_internal", Message: fmt.Sprintf("UnitID_internal %s was not found.", unit)}
	}
	m, _ := res.GetInterface().(map[any]any)
	op, _ := m["op"].(string)
	global, err := graphdb.All(c.G().V(gremlinconsole.VertexID(LabelOperator, op)).Out(operatorPlansEdge).
		Has("GloballyAvailablePlan", true).ValueMap())
	if err != nil {
		return nil, err
	}
	globalMaps := make([]any, 0, len(global))
	for _, g := range global {
		globalMaps = append(globalMaps, g.GetInterface())
	}
	m["global"] = globalMaps
	seen := map[string]bool{}
	cart := c.Params.Bool("ShoppingCartEnabled")
	var plans []map[string]any
	for _, key := range []string{"offered", "global"} {
		list, _ := m[key].([]any)
		for _, x := range list {
			p := graphdb.Flatten(x)
			id, _ := p["ServicePlanID"].(string)
			if seen[id] {
				continue
			}
			seen[id] = true
			if cart && (p["AllowSelfSignup"] == false || planNumber(p, "DownloadKbps") < shoppingCartMinDownloadKbps) {
				continue
			}
			plans = append(plans, shopperPlan(renderPlan(p)))
		}
	}
	sortPlans(plans)
	if plans == nil {
		plans = []map[string]any{}
	}
	return gremlinconsole.Result{"message": "", "AvailableServicePlans": plans, "AvailableServicePlanCount": len(plans)}, nil
}

// shopperFields are what a shopper sees of a plan (the seeds' shopping cart sample).
var shopperFields = []string{"ServicePlanID", "ServicePlanName", "ServicePlanDescription", "DownloadKbps", "UploadKbps",
	"ConcurrentDevices", "GloballyAvailablePlan", "externalServicePlanID", "FCCLabel", "SMSCode", "ServicePlanImageURL",
	"TrialCycles", "BillingCycleHours", "BillingCycleRecurrence", "Currencies", "MaximumTrialCyclesPerSubscriberPerVenue",
	"MaximumFreeEnrollmentsPerSubscriberPerVenue", "SessionTimeoutSecondsPerDevice", "WirelessOnlyPlan"}

func shopperPlan(p map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range shopperFields {
		if v, ok := p[k]; ok {
			out[k] = v
		}
	}
	for k, v := range p {
		if strings.HasPrefix(k, "BillingCyclePrice.") {
			out[k] = v
		}
	}
	fcc, _ := out["FCCLabel"].(map[string]any)
	for _, k := range append([]string{"PlanID"}, fccURLFields...) {
		if _, ok := fcc[k]; !ok {
			fcc[k] = ""
		}
	}
	for _, k := range []string{"TrialCycles", "BillingCycleRecurrence", "MaximumTrialCyclesPerSubscriberPerVenue", "MaximumFreeEnrollmentsPerSubscriberPerVenue"} {
		if _, ok := out[k]; !ok {
			out[k] = 0
		}
	}
	return out
}

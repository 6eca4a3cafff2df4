package network

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// Service plans: one vertex per plan, id schema.GraphID(serviceplan, ServicePlanID), the
// plan's settings as properties (prices as BillingCyclePrice.<CUR>, the FCC label as
// FCCLabel.<field>), linked from its operator by operator_has_serviceplan and to every
// venue it is offered at by serviceplan_offered_at_venue.

// Labels and limits of service plans.
const (
	operatorPlansEdge = string(schema.EdgeOperatorHasServicePlan)
	subscriptionEdge  = string(schema.EdgeSubscriptionForServicePlan)
	// MaxServicePlansPerOperator is the seeds' limit (addServicePlan).
	MaxServicePlansPerOperator = 500
	maxKbps                    = 100000000000000
	maxConcurrentDevices       = 10000
	maxBillingCycleHours       = 730.5
	maxPrice                   = 1200000
	// defaultBillingCycleHours is a month, used when addServicePlan gets none.
	defaultBillingCycleHours = 730.5
	// fccPrefix prefixes the stored FCC label fields.
	fccPrefix = "FCCLabel."
)

// planCurrencies are the currencies a plan may be priced in (configureServicePlan).
var planCurrencies = []string{"USD", "EUR", "GBP", "CAD", "AUD", "CNY", "INR", "LKR"}

// fccURLFields are the FCC label's policy links; fccNumberFields its typical speeds.
var (
	fccURLFields    = []string{"PrivacyPolicyURL", "NetworkMgmtPolicyURL", "DataPolicyURL", "BundleDiscountURL", "SupportURL"}
	fccNumberFields = []string{"TypicalUploadKbps", "TypicalDownloadKbps"}
)

// planAdmins may add and change plans; planUsers may list them and offer them at venues.
var (
	planAdmins = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator}
	planUsers  = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator,
		auth.RoleAccountManager, auth.RoleCustomerSupport}
)

func planGroup(n *Commands) ([]*gremlinconsole.Command, []Route) {
	return n.planCommands(), []Route{
		{"/networkoperatorconsole/equipment/addServicePlan", "ServicePlan.addServicePlan"},
		{"/networkoperatorconsole/equipment/configureServicePlan", "ServicePlan.configureServicePlan"},
		{"/networkoperatorconsole/equipment/listServicePlans", "ServicePlan.listServicePlans"},
		{"/networkoperatorconsole/venues/enableServicePlan", "ServicePlan.enableServicePlan"},
		{"/networkoperatorconsole/venues/disableServicePlan", "ServicePlan.disableServicePlan"},
		{"/networkoperatorconsole/shoppingcart/listServicePlans", "ShoppingCart.listServicePlans"},
	}
}

func (n *Commands) planCommands() []*gremlinconsole.Command {
	num := func(name string, kind gremlinconsole.Kind, required bool, doc string) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: kind, Required: required, Doc: doc}
	}
	configure := []gremlinconsole.Param{
		operatorParam,
		{Name: "ServicePlanID", Kind: gremlinconsole.String, Required: true, MaxLen: schema.MaxServicePlanIDLen},
		{Name: "ServicePlanName", Kind: gremlinconsole.String, MinLen: 1, MaxLen: 40},
		{Name: "ServicePlanDescription", Kind: gremlinconsole.String, MaxLen: 256},
		{Name: "UploadKbps", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(1), Max: gremlinconsole.Bound(maxKbps)},
		{Name: "DownloadKbps", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(1), Max: gremlinconsole.Bound(maxKbps)},
		{Name: "ConcurrentDevices", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(1), Max: gremlinconsole.Bound(maxConcurrentDevices)},
	}
	for _, cur := range planCurrencies {
		configure = append(configure, gremlinconsole.Param{Name: "BillingCyclePrice." + cur, Kind: gremlinconsole.Integer,
			Min: gremlinconsole.Bound(0), Max: gremlinconsole.Bound(maxPrice), Doc: "price per billing cycle in minor units"})
	}
	configure = append(configure,
		gremlinconsole.Param{Name: "GloballyAvailablePlan", Kind: gremlinconsole.Boolean, Doc: "offered at every venue of the operator"},
		gremlinconsole.Param{Name: "AllowSelfSignup", Kind: gremlinconsole.Boolean, Doc: "shoppers may buy it; false marks a bulk plan"},
		gremlinconsole.Param{Name: "WirelessOnlyPlan", Kind: gremlinconsole.Boolean},
		gremlinconsole.Param{Name: "externalServicePlanID", Kind: gremlinconsole.String, MaxLen: 64, Doc: `" " removes it`},
		gremlinconsole.Param{Name: "SMSCode", Kind: gremlinconsole.String, MaxLen: 6, Doc: `" " removes it`},
		gremlinconsole.Param{Name: "migrateToServicePlan", Kind: gremlinconsole.String, MaxLen: schema.MaxServicePlanIDLen,
			Doc: "moves this plan's subscriptions to that plan, which must have the same BillingCycleHours"},
		gremlinconsole.Param{Name: "FCCLabel", Kind: gremlinconsole.Object,
			Doc: `PlanID (starts with F, at most 40), TypicalUploadKbps, TypicalDownloadKbps, PrivacyPolicyURL, NetworkMgmtPolicyURL, DataPolicyURL, BundleDiscountURL, SupportURL ("" removes a field)`},
	)
	return []*gremlinconsole.Command{
		{
			Name: "ServicePlan.addServicePlan",
			Summary: "Adds a service plan; its ServicePlanID comes from the name. Speeds, devices and billing cycle are " +
				"corrected into their ranges rather than refused.",
			Roles:    planAdmins,
			Mutating: true,
			Params: []gremlinconsole.Param{
				operatorParam,
				{Name: "ServicePlanName", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 256},
				{Name: "ServicePlanDescription", Kind: gremlinconsole.String, MaxLen: 256},
				num("UploadKbps", gremlinconsole.Integer, true, "corrected into 1-100000000000000"),
				num("DownloadKbps", gremlinconsole.Integer, true, "corrected into 1-100000000000000"),
				num("ConcurrentDevices", gremlinconsole.Integer, false, "corrected into 1-10000; default 10000"),
				num("BillingCycleHours", gremlinconsole.Number, false, "corrected into 1-730.5; default 730.5 (a month); adds a description suffix"),
				{Name: "WirelessOnlyPlan", Kind: gremlinconsole.Boolean},
			},
			Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
			Run:   n.addServicePlan,
		},
		{
			Name:     "ServicePlan.configureServicePlan",
			Summary:  "Changes the fields sent of a plan of the operator; migrateToServicePlan moves its subscriptions to another plan.",
			Roles:    planAdmins,
			Mutating: true,
			Params:   configure,
			Scope:    gremlinconsole.ScopeParams{Operator: "OperatorID"},
			Run:      n.configureServicePlan,
		},
		n.listServicePlansCommand(),
		n.shoppingCartServicePlansCommand(),
		n.enableServicePlanCommand(),
		n.disableServicePlanCommand(),
	}
}

func clampInt(v, lo, hi int64) int64 { return max(lo, min(hi, v)) }

// billingSuffix is the description suffix of a billing cycle (seeds: "1Gbps billed monthly").
func billingSuffix(hours float64) string {
	switch hours {
	case 730.5:
		return "billed monthly"
	case 24:
		return "billed daily"
	case 168:
		return "billed weekly"
	case 8766:
		return "billed yearly"
	}
	return "billed every " + strconv.FormatFloat(hours, 'f', -1, 64) + " hours"
}

func (n *Commands) addServicePlan(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := requireOperator(c); err != nil {
		return nil, err
	}
	name := strings.TrimSpace(c.Params.String("ServicePlanName"))
	id, err := schema.NewServicePlanID(c.OperatorID, name)
	if err != nil {
		var fe *schema.FieldError
		if errors.As(err, &fe) {
			return nil, &gremlinconsole.ValidationError{Field: fe.Field, Message: fe.Reason}
		}
		return nil, err
	}
	up := clampInt(c.Params.Int("UploadKbps"), 1, maxKbps)
	down := clampInt(c.Params.Int("DownloadKbps"), 1, maxKbps)
	devices := int64(maxConcurrentDevices)
	if c.Params.Has("ConcurrentDevices") {
		devices = clampInt(c.Params.Int("ConcurrentDevices"), 1, maxConcurrentDevices)
	}
	hours := defaultBillingCycleHours
	desc := strings.TrimSpace(c.Params.String("ServicePlanDescription"))
	if c.Params.Has("BillingCycleHours") {
		h, _ := c.Params["BillingCycleHours"].(float64)
		hours = math.Max(1, math.Min(maxBillingCycleHours, h))
		desc = strings.TrimSpace(desc + " " + billingSuffix(hours))
		if r := []rune(desc); len(r) > 256 {
			desc = string(r[:256])
		}
	}
	wireless := c.Params.Bool("WirelessOnlyPlan")
	opVID := gremlinconsole.VertexID(LabelOperator, c.OperatorID)
	planVID := gremlinconsole.VertexID(LabelServicePlan, id)
	P := gremlingo.Cardinality.Single
	t := c.G().Inject(0).
		Coalesce(__.V(opVID).HasLabel(LabelOperator), __.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("OperatorID %s was not found.", c.OperatorID)))).
		Coalesce(__.V(planVID).Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("The operator has a service plan named %s (%s).", name, id))), __.Constant(0)).
		Coalesce(__.V(opVID).Out(operatorPlansEdge).Count().Is(gremlingo.P.Gte(MaxServicePlansPerOperator)).
			Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("OperatorID %s has %d service plans, the most allowed.", c.OperatorID, MaxServicePlansPerOperator))),
			__.Constant(0)).
		SideEffect(__.AddV(LabelServicePlan).Property(gremlingo.T.Id, planVID).
			Property(P, string(schema.KeyServicePlanID), id).
			Property(P, gremlinconsole.KeyOperatorID, c.OperatorID).
			Property(P, string(schema.KeyServicePlanName), name).
			Property(P, string(schema.KeyServicePlanDescription), desc).
			Property(P, string(schema.KeyUploadKbps), up).
			Property(P, string(schema.KeyDownloadKbps), down).
			Property(P, string(schema.KeyConcurrentDevices), devices).
			Property(P, string(schema.KeyBillingCycleHours), hours).
			Property(P, "WirelessOnlyPlan", wireless).
			Property(P, "GloballyAvailablePlan", false).
			Property(P, "AllowSelfSignup", true).
			Property(P, gremlinconsole.KeyDateAdded, c.NowMillis()).
			AddE(operatorPlansEdge).From(__.V(opVID)))
	t = c.WithAudit(t, gremlinconsole.Audit{Target: id, Message: "Plan added: " + id + ".", Changes: []gremlinconsole.Change{
		{Field: "ServicePlanName", After: name}, {Field: "UploadKbps", After: up}, {Field: "DownloadKbps", After: down},
		{Field: "ConcurrentDevices", After: devices}, {Field: "BillingCycleHours", After: hours},
	}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "ServicePlanAdded", Key: id, Payload: map[string]any{
		"OperatorID": c.OperatorID, "ServicePlanID": id, "ServicePlanName": name,
	}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{
		"ServicePlanID": id,
		"message": fmt.Sprintf("Plan added: %s - %d UP / %d DOWN - %d concurrent devices per subscriber. Service plan configured successfully.",
			id, up, down, devices),
	}, nil
}

// planOwner returns the operator of a plan for a Network Software Provider who sent no
// OperatorID ("" when the plan does not exist).
func planOwner(c *gremlinconsole.Call, id string) (string, error) {
	if c.OperatorID != "" {
		return c.OperatorID, nil
	}
	r, err := graphdb.First(c.G().V(gremlinconsole.VertexID(LabelServicePlan, id)).HasLabel(LabelServicePlan).Values(gremlinconsole.KeyOperatorID))
	if err != nil || r == nil {
		return "", err
	}
	return r.GetString(), nil
}

func planNotFound(id string) error {
	return &gremlinconsole.Error{Status: http.StatusNotFound, Message: fmt.Sprintf("ServicePlanID %s was not found.", id)}
}

// planChange is one property change of configureServicePlan.
type planChange struct {
	key    string
	value  any // nil removes
	remark string
}

func (n *Commands) configureServicePlan(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	id := c.Params.String("ServicePlanID")
	op, err := planOwner(c, id)
	if err != nil {
		return nil, err
	}
	if op == "" {
		return nil, planNotFound(id)
	}
	c.OperatorID = op
	var changes []planChange
	set := func(k string, v any) {
		changes = append(changes, planChange{key: k, value: v, remark: fmt.Sprintf("Updated %s to %v.", k, v)})
	}
	for _, k := range []string{"ServicePlanName", "ServicePlanDescription"} {
		if c.Params.Has(k) {
			set(k, strings.TrimSpace(c.Params.String(k)))
		}
	}
	for _, k := range []string{"UploadKbps", "DownloadKbps", "ConcurrentDevices"} {
		if c.Params.Has(k) {
			set(k, c.Params.Int(k))
		}
	}
	for _, cur := range planCurrencies {
		if k := "BillingCyclePrice." + cur; c.Params.Has(k) {
			set(k, c.Params.Int(k))
		}
	}
	for _, k := range []string{"GloballyAvailablePlan", "AllowSelfSignup", "WirelessOnlyPlan"} {
		if c.Params.Has(k) {
			set(k, c.Params.Bool(k))
		}
	}
	for _, k := range []string{"externalServicePlanID", "SMSCode"} {
		if !c.Params.Has(k) {
			continue
		}
		v := c.Params.String(k)
		switch {
		case v == " ":
			changes = append(changes, planChange{key: k, remark: fmt.Sprintf("Removed %s.", k)})
		case strings.TrimSpace(v) == "":
			return nil, &gremlinconsole.ValidationError{Field: k, Message: `must not be empty; send " " to remove it`}
		default:
			set(k, strings.TrimSpace(v))
		}
	}
	if fcc := c.Params.Object("FCCLabel"); fcc != nil {
		fc, err := fccChanges(fcc)
		if err != nil {
			return nil, err
		}
		changes = append(changes, fc...)
	}
	target := c.Params.String("migrateToServicePlan")
	if len(changes) == 0 && target == "" {
		return nil, &gremlinconsole.ValidationError{Field: "ServicePlanID", Message: "no field to change was given"}
	}
	planVID := gremlinconsole.VertexID(LabelServicePlan, id)
	t := c.G().Inject(0).
		Coalesce(__.V(planVID).HasLabel(LabelServicePlan).Has(gremlinconsole.KeyOperatorID, op),
			__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("ServicePlanID %s was not found.", id)))).
		As("target")
	var remarks []string
	migrated := int64(0)
	if target != "" {
		var err error
		if t, migrated, err = migratePlan(c, t, op, id, target); err != nil {
			return nil, err
		}
	}
	audit := make([]gremlinconsole.Change, 0, len(changes)+1)
	for _, ch := range changes {
		after := ch.value
		if after == nil {
			after = "(removed)"
		}
		audit = append(audit, gremlinconsole.Change{Field: ch.key, BeforeKey: ch.key, After: after})
		remarks = append(remarks, ch.remark)
	}
	if target != "" {
		audit = append(audit, gremlinconsole.Change{Field: "migrateToServicePlan", After: target})
		remarks = append(remarks, fmt.Sprintf("Migrated %d subscription(s) to %s.", migrated, target))
	}
	t = c.WithAudit(t, gremlinconsole.Audit{Target: id, Message: "Service plan " + id + " configured.", Changes: audit})
	for _, ch := range changes {
		if ch.value == nil {
			t = t.SideEffect(__.Properties(ch.key).Drop())
			continue
		}
		t = t.Property(gremlingo.Cardinality.Single, ch.key, ch.value)
	}
	fields := make([]string, 0, len(changes))
	for _, ch := range changes {
		fields = append(fields, ch.key)
	}
	t = c.WithEvent(t, gremlinconsole.Event{Type: "ServicePlanConfigured", Key: id, Payload: map[string]any{
		"OperatorID": op, "ServicePlanID": id, "Fields": fields, "migrateToServicePlan": target,
	}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"ServicePlanID": id, "message": strings.Join(remarks, " ")}, nil
}

// fccChanges validates the FCCLabel object into property changes.
func fccChanges(fcc map[string]any) ([]planChange, error) {
	keys := make([]string, 0, len(fcc))
	for k := range fcc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []planChange
	for _, k := range keys {
		field := fccPrefix + k
		raw := fcc[k]
		bad := func(msg string) error { return &gremlinconsole.ValidationError{Field: field, Message: msg} }
		switch {
		case k == "PlanID":
			s, ok := raw.(string)
			switch {
			case !ok:
				return nil, bad("must be a string")
			case s == "":
				out = append(out, planChange{key: field, remark: "Removed " + field + "."})
				continue
			case !strings.HasPrefix(s, "F") || len([]rune(s)) > 40:
				return nil, bad("must start with F and have at most 40 characters")
			}
			out = append(out, planChange{key: field, value: s, remark: fmt.Sprintf("Updated %s to %s.", field, s)})
		case inList(fccNumberFields, k):
			n, ok := raw.(interface{ Int64() (int64, error) })
			if !ok {
				return nil, bad("must be a whole number of Kbps")
			}
			v, err := n.Int64()
			if err != nil || v < 0 || v > maxKbps {
				return nil, bad("must be a whole number of Kbps from 0 to 100000000000000")
			}
			out = append(out, planChange{key: field, value: v, remark: fmt.Sprintf("Updated %s to %d.", field, v)})
		case inList(fccURLFields, k):
			s, ok := raw.(string)
			if !ok {
				return nil, bad("must be a URL")
			}
			if s == "" {
				out = append(out, planChange{key: field, remark: "Removed " + field + "."})
				continue
			}
			u, err := url.Parse(s)
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(s) > 2000 {
				return nil, bad(`must be an http(s) URL of at most 2000 characters, or "" to remove it`)
			}
			out = append(out, planChange{key: field, value: s, remark: fmt.Sprintf("Updated %s to %s.", field, s)})
		default:
			return nil, bad("is not an FCC label field")
		}
	}
	return out, nil
}

// migratePlan appends to t the move of every subscription of plan id to plan target,
// which must be another plan of the operator with the same BillingCycleHours (checked
// now and again inside the traversal). It returns the number of subscriptions moved.
func migratePlan(c *gremlinconsole.Call, t *gremlingo.GraphTraversal, op, id, target string) (*gremlingo.GraphTraversal, int64, error) {
	field := "migrateToServicePlan"
	if target == id {
		return nil, 0, &gremlinconsole.ValidationError{Field: field, Message: "must be another plan"}
	}
	planVID := gremlinconsole.VertexID(LabelServicePlan, id)
	targetVID := gremlinconsole.VertexID(LabelServicePlan, target)
	cycles := func(vid string) (any, bool, error) {
		r, err := graphdb.First(c.G().V(vid).HasLabel(LabelServicePlan).Has(gremlinconsole.KeyOperatorID, op).
			Project("h").By(__.Coalesce(__.Values(string(schema.KeyBillingCycleHours)), __.Constant(defaultBillingCycleHours))))
		if err != nil || r == nil {
			return nil, false, err
		}
		m, _ := r.GetInterface().(map[any]any)
		return m["h"], true, nil
	}
	from, found, err := cycles(planVID)
	if err != nil || !found {
		return nil, 0, err
	}
	to, found, err := cycles(targetVID)
	if err != nil {
		return nil, 0, err
	}
	if !found {
		return nil, 0, &gremlinconsole.Error{Status: http.StatusNotFound, Field: field, Message: fmt.Sprintf("%s: ServicePlanID %s was not found.", field, target)}
	}
	if fmt.Sprint(from) != fmt.Sprint(to) {
		return nil, 0, &gremlinconsole.ValidationError{Field: field,
			Message: fmt.Sprintf("the target plan bills every %v hours, this plan every %v hours: the billing cycles must be equal", to, from)}
	}
	cnt, err := graphdb.First(c.G().V(planVID).InE(subscriptionEdge).Count())
	if err != nil {
		return nil, 0, err
	}
	moved, _ := cnt.GetInt64()
	t = t.Coalesce(__.V(targetVID).Has(gremlinconsole.KeyOperatorID, op).Has(string(schema.KeyBillingCycleHours), from),
		__.Fail(graphdb.FailMessage(http.StatusConflict, "migrateToServicePlan: the target plan changed meanwhile; try again."))).
		Select("target").
		// Per subscription: its edge to the old plan goes first, then the new one is added;
		// the edge is many-to-one (JanusGraph refuses a second one even for a moment).
		SideEffect(__.V(planVID).In(subscriptionEdge).As("sub").
			SideEffect(__.OutE(subscriptionEdge).Drop()).
			AddE(subscriptionEdge).From("sub").To(__.V(targetVID)))
	return t, moved, nil
}

package network

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// maxLogReturned caps the entries one listOperatorLog call returns (log_count still
// counts them all), as the seeds' venue logs do.
const maxLogReturned = 1000

// supportedLocales is the seeds' SupportedLocales object.
var supportedLocales = map[string]string{"en-us": "English (US)", "es-xl": "Spanish (Latin America)"}

func (n *Commands) listOperatorLogCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:    "Operator.listOperatorLog",
		Summary: "Returns the operator's audit log for a time window (default: the last 24 hours), newest first, at most 1000 entries.",
		Roles:   operatorRoles,
		Params: []gremlinconsole.Param{
			operatorParam,
			{Name: "MinViewWindowDateUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40, Doc: "start; default 24 hours before the end"},
			{Name: "MaxViewWindowDateUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40, Doc: "end; default now"},
			{Name: "function_name", Kind: gremlinconsole.String, MaxLen: 100,
				Doc: "only entries of this command (Operator.configureTandC) or endpoint name (configureTandC)"},
		},
		Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
		Run:   n.listOperatorLog,
	}
}

func parseWindowTime(c *gremlinconsole.Call, field string, def time.Time) (time.Time, error) {
	s := c.Params.String(field)
	if s == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, &gremlinconsole.ValidationError{Field: field, Message: "must be an ISO 8601 date-time such as 2025-09-21T14:45:30.123Z"}
	}
	return t, nil
}

func (n *Commands) listOperatorLog(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := requireOperator(c); err != nil {
		return nil, err
	}
	max, err := parseWindowTime(c, "MaxViewWindowDateUTC.ISO8601", c.Now)
	if err != nil {
		return nil, err
	}
	min, err := parseWindowTime(c, "MinViewWindowDateUTC.ISO8601", max.Add(-24*time.Hour))
	if err != nil {
		return nil, err
	}
	if min.After(max) {
		return nil, &gremlinconsole.ValidationError{Field: "MinViewWindowDateUTC.ISO8601", Message: "must not be after MaxViewWindowDateUTC.ISO8601"}
	}
	base := func() *gremlingo.GraphTraversal {
		t := c.G().V().HasLabel(gremlinconsole.LabelLogEntry).Has(gremlinconsole.KeyOperatorID, c.OperatorID).
			Has(gremlinconsole.KeyDateAdded, gremlingo.P.Between(min.UnixMilli(), max.UnixMilli()+1))
		if fn := c.Params.String("function_name"); fn != "" {
			t = t.Or(__.Has("Command", fn), __.Has("Command", gremlingo.TextP.EndingWith("."+fn)))
		}
		return t
	}
	cnt, err := graphdb.First(base().Count())
	if err != nil {
		return nil, err
	}
	total, _ := cnt.GetInt64()
	res, err := graphdb.All(base().Order().By(gremlinconsole.KeyDateAdded, gremlingo.Order.Desc).Limit(maxLogReturned).ValueMap())
	if err != nil {
		return nil, err
	}
	entries := make([]map[string]any, 0, len(res))
	for _, r := range res {
		entries = append(entries, logEntry(graphdb.Flatten(r.GetInterface())))
	}
	return gremlinconsole.Result{"message": "", "log": entries, "log_count": total, "log_returned": len(entries)}, nil
}

// logEntry renders an audit log vertex with the seeds' log field names.
func logEntry(p map[string]any) map[string]any {
	rename := map[string]string{
		"Command": "function_name", "Message": "event", "AdministratorID": "Administrator",
		"UserAgent": "SourceUA", "Parameters": "RequestParameters",
	}
	out := map[string]any{}
	for k, v := range p {
		switch {
		case k == gremlinconsole.KeyDateAdded:
			out["dateAddedUTC.ISO8601"] = isoMillis(v)
		case rename[k] != "":
			out[rename[k]] = v
		default:
			out[k] = v
		}
	}
	return out
}

func (n *Commands) listPropertyManagementGroupsCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:    "Operator.listPropertyManagementGroups",
		Summary: "Lists the property management groups connected to the operator, keyed by group id.",
		Roles:   operatorRoles,
		Params:  []gremlinconsole.Param{operatorParam},
		Scope:   gremlinconsole.ScopeParams{Operator: "OperatorID"},
		Run:     n.listPropertyManagementGroups,
	}
}

// listPropertyManagementGroups returns each group's own fields, its VenueCount, and the
// operator's address fields where the group has none of its own (seeds: "address
// inherited from the operator").
func (n *Commands) listPropertyManagementGroups(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := requireOperator(c); err != nil {
		return nil, err
	}
	opVID := gremlinconsole.VertexID(LabelOperator, c.OperatorID)
	res, err := graphdb.First(c.G().V(opVID).HasLabel(LabelOperator).Project("op", "groups").
		By(__.ValueMap()).
		By(__.Out(string(schema.EdgeOperatorHasPropertyManagementGroup)).
			Project("g", "id", "venues").By(__.ValueMap()).By(__.Id()).
			By(__.Out(string(schema.EdgePropertyManagementGroupHasVenue)).Count()).Fold()))
	if err != nil {
		return nil, err
	}
	if res == nil {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: fmt.Sprintf("OperatorID %s was not found.", c.OperatorID)}
	}
	m, _ := res.GetInterface().(map[any]any)
	op := graphdb.Flatten(m["op"])
	groups := map[string]any{}
	list, _ := m["groups"].([]any)
	for _, x := range list {
		g, _ := x.(map[any]any)
		props := graphdb.Flatten(g["g"])
		id, _ := props["PropertyManagementGroupID"].(string)
		if id == "" {
			id = fmt.Sprint(g["id"])
		}
		for _, k := range []string{"Address", "AddressLine1", "AddressLine2", "City", "State", string(schema.KeyPostalCode), string(schema.KeyCountry)} {
			if _, has := props[k]; !has && op[k] != nil {
				props[k] = op[k]
			}
		}
		if v, ok := props[gremlinconsole.KeyDateAdded]; ok {
			delete(props, gremlinconsole.KeyDateAdded)
			props["dateAddedUTC.ISO8601"] = isoMillis(v)
		}
		props["VenueCount"] = g["venues"]
		groups[id] = props
	}
	return gremlinconsole.Result{"message": "", "PropertyManagementGroups": groups, "PropertyManagementGroupsCount": len(groups)}, nil
}

func (n *Commands) listDisplayOptionsCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name: "Operator.listDisplayOptions",
		Summary: "Returns display options: all of them to a Network Software Provider, the operator's to its staff, " +
			"and to anyone else (no token) only the one named by DisplayOptionID.",
		Public: true,
		Params: []gremlinconsole.Param{
			{Name: "DisplayOptionID", Kind: gremlinconsole.String, MaxLen: 128, Doc: "required without an administrator AccessToken"},
		},
		Run: n.listDisplayOptions,
	}
}

func (n *Commands) listDisplayOptions(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	id := c.Params.String("DisplayOptionID")
	p := c.Principal
	var t *gremlingo.GraphTraversal
	switch {
	case p != nil && p.Role == auth.RoleNetworkSoftwareProvider:
		t = c.G().V().HasLabel(string(schema.VertexDisplayOption))
	case p != nil && p.Kind == auth.KindAdmin && p.OperatorID != "":
		t = c.G().V(gremlinconsole.VertexID(LabelOperator, p.OperatorID)).Out(string(schema.EdgeOperatorHasDisplayOption))
	case id == "":
		return nil, &gremlinconsole.ValidationError{Field: "DisplayOptionID", Message: "is required without an administrator AccessToken"}
	default:
		t = c.G().V(gremlinconsole.VertexID(string(schema.VertexDisplayOption), id)).HasLabel(string(schema.VertexDisplayOption))
	}
	if id != "" {
		t = t.Has("DisplayOptionID", id)
	}
	res, err := graphdb.All(t.ValueMap())
	if err != nil {
		return nil, err
	}
	opts := make([]map[string]any, 0, len(res))
	for _, r := range res {
		props := graphdb.Flatten(r.GetInterface())
		if v, ok := props[gremlinconsole.KeyDateAdded]; ok {
			delete(props, gremlinconsole.KeyDateAdded)
			props["dateAddedUTC.ISO8601"] = isoMillis(v)
		}
		opts = append(opts, props)
	}
	sort.Slice(opts, func(i, j int) bool {
		a, _ := opts[i]["DisplayOptionID"].(string)
		b, _ := opts[j]["DisplayOptionID"].(string)
		return strings.Compare(a, b) < 0
	})
	return gremlinconsole.Result{"message": "", "DisplayOptions": opts, "SupportedLocales": supportedLocales}, nil
}

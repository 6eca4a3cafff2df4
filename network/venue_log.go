package network

import (
	"context"
	"fmt"
	"strings"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// Log views (seed 003 listVenueLog, listVenueUnitLog).
const (
	// MaxLogEntries is the most entries one log request returns.
	MaxLogEntries = 1000
	// DefaultLogWindow is the view window when the request gives no start.
	DefaultLogWindow = 15 * 24 * time.Hour
)

// venueRoleHiddenCommand reports the entries venue roles do not see: network equipment
// configuration and SIEM events (the seeds' "function-based filtering").
func venueRoleHiddenCommand(command string) bool {
	return strings.HasPrefix(command, "Equipment.") || strings.Contains(command, "SIEM") ||
		strings.Contains(command, "VenueEquipment")
}

func logParams(unit bool) []gremlinconsole.Param {
	ps := []gremlinconsole.Param{venueIDParam(), operatorIDParam(),
		{Name: "MinViewWindowDateUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40, Doc: "window start; default 15 days before the end"},
		{Name: "MaxViewWindowDateUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40, Doc: "window end; default now"},
		{Name: "Administrator", Kind: gremlinconsole.String, MaxLen: 254, Doc: "only this administrator's entries"},
	}
	if unit {
		ps = append(ps, gremlinconsole.Param{Name: "UnitID_internal", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: schema.MaxUnitIDInternalLen})
	}
	return ps
}

func (n *Commands) listVenueLogCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:    "Venue.listVenueLog",
		Summary: "Returns a venue's audit log in a date window (default the last 15 days), oldest first, at most 1000 entries; venue roles do not see equipment and SIEM entries.",
		Roles:   venueReaders,
		Params:  logParams(false),
		Scope:   venueScope,
		Run: func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
			return n.listLog(c, "")
		},
	}
}

func (n *Commands) listVenueUnitLogCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:    "Venue.listVenueUnitLog",
		Summary: "Returns a unit's audit log like listVenueLog; the unit must belong to the venue.",
		Roles:   venueReaders,
		Params:  logParams(true),
		Scope:   venueScope,
		Run: func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
			return n.listLog(c, c.Params.String("UnitID_internal"))
		},
	}
}

// parseWindow reads the view window parameters.
func parseWindow(c *gremlinconsole.Call) (from, to int64, err error) {
	end := c.Now
	if s := c.Params.String("MaxViewWindowDateUTC.ISO8601"); s != "" {
		if end, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return 0, 0, &gremlinconsole.ValidationError{Field: "MaxViewWindowDateUTC.ISO8601", Message: "must be an ISO 8601 date-time"}
		}
	}
	start := end.Add(-DefaultLogWindow)
	if s := c.Params.String("MinViewWindowDateUTC.ISO8601"); s != "" {
		if start, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return 0, 0, &gremlinconsole.ValidationError{Field: "MinViewWindowDateUTC.ISO8601", Message: "must be an ISO 8601 date-time"}
		}
	}
	if start.After(end) {
		return 0, 0, &gremlinconsole.ValidationError{Field: "MinViewWindowDateUTC.ISO8601", Message: "must not be after MaxViewWindowDateUTC.ISO8601"}
	}
	return start.UnixMilli(), end.UnixMilli(), nil
}

// listLog returns the venue's (or, with unit, the unit's) log entries.
func (n *Commands) listLog(c *gremlinconsole.Call, unit string) (gremlinconsole.Result, error) {
	from, to, err := parseWindow(c)
	if err != nil {
		return nil, err
	}
	if unit != "" {
		r, err := graphdb.First(c.G().V(unitVID(unit)).HasLabel(LabelVenueUnit).Has(gremlinconsole.KeyVenueID, c.VenueID).Count())
		if err != nil {
			return nil, err
		}
		if r == nil || toInt64(r.GetInterface()) == 0 {
			return nil, &gremlinconsole.Error{Status: 404, Field: "UnitID_internal", Message: fmt.Sprintf("UnitID_internal %s is not a unit of venue %s.", unit, c.VenueID)}
		}
	}
	t := c.G().V().HasLabel(gremlinconsole.LabelLogEntry).Has(gremlinconsole.KeyVenueID, c.VenueID).
		Has(gremlinconsole.KeyDateAdded, gremlingo.P.Between(from, to+1))
	if unit != "" {
		t = t.Has("Target", unit)
	}
	if a := c.Params.String("Administrator"); a != "" {
		t = t.Has("AdministratorID", strings.ToLower(a))
	}
	res, err := graphdb.All(t.Order().By(gremlinconsole.KeyDateAdded, gremlingo.Order.Desc).Limit(MaxLogEntries + 1).ValueMap())
	if err != nil {
		return nil, err
	}
	venueRole := c.Principal != nil && c.Principal.Role.Scope() == auth.ScopeVenues
	log := make([]map[string]any, 0, len(res))
	truncated := len(res) > MaxLogEntries
	if truncated {
		res = res[:MaxLogEntries]
	}
	for i := len(res) - 1; i >= 0; i-- { // oldest first
		e := graphdb.Flatten(res[i].GetInterface())
		cmd, _ := e["Command"].(string)
		if venueRole && venueRoleHiddenCommand(cmd) {
			continue
		}
		log = append(log, renderLogEntry(e))
	}
	msg := fmt.Sprintf("%d venue activity log entries retrieved", len(log))
	if unit != "" {
		msg = ""
	}
	if truncated {
		msg = strings.TrimSpace(msg + fmt.Sprintf(" Only the most recent %d entries are shown; narrow the view window.", MaxLogEntries))
	}
	out := gremlinconsole.Result{"VenueID": c.VenueID, "log": log, "LogCount": len(log), "message": msg}
	if unit != "" {
		out["UnitID_internal"] = unit
	}
	return out, nil
}

// renderLogEntry shapes an audit entry as the seeds' log entries.
func renderLogEntry(e map[string]any) map[string]any {
	out := map[string]any{
		"dateAddedUTC.ISO8601": isoMillis(e[gremlinconsole.KeyDateAdded]),
		"function_name":        e["Command"],
		"event":                e["Message"],
		"Administrator":        map[string]any{"email": e["AdministratorID"], "Role": e["Role"]},
		"SourceIP":             e["SourceIP"],
		"SourceUA":             e["UserAgent"],
		"SourceLocale":         "en-us",
		"VenueID":              e[gremlinconsole.KeyVenueID],
		"Target":               e["Target"],
	}
	changes := map[string]any{}
	for k, v := range e {
		if strings.HasPrefix(k, "before.") || strings.HasPrefix(k, "after.") {
			changes[k] = v
		}
	}
	if len(changes) > 0 {
		out["Changes"] = changes
	}
	return out
}

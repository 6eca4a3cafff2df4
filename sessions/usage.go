package sessions

import (
	"context"
	"net/http"
	"time"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// Usage report limits.
const (
	// unitUsageDays is listVenueUnitUsageData's window (the seeds' 180 days).
	unitUsageDays = 180
	// cpeActiveWindow: a gateway that reported accounting this recently is UP.
	cpeActiveWindow = 15 * time.Minute
	// dailyBWKey is the unit property, as an ISO 8601 string, that moves
	// listVenueUnitUsageData's window; DailyBWReportDateTimeUTC (epoch ms, the schema's
	// time form) takes precedence.
	dailyBWKey = "DailyBWReportDateTimeUTC.ISO8601"
)

func (s *Commands) usageGroup() ([]*gremlinconsole.Command, []Route) {
	venue := gremlinconsole.Param{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 255}
	ext := gremlinconsole.Param{Name: "externalVenueID", Kind: gremlinconsole.String, MaxLen: 64}
	start := gremlinconsole.Param{Name: "UsageReportStartDateUTC.ISO8601", Kind: gremlinconsole.String, MaxLen: 40}
	scope := gremlinconsole.ScopeParams{Venue: "VenueID"}
	cmds := []*gremlinconsole.Command{
		{Name: "Venue.listUnitUsageData", Summary: "Returns a unit's daily octets (input = download, output = upload) for the 180 UTC days up to its DailyBWReportDateTimeUTC (or today), oldest first, zeros where nothing was counted.",
			Roles: venueConsole, Scope: scope, Run: s.listUnitUsage,
			Params: []gremlinconsole.Param{venue, ext, {Name: "UnitID_internal", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: 255},
				{Name: "externalVenueUnitID", Kind: gremlinconsole.String, MaxLen: 64}}},
		{Name: "Venue.listUsageData", Summary: "Returns every unit's octets for one UTC day (default yesterday).",
			Roles: venueConsole, Scope: scope, Run: s.listVenueUsage(false), Params: []gremlinconsole.Param{venue, ext, start}},
		{Name: "Venue.usageReport", Summary: "Returns a venue's totals for one UTC day (default yesterday), rolled up from its units.",
			Roles: operatorConsole, Scope: scope, Run: s.listVenueUsage(true), Params: []gremlinconsole.Param{venue, ext, start}},
		{Name: "Venue.listCPEStatus", Summary: "Reports each of the venue's RADIUS gateways UP when it sent accounting in the last 15 minutes, DOWN otherwise.",
			Roles: venueConsole, Scope: scope, Run: s.listCPEStatus,
			Params: []gremlinconsole.Param{venue, {Name: "UnitID", Kind: gremlinconsole.String, MaxLen: 255}, {Name: "SiteID", Kind: gremlinconsole.String, MaxLen: 255},
				{Name: "VAULTUnitID", Kind: gremlinconsole.String, MaxLen: 255}, {Name: "SummaryOnly", Kind: gremlinconsole.Boolean}}},
	}
	return cmds, []Route{
		{"/venuemgmtconsole/venue_units/listVenueUnitUsageData", "Venue.listUnitUsageData"},
		{"/venuemgmtconsole/venues/listVenueUsageData", "Venue.listUsageData"},
		{"/networkoperatorconsole/venues/listVenueUsageData", "Venue.usageReport"},
		{"/venuemgmtconsole/venues/listVenueCPEStatus", "Venue.listCPEStatus"},
	}
}

// units reads the venue's units (all, or the one named).
func units(c *gremlinconsole.Call, only string) ([]map[string]any, error) {
	t := c.G().V(schema.GraphID(schema.VertexVenue, c.VenueID)).Out(string(schema.EdgeVenueHasUnit))
	if only != "" {
		t = t.HasId(schema.GraphID(schema.VertexVenueUnit, only))
	}
	res, err := graphdb.All(t.ValueMap(propUnit, string(schema.KeyUnitID), string(schema.KeyUnitBuilding), string(schema.KeyUnitFloor), propDay, dailyBWKey))
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(res))
	for _, r := range res {
		out = append(out, graphdb.Flatten(r.GetInterface()))
	}
	return out, nil
}

func dayStart(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (s *Commands) listUnitUsage(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	us, err := units(c, c.Params.String("UnitID_internal"))
	if err != nil {
		return nil, err
	}
	if len(us) == 0 {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: "UnitID_internal " + c.Params.String("UnitID_internal") + " was not found at this venue.", Field: "UnitID_internal"}
	}
	base := dayStart(c.Now)
	if ms := num(us[0], propDay); ms > 0 {
		base = dayStart(time.UnixMilli(ms))
	} else if raw := str(us[0], dailyBWKey); raw != "" {
		if t, err := time.Parse(time.RFC3339, raw); err == nil {
			base = dayStart(t)
		}
	}
	days := make([]time.Time, 0, unitUsageDays)
	for i := unitUsageDays - 1; i >= 0; i-- {
		days = append(days, base.AddDate(0, 0, -i))
	}
	usage, err := s.unitUsages(ctx, c, []string{str(us[0], propUnit)}, days)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, unitUsageDays)
	for i, u := range usage {
		out = append(out, map[string]any{"DailyBWReportDateTimeUTC.ISO8601": days[i].Format(time.RFC3339),
			"InputOctets": u.InputOctets, "OutputOctets": u.OutputOctets, "TotalOctets": u.InputOctets + u.OutputOctets, "Sessions": u.Sessions})
	}
	return gremlinconsole.Result{"message": "", "UsageData": out}, nil
}

func (s *Commands) listVenueUsage(rollUp bool) func(context.Context, *gremlinconsole.Call) (gremlinconsole.Result, error) {
	return func(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
		day := dayStart(c.Now).AddDate(0, 0, -1)
		if raw := c.Params.String("UsageReportStartDateUTC.ISO8601"); raw != "" {
			t, err := time.Parse(time.RFC3339, raw)
			if err != nil {
				return nil, &gremlinconsole.ValidationError{Field: "UsageReportStartDateUTC.ISO8601", Message: "not an ISO 8601 date-time"}
			}
			day = dayStart(t)
		}
		us, err := units(c, "")
		if err != nil {
			return nil, err
		}
		unitIDs := make([]string, len(us))
		for i, unit := range us {
			unitIDs[i] = str(unit, propUnit)
		}
		usage, err := s.unitUsages(ctx, c, unitIDs, []time.Time{day})
		if err != nil {
			return nil, err
		}
		var items []map[string]any
		var in, out uint64
		active := 0
		for i, unit := range us {
			u := usage[i]
			in, out = in+u.InputOctets, out+u.OutputOctets
			if u.InputOctets+u.OutputOctets > 0 {
				active++
			}
			items = append(items, map[string]any{"UnitID_internal": str(unit, propUnit), "UnitID": str(unit, string(schema.KeyUnitID)),
				"UnitBuilding": str(unit, string(schema.KeyUnitBuilding)), "UnitFloor": str(unit, string(schema.KeyUnitFloor)),
				"InputOctets": u.InputOctets, "OutputOctets": u.OutputOctets, "TotalOctets": u.InputOctets + u.OutputOctets})
		}
		if rollUp {
			return gremlinconsole.Result{"errorProcessing": false, "message": "", "VenueUsageReport": map[string]any{
				"venueId": c.VenueID, "reportDate": day.Format(time.RFC3339), "totalDownload": in, "totalUpload": out,
				"totalUsage": in + out, "activeUnits": active, "timezone": "UTC"}}, nil
		}
		if items == nil {
			items = []map[string]any{}
		}
		return gremlinconsole.Result{"message": "", "UsageData": items}, nil
	}
}

func (s *Commands) listCPEStatus(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	clients, err := s.Cache.NewReader().RefreshClients(ctx)
	if err != nil {
		return nil, err
	}
	res, err := graphdb.All(c.G().V().Has(string(schema.VertexPSK), propVenue, c.VenueID).Values(propKeyID))
	if err != nil {
		return nil, err
	}
	keys := make([]keyRef, 0, len(res))
	for _, r := range res {
		keys = append(keys, keyRef{KeyID: r.GetString(), VenueID: c.VenueID})
	}
	ss, err := s.sessionsOf(ctx, c, keys, "", c.Now.Add(-cpeHistory))
	if err != nil {
		return nil, err
	}
	type gw struct {
		nas, addr string
		last      int64
		sessions  int
	}
	var gws []*gw
	byNAS := map[string]*gw{}
	if v := clients.Venues[c.VenueID]; v != nil {
		for _, g := range v.Gateways {
			x := &gw{nas: g.NASIdentifier, addr: g.Address}
			gws = append(gws, x)
			byNAS[g.NASIdentifier], byNAS[g.Address] = x, x
		}
	}
	for _, x := range ss {
		g := byNAS[x.NASIdentifier]
		if g == nil {
			g = byNAS[x.NASAddress]
		}
		if g == nil {
			g = &gw{nas: x.NASIdentifier, addr: x.NASAddress}
			gws = append(gws, g)
			byNAS[x.NASIdentifier], byNAS[x.NASAddress] = g, g
		}
		if x.Active {
			g.sessions++
		}
		g.last = max(g.last, x.Updated)
	}
	cutoff := c.Now.Add(-cpeActiveWindow).UnixMilli()
	up, down := 0, 0
	devs := make([]map[string]any, 0, len(gws))
	for _, g := range gws {
		status := "DOWN"
		if g.last >= cutoff {
			status = "UP"
			up++
		} else {
			down++
		}
		devs = append(devs, map[string]any{"NAS-Identifier": g.nas, "NASAddress": g.addr, "Category": "gateway", "Status": status,
			"ActiveSessions": g.sessions, "LastSeenDateTimeUTC.ISO8601": iso(g.last)})
	}
	out := gremlinconsole.Result{"message": "", "Summary": map[string]any{"UP": up, "DOWN": down, "Total": up + down}}
	if !c.Params.Bool("SummaryOnly") {
		out["Devices"] = devs
	}
	return out, nil
}

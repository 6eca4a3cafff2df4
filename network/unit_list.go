package network

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// unitListKeys are the unit fields listVenueUnits returns.
var unitListKeys = []string{string(schema.KeyUnitIDInternal), string(schema.KeyUnitID), string(schema.KeyExternalVenueUnitID),
	string(schema.KeyUnitBuilding), string(schema.KeyUnitFloor), "AddressLine1", "AddressLine2", "City", "State", "PostalCode",
	KeyCountry, string(schema.KeyPurpose), string(schema.KeyVLAN), string(schema.KeySMSCode), string(schema.KeyRealPageUnitID),
	string(schema.KeyPrimaryUnitIDInternal), string(schema.KeyVenueUnitSSID), string(schema.KeyShoppingCartPriceAdjustment),
	string(schema.KeyVenueUnitPriceAdjustment), gremlinconsole.KeyDateAdded, KeyDateUpdated}

// checkExternalVenueID refuses an externalVenueID that is not the venue's.
func checkExternalVenueID(c *gremlinconsole.Call, venue map[string]any) error {
	ext := c.Params.String("externalVenueID")
	if ext == "" {
		return nil
	}
	if got, _ := venue[string(schema.KeyExternalVenueID)].(string); got != ext {
		return &gremlinconsole.Error{Status: http.StatusNotFound, Field: "externalVenueID", Message: fmt.Sprintf("externalVenueID %s is not venue %s.", ext, c.VenueID)}
	}
	return nil
}

// sortUnits orders units by building, floor and UnitID, the natural reading order.
func sortUnits(units []map[string]any) {
	key := func(u map[string]any) string {
		s := func(k string) string { v, _ := u[k].(string); return v }
		return s(string(schema.KeyUnitBuilding)) + "\x00" + s(string(schema.KeyUnitFloor)) + "\x00" + s(string(schema.KeyUnitID)) + "\x00" + s(string(schema.KeyUnitIDInternal))
	}
	keys := make([]string, len(units)) // computed once, not per comparison
	order := make([]int, len(units))
	for i, u := range units {
		keys[i], order[i] = key(u), i
	}
	sort.Slice(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	sorted := make([]map[string]any, len(units))
	for i, o := range order {
		sorted[i] = units[o]
	}
	copy(units, sorted)
}

// listVenueUnits answers from the unit list cache when the venue's units version has
// not changed since the list was rendered (see keyUnitsVersion), else reads the units
// and their version in one traversal.
func (n *Commands) listVenueUnits(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	r, err := graphdb.First(venueAnchor(c).ValueMap(string(schema.KeyExternalVenueID), keyUnitsVersion))
	if err != nil {
		return nil, err
	}
	head := graphdb.Flatten(r.GetInterface())
	if err := checkExternalVenueID(c, head); err != nil {
		return nil, err
	}
	version, _ := head[keyUnitsVersion].(string)
	e, ok := unitLists.get(c.VenueID, version)
	if !ok {
		if e, err = readUnitList(c); err != nil {
			return nil, err
		}
		unitLists.put(c.VenueID, e)
	}
	out := gremlinconsole.Result{"VenueUnitCount": e.count, "VenueUnits": e.units, "message": ""}
	if e.updated > 0 {
		out["dateUpdated"] = isoMillis(e.updated)
	}
	return out, nil
}

// readUnitList reads and renders a venue's units with the version they were read at.
func readUnitList(c *gremlinconsole.Call) (unitListEntry, error) {
	r, err := graphdb.First(venueAnchor(c).Project("version", "units").
		By(__.ValueMap(keyUnitsVersion)).
		By(__.Out(EdgeVenueUnit).ElementMap(anys(unitListKeys)...).Fold()))
	if err != nil {
		return unitListEntry{}, err
	}
	m, _ := r.GetInterface().(map[any]any)
	version, _ := graphdb.Flatten(m["version"])[keyUnitsVersion].(string)
	list, _ := m["units"].([]any)
	units := make([]map[string]any, 0, len(list))
	var updated int64
	for _, u := range list {
		f := graphdb.Flatten(u)
		if x := toInt64(f[KeyDateUpdated]); x > updated {
			updated = x
		}
		renderTimes(f)
		units = append(units, f)
	}
	sortUnits(units)
	js, err := json.Marshal(units)
	if err != nil {
		return unitListEntry{}, err
	}
	return unitListEntry{version: version, count: len(units), units: js, updated: updated}, nil
}

func (n *Commands) listVenueUnitDetails(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	t := venueAnchor(c).Out(EdgeVenueUnit)
	p := c.Params
	if id := p.String("UnitID_internal"); id != "" {
		t = t.Has(string(schema.KeyUnitIDInternal), id)
	}
	for _, k := range []string{"UnitBuilding", "UnitFloor", "UnitID"} {
		if v := p.String(k); v != "" {
			t = t.Has(k, v)
		}
	}
	res, err := graphdb.All(t.ValueMap(anys(unitListKeys)...))
	if err != nil {
		return nil, err
	}
	units := make([]map[string]any, 0, len(res))
	for _, r := range res {
		f := graphdb.Flatten(r.GetInterface())
		renderTimes(f)
		units = append(units, f)
	}
	sortUnits(units)
	if len(units) == 0 {
		return gremlinconsole.Result{"VenueUnits": units, "message": "Found 0 units."}, nil
	}
	first := units[0]
	internal, _ := first[string(schema.KeyUnitIDInternal)].(string)
	d, err := graphdb.First(c.G().V(unitVID(internal)).Project("venue", "keypools", "plans", "subscriptions").
		By(__.In(EdgeVenueUnit).ValueMap(gremlinconsole.KeyVenueID, KeyVenueName, string(schema.KeyTimeZoneOffset), string(schema.KeyTZ))).
		By(__.In(EdgeVenueUnit).In(EdgeKeypoolAtVenue).ValueMap(string(schema.KeyKeyPoolID), string(schema.KeySSID), string(schema.KeyScope), string(schema.KeyDisplayOrder)).Fold()).
		By(__.In(EdgeVenueUnit).In(EdgePlanAtVenue).ValueMap().Fold()).
		By(__.In(EdgeSubscriptionFor).ValueMap().Fold()))
	if err != nil {
		return nil, err
	}
	if d != nil {
		m, _ := d.GetInterface().(map[any]any)
		first["Venue"] = graphdb.Flatten(m["venue"])
		first["Keypools"] = flattenList(m["keypools"])
		plans := map[string]any{}
		for _, pl := range flattenList(m["plans"]) {
			id, _ := pl[string(schema.KeyServicePlanID)].(string)
			plans[id] = pl
		}
		first["AvailableServicePlans"] = plans
		subs := flattenList(m["subscriptions"])
		for _, s := range subs {
			shiftTimes(s, p.Int("UserTimeZone"))
		}
		first["Subscriptions"] = subs
	}
	msg := fmt.Sprintf("Found %d units.", len(units))
	if len(units) > 1 {
		msg += " Venue Details and subscriptions displayed for first unit only."
	}
	return gremlinconsole.Result{"VenueUnits": units, "message": msg}, nil
}

// flattenList flattens a folded list of valueMaps.
func flattenList(v any) []map[string]any {
	l, _ := v.([]any)
	out := make([]map[string]any, 0, len(l))
	for _, x := range l {
		f := graphdb.Flatten(x)
		renderTimes(f)
		out = append(out, f)
	}
	return out
}

// shiftTimes renders the epoch-ms time fields of a subscription in the caller's time
// zone (UserTimeZone, minutes east of UTC) next to the UTC ones.
func shiftTimes(m map[string]any, offsetMinutes int64) {
	for k, v := range m {
		if !strings.HasSuffix(k, "DateTimeUTC") {
			continue
		}
		ms := toInt64(v)
		m[k+".ISO8601"] = isoMillis(ms)
		if offsetMinutes != 0 {
			m[strings.TrimSuffix(k, "UTC")+"Local"] = isoMillis(ms + offsetMinutes*60000)
		}
		delete(m, k)
	}
}

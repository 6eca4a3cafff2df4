package network

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// Unit purposes (seed 003 addVenueUnits).
const (
	PurposeWiredUnit         = "wiredunit"
	PurposeLocalWirelessOnly = "localwirelessonly"
	PurposeGlobalRoaming     = "globalroaming"
)

// Unit limits (seed 003 addVenueUnits).
const (
	// AutoVLANUnitLimit: VLANs are auto-generated only while the venue has fewer units.
	AutoVLANUnitLimit = 200
	// MaxUnitsPerVenue: at this many units, adding needs support.
	MaxUnitsPerVenue = 5000
)

// unitGroup is the unit commands and their endpoints.
func unitGroup(n *Commands) ([]*gremlinconsole.Command, []Route) {
	return n.unitCommands(), []Route{
		{"/networkoperatorconsole/venues/addVenueUnits", "Venue.addVenueUnits"},
		{"/networkoperatorconsole/venues/listVenueUnits", "Venue.listVenueUnits"},
		{"/networkoperatorconsole/venues/listVenueUnitDetails", "Venue.listVenueUnitDetails"},
		{"/networkoperatorconsole/venues/configureVenueUnit", "Venue.configureVenueUnit"},
		{"/networkoperatorconsole/venues/updateVenueUnitAddress", "Venue.updateVenueUnitAddress"},
		{"/networkoperatorconsole/venues/listVenueUnitLog", "Venue.listVenueUnitLog"},
		{"/venuemgmtconsole/venue_units/listVenueUnitLog", "Venue.listVenueUnitLog"},
		{"/networkoperatorconsole/admin/deleteVenueUnitPermanently", "Venue.deleteVenueUnitPermanently"},
		{"/networkoperatorconsole/admin/deleteAllVenueUnitsPermanently", "Venue.deleteAllVenueUnitsPermanently"},
	}
}

func (n *Commands) unitCommands() []*gremlinconsole.Command {
	str := func(name string, max int) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: gremlinconsole.String, MaxLen: max}
	}
	return []*gremlinconsole.Command{
		{
			Name: "Venue.addVenueUnits",
			Summary: "Adds a unit to a venue (or updates it when it exists): UnitID_internal from VenueID, UnitID, building and floor; " +
				"address inherited from the venue; VLAN auto-assigned from the purpose's range unless given.",
			Roles:    venueWriters,
			Mutating: true,
			Params: []gremlinconsole.Param{venueIDParam(), operatorIDParam(), str("externalVenueID", 64),
				{Name: "UnitID", Kind: gremlinconsole.String, MaxLen: 20, Doc: "generated from AddressLine2 (else AddressLine1), first and last word, when absent"},
				str("UnitBuilding", 20), str("UnitFloor", 20), str("AddressLine1", 40), str("AddressLine2", 40), str("City", 40),
				str("State", 40), str("PostalCode", 10), str("Country.ISO3166A3", 3),
				{Name: "purpose", Kind: gremlinconsole.String, Enum: []string{PurposeWiredUnit, PurposeLocalWirelessOnly, PurposeGlobalRoaming}},
				{Name: "vlan", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(schema.MinVLAN), Max: gremlinconsole.Bound(schema.MaxVLAN)},
				str("PrimaryUnitID_internal", schema.MaxUnitIDInternalLen), str("PrimaryUnitID", 20),
				{Name: "RealPageUnitID", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(1)},
			},
			Scope: venueScope,
			Run:   n.addVenueUnits,
		},
		{
			Name:    "Venue.listVenueUnits",
			Summary: "Lists every unit of a venue with its address, building, floor, purpose, VLAN and SMS code.",
			Roles:   venueReaders,
			Params:  []gremlinconsole.Param{venueIDParam(), operatorIDParam(), str("externalVenueID", 64)},
			Scope:   venueScope,
			Run:     n.listVenueUnits,
		},
		{
			Name:    "Venue.listVenueUnitDetails",
			Summary: "Returns the units of a venue matching the filters, the first with its venue, keypools, plans and subscriptions.",
			Roles:   venueReaders,
			Params: []gremlinconsole.Param{venueIDParam(), operatorIDParam(), str("UnitID_internal", schema.MaxUnitIDInternalLen),
				str("UnitBuilding", 40), str("UnitFloor", 40), str("UnitID", 40),
				{Name: "UserTimeZone", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(-840), Max: gremlinconsole.Bound(840)}},
			Scope: venueScope,
			Run:   n.listVenueUnitDetails,
		},
		n.configureVenueUnitCommand(),
		n.updateVenueUnitAddressCommand(),
		n.listVenueUnitLogCommand(),
		n.deleteVenueUnitCommand(),
		n.deleteAllVenueUnitsCommand(),
	}
}

// unitVID is the graph id of a unit.
func unitVID(unitIDInternal string) string {
	return gremlinconsole.VertexID(LabelVenueUnit, unitIDInternal)
}

// generateUnitID builds a UnitID from an address line: its first and last word joined
// by a hyphen (one word alone when the line has one).
func generateUnitID(line string) string {
	words := strings.Fields(sanitizeText(line))
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return words[0] + "-" + words[len(words)-1]
}

// unitContext is what addVenueUnits reads before writing: the venue, its operator's
// ranges and the unit when it exists.
type unitContext struct {
	venue, operator, unit map[string]any
}

func (n *Commands) readUnitContext(c *gremlinconsole.Call, unitIDInternal string) (*unitContext, error) {
	keys := []string{}
	for _, r := range vlanRanges {
		keys = append(keys, r.minKey, r.maxKey)
	}
	r, err := graphdb.First(c.G().V(venueVID(c.VenueID)).HasLabel(LabelVenue).Project("venue", "op", "unit").
		By(__.ValueMap()).
		By(__.In(EdgeOperatorVenue).ValueMap(anys(keys)...).Fold()).
		By(__.V(unitVID(unitIDInternal)).HasLabel(LabelVenueUnit).ValueMap().Fold()))
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errVenueGone(c.VenueID)
	}
	m, _ := r.GetInterface().(map[any]any)
	uc := &unitContext{venue: graphdb.Flatten(m["venue"]), operator: map[string]any{}}
	if l, _ := m["op"].([]any); len(l) > 0 {
		uc.operator = graphdb.Flatten(l[0])
	}
	if l, _ := m["unit"].([]any); len(l) > 0 {
		uc.unit = graphdb.Flatten(l[0])
	}
	return uc, nil
}

// unitExistsMessage marks the fail() of an add whose unit was created meanwhile.
const unitExistsMessage = "Unit exists."

func (n *Commands) addVenueUnits(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	p := c.Params
	unitID := p.String("UnitID")
	if strings.TrimSpace(unitID) == "" {
		line := p.String("AddressLine2")
		if strings.TrimSpace(line) == "" {
			line = p.String("AddressLine1")
		}
		if unitID = generateUnitID(line); unitID == "" {
			return nil, &gremlinconsole.ValidationError{Field: "UnitID", Message: "is required: it could not be generated from AddressLine1/AddressLine2"}
		}
		if len(unitID) > schema.MaxUnitComponentLen {
			unitID = unitID[:schema.MaxUnitComponentLen]
		}
	}
	unitID = sanitizeText(unitID)
	internal, err := schema.UnitIDInternal(c.VenueID, unitID, p.String("UnitBuilding"), p.String("UnitFloor"))
	if err != nil {
		return nil, asValidation(err)
	}
	purpose := p.String("purpose")
	if purpose == "" {
		purpose = PurposeWiredUnit
	}
	for attempt := 0; ; attempt++ {
		uc, err := n.readUnitContext(c, internal)
		if err != nil {
			return nil, err
		}
		if uc.unit != nil {
			res, err := n.applyUnitChanges(c, uc.unit, addUnitUpdateFields, "Updating pre-existing unit.")
			if err != nil {
				return nil, err
			}
			res["UnitID_internal"], res["VenueID"] = internal, c.VenueID
			return res, nil
		}
		res, err := n.insertUnit(c, uc, internal, unitID, purpose, attempt > 0)
		var ce *graphdb.CommandError
		switch {
		case err == nil:
			return res, nil
		case errors.As(err, &ce) && ce.Message == unitExistsMessage:
			continue // created meanwhile: update it
		case errors.As(err, &ce), errors.As(err, new(*gremlinconsole.ValidationError)), errors.As(err, new(*gremlinconsole.Error)):
			return nil, err
		case attempt < maxClaimRetries:
			// A claim or unit id taken concurrently on a backend without serial writes
			// (JanusGraph reports the lost race at commit): wait a random moment so the
			// racers spread out, then start over with a fresh read.
			time.Sleep(time.Duration(1+rand.IntN(5<<min(attempt, 4))) * time.Millisecond)
			continue
		}
		return nil, err
	}
}

// unitAddress resolves a new unit's address: the request's valid values, then the
// venue's, then Country USA; then validates it.
func unitAddress(c *gremlinconsole.Call, venue map[string]any) (Address, error) {
	pick := func(param, key string) string {
		if v := c.Params.String(param); strings.TrimSpace(v) != "" {
			return v
		}
		s, _ := venue[key].(string)
		return s
	}
	a := Address{AddressLine1: pick("AddressLine1", "AddressLine1"), AddressLine2: pick("AddressLine2", "AddressLine2"),
		City: pick("City", "City"), State: pick("State", "State"), PostalCode: pick("PostalCode", "PostalCode"),
		Country: pick("Country.ISO3166A3", KeyCountry)}
	if a.Country == "" {
		a.Country = "USA"
	}
	return validateAddress(a, "Country.ISO3166A3")
}

// After a lost race (scatter), the first window is picked at random among the free VLANs
// instead of after the cursor, so that retrying racers stop choosing the same VLANs.
func (n *Commands) insertUnit(c *gremlinconsole.Call, uc *unitContext, internal, unitID, purpose string, scatter bool) (gremlinconsole.Result, error) {
	addr, err := unitAddress(c, uc.venue)
	if err != nil {
		return nil, err
	}
	p := c.Params
	now := c.NowMillis()
	building, _ := schema.NormalizeUnitComponent("UnitBuilding", p.String("UnitBuilding"), schema.DefaultUnitBuilding)
	floor, _ := schema.NormalizeUnitComponent("UnitFloor", p.String("UnitFloor"), schema.DefaultUnitFloor)
	if b := sanitizeText(p.String("UnitBuilding")); b != "" {
		building = b
	}
	if f := sanitizeText(p.String("UnitFloor")); f != "" {
		floor = f
	}
	primary := p.String("PrimaryUnitID_internal")
	props := map[string]any{
		string(schema.KeyUnitIDInternal): internal, string(schema.KeyUnitID): unitID,
		string(schema.KeyUnitBuilding): building, string(schema.KeyUnitFloor): floor,
		gremlinconsole.KeyVenueID: c.VenueID, gremlinconsole.KeyOperatorID: c.OperatorID,
		"AddressLine1": addr.AddressLine1, "AddressLine2": addr.AddressLine2, "City": addr.City, "State": addr.State,
		"PostalCode": addr.PostalCode, KeyCountry: addr.Country, string(schema.KeyPurpose): purpose,
		string(schema.KeyShoppingCartPriceAdjustment): int64(0), string(schema.KeyPrimaryUnitIDInternal): primary,
		gremlinconsole.KeyDateAdded: now, KeyDateUpdated: now,
	}
	if p.Has("RealPageUnitID") {
		props[string(schema.KeyRealPageUnitID)] = p.Int("RealPageUnitID")
	}
	payload := func(vlan int64) map[string]any {
		m := unitPayload(c, props, vlan)
		m["Type"] = "VenueUnitAdded"
		m["PrimaryUnitID_internal"] = primary
		if primary == "" {
			m["PrimaryUnitID_internal"] = internal
		}
		ext, _ := uc.venue[string(schema.KeyExternalVenueID)].(string)
		m["externalVenueID"] = ext
		m["event"] = "Unit " + internal + " added. "
		return m
	}
	decorate := func(b *gremlingo.GraphTraversal, vlan int64) *gremlingo.GraphTraversal {
		b = c.WithAudit(b, gremlinconsole.Audit{Target: internal, Message: fmt.Sprintf("Unit %s added with VLAN %d.", internal, vlan),
			Changes: []gremlinconsole.Change{{Field: "UnitID_internal", After: internal}, {Field: "vlan", After: vlan}, {Field: "purpose", After: purpose}}})
		return c.WithEvent(b, gremlinconsole.Event{Type: "VenueUnitAdded", Key: internal, Payload: payload(vlan)})
	}
	base := bumpUnitsVersion(c.G().V(venueVID(c.VenueID)).HasLabel(LabelVenue)).As("venue").
		SideEffect(__.V(unitVID(internal)).Fail(graphdb.FailMessage(http.StatusConflict, unitExistsMessage))).
		SideEffect(__.Out(EdgeVenueUnit).Limit(MaxUnitsPerVenue).Count().Is(gremlingo.P.Gte(MaxUnitsPerVenue)).
			Fail(graphdb.FailMessage(http.StatusConflict, "Contact support to add more units.")))
	finish := func(t *gremlingo.GraphTraversal) *gremlingo.GraphTraversal {
		t = setProps(t.AddV(LabelVenueUnit).Property(gremlingo.T.Id, unitVID(internal)), props).
			Property(gremlingo.Cardinality.Single, string(schema.KeyVLAN), __.Select("claim").Values(string(schema.KeyVLAN))).As("unit").
			AddE(EdgeClaimHeldBy).From("claim").To("unit").
			AddE(EdgeVenueUnit).From("venue").To("unit").
			Select("claim").Values(string(schema.KeyVLAN))
		return t
	}
	result := func(vlan int64) gremlinconsole.Result {
		return gremlinconsole.Result{"message": "Unit added.", "UnitID_internal": internal, "UnitID": unitID, "VenueID": c.VenueID, "vlan": vlan}
	}
	if p.Has("vlan") {
		t, err := claimWindow(base, c.VenueID, []int64{p.Int("vlan")}, "", true, decorate)
		if err != nil {
			return nil, err
		}
		r, err := graphdb.First(finish(t))
		if err != nil {
			return nil, err
		}
		return result(toInt64(r.GetInterface())), nil
	}
	lo, hi, cursorKey := purposeRange(purpose, uc.venue, uc.operator)
	cursor := lo - 1
	if v, ok := uc.venue[cursorKey]; ok {
		cursor = toInt64(v)
	}
	base = base.SideEffect(__.Out(EdgeVenueUnit).Limit(AutoVLANUnitLimit).Count().Is(gremlingo.P.Gte(AutoVLANUnitLimit)).
		Fail(graphdb.FailMessage(http.StatusBadRequest, fmt.Sprintf("vlan: VLAN must be provided when adding more than %d units.", AutoVLANUnitLimit))))
	window := vlanWindow(cursor, lo, hi, firstWindow)
	if scatter {
		free, err := n.freeVLANs(c, cursor, lo, hi)
		if err != nil {
			return nil, err
		}
		if len(free) > 0 {
			window = pickWindow(free)
		}
	}
	for attempt := 0; attempt < maxWindowAttempts; attempt++ {
		t, err := claimWindow(base, c.VenueID, window, cursorKey, false, decorate)
		if err != nil {
			return nil, err
		}
		r, err := graphdb.First(finish(t))
		var ce *graphdb.CommandError
		if errors.As(err, &ce) && ce.Message == windowFullMessage {
			free, err := n.freeVLANs(c, cursor, lo, hi)
			if err != nil {
				return nil, err
			}
			if len(free) == 0 {
				break
			}
			window = pickWindow(free)
			continue
		}
		if err != nil {
			return nil, err
		}
		return result(toInt64(r.GetInterface())), nil
	}
	return nil, &gremlinconsole.Error{Status: http.StatusConflict, Field: "vlan",
		Message: fmt.Sprintf("vlan: auto-generated VLAN not available: every VLAN of %d-%d is assigned.", lo, hi)}
}

// unitPayload is the VenueUnitAdded / VenueUnitUpdated webhook payload
// (shopping-cart-and-webhooks.md §2.3, VU1/VU2) for a unit's properties.
func unitPayload(c *gremlinconsole.Call, props map[string]any, vlan int64) map[string]any {
	str := func(k string) string { s, _ := props[k].(string); return s }
	admin, ua := "", c.Source.UserAgent
	if c.Principal != nil {
		admin = c.Principal.Subject
	}
	m := map[string]any{
		"dateAddedUTC.ISO8601": isoMillis(props[gremlinconsole.KeyDateAdded]),
		"SourceIP":             c.Source.IP, "Administrator": admin, "AdministratorOS": "", "AdministratorBrowser": ua, "SourceLocale": "en-us",
		"UnitID_internal": str(string(schema.KeyUnitIDInternal)), "externalVenueUnitID": str(string(schema.KeyExternalVenueUnitID)),
		"VenueID": str(gremlinconsole.KeyVenueID), "UnitID": str(string(schema.KeyUnitID)),
		"UnitFloor": str(string(schema.KeyUnitFloor)), "UnitBuilding": str(string(schema.KeyUnitBuilding)),
		"AddressLine1": str("AddressLine1"), "AddressLine2": str("AddressLine2"), "City": str("City"), "State": str("State"),
		"Country.ISO3166A3": str(KeyCountry), "PostalCode": str("PostalCode"), "vlan": vlan, "purpose": str(string(schema.KeyPurpose)),
		"ServicePlanID_globalroaming": str(string(schema.KeyServicePlanIDGlobalRoaming)), "RealPageUnitID": "",
		"SMSCode": str(string(schema.KeySMSCode)), "VenueUnitPriceAdjustment": toInt64(props[string(schema.KeyVenueUnitPriceAdjustment)]),
		"singleuseVenueUnitPriceAdjustment": "Inherit",
	}
	if v, ok := props[string(schema.KeyRealPageUnitID)]; ok {
		m["RealPageUnitID"] = v
	}
	if v, ok := props[string(schema.KeySingleuseVenueUnitPriceAdjustment)].(string); ok && v != "" {
		m["singleuseVenueUnitPriceAdjustment"] = v
	}
	return m
}

package network

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// Field kinds only units have.
const (
	fieldUnitVLAN fieldKind = iota + 100 // VLAN 1..4094, moves the unit's claim
	fieldSSIDs                           // list of SSIDs, 1..32 characters each
	fieldCountry                         // ISO 3166 alpha-3
	fieldState                           // state for the unit's country
)

// unitFields are what configureVenueUnit may change (seed 003 configureVenueUnit).
var unitFields = []venueField{
	{path: "externalVenueUnitID", key: string(schema.KeyExternalVenueUnitID), kind: fieldText, max: 40, clearable: true, updated: true},
	{path: "UnitID", key: string(schema.KeyUnitID), kind: fieldText, max: 40, updated: true},
	{path: "UnitBuilding", key: string(schema.KeyUnitBuilding), kind: fieldText, max: 40, updated: true},
	{path: "UnitFloor", key: string(schema.KeyUnitFloor), kind: fieldText, max: 40, updated: true},
	{path: "AddressLine1", key: "AddressLine1", kind: fieldText, max: 40, updated: true},
	{path: "AddressLine2", key: "AddressLine2", kind: fieldText, max: 40, clearable: true, updated: true},
	{path: "City", key: "City", kind: fieldText, max: 40, updated: true},
	{path: "Country.ISO3166A3", key: KeyCountry, kind: fieldCountry, updated: true},
	{path: "Country", key: KeyCountry, kind: fieldCountry, updated: true},
	{path: "State", key: "State", kind: fieldState, updated: true},
	{path: "PostalCode", key: "PostalCode", kind: fieldPostal, updated: true},
	{path: "NetworkConfiguration.VenueUnitSSID", key: string(schema.KeyVenueUnitSSID), kind: fieldSSIDs},
	{path: "NetworkConfiguration.allowOverlappingSubscriptionWiredUnit", key: string(schema.KeyAllowOverlappingSubscriptionWiredUnit), kind: fieldBool},
	{path: "Notifications.suppressSubscriberEmails", key: string(schema.KeySuppressSubscriberEmails), kind: fieldBool},
	{path: "Notifications.sendSubscriptionAddedEmail", key: string(schema.KeySendSubscriptionAddedEmail), kind: fieldBool},
	{path: "Notifications.sendSubscriptionEndEmail", key: string(schema.KeySendSubscriptionEndEmail), kind: fieldBool},
	{path: "Notifications.suppressSubscriberSMS", key: string(schema.KeySuppressSubscriberSMS), kind: fieldBool},
	{path: "RealPageUnitID", key: string(schema.KeyRealPageUnitID), kind: fieldInt, min: 1, max: 1 << 31},
	{path: "ShoppingCart.enableShoppingCart", key: KeyEnableCart, kind: fieldBool},
	{path: "ShoppingCart.VenueUnitPriceAdjustment", key: string(schema.KeyVenueUnitPriceAdjustment), kind: fieldInt, min: -100000, max: 100000},
	{path: "vlan", key: string(schema.KeyVLAN), kind: fieldUnitVLAN},
	{path: "SMSCode", key: string(schema.KeySMSCode), kind: fieldText, max: 20, updated: true},
	{path: "purpose", key: string(schema.KeyPurpose), kind: fieldText, max: 20, updated: true},
}

// addUnitUpdateFields are the addVenueUnits fields applied to a unit that exists.
var addUnitUpdateFields = func() []venueField {
	var out []venueField
	for _, f := range unitFields {
		switch f.path {
		case "AddressLine1", "AddressLine2", "City", "Country.ISO3166A3", "State", "PostalCode", "vlan", "purpose", "RealPageUnitID":
			if f.path == "vlan" {
				f.max = schema.MaxVLAN
			}
			out = append(out, f)
		}
	}
	return append(out, venueField{path: "PrimaryUnitID_internal", key: string(schema.KeyPrimaryUnitIDInternal), kind: fieldText, max: schema.MaxUnitIDInternalLen, updated: true})
}()

var ssidPattern = regexp.MustCompile(`^[A-Za-z0-9 _.-]{1,32}$`)

func (n *Commands) configureVenueUnitCommand() *gremlinconsole.Command {
	str := func(name string, max int) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: gremlinconsole.String, MaxLen: max}
	}
	return &gremlinconsole.Command{
		Name: "Venue.configureVenueUnit",
		Summary: "Changes a unit (partial update): identity labels, address, SSIDs, VLAN (unique within the venue), notifications, " +
			"billing, integrations; deleteEmptyVenueUnit deletes it when it has no active subscription.",
		Roles:    venueWriters,
		Mutating: true,
		Params: []gremlinconsole.Param{
			{Name: "UnitID_internal", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: schema.MaxUnitIDInternalLen},
			str("VenueID", schema.MaxVenueIDLen), operatorIDParam(),
			str("externalVenueUnitID", 40), str("UnitID", 40), str("UnitBuilding", 40), str("UnitFloor", 40), str("AddressLine1", 40),
			str("AddressLine2", 40), str("City", 40), str("State", 40), str("Country", 40), str("Country.ISO3166A3", 3), str("PostalCode", 40),
			{Name: "NetworkConfiguration", Kind: gremlinconsole.Object}, {Name: "Notifications", Kind: gremlinconsole.Object},
			{Name: "RealPageUnitID", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(1)},
			{Name: "ShoppingCart", Kind: gremlinconsole.Object},
			{Name: "vlan", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(1), Max: gremlinconsole.Bound(4094)},
			str("SMSCode", 20),
			{Name: "purpose", Kind: gremlinconsole.String, Enum: []string{PurposeWiredUnit, PurposeLocalWirelessOnly, PurposeGlobalRoaming}},
			{Name: "deleteEmptyVenueUnit", Kind: gremlinconsole.Boolean}, {Name: "forceDelete", Kind: gremlinconsole.Boolean},
		},
		Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
		Run:   n.configureVenueUnit,
	}
}

func (n *Commands) updateVenueUnitAddressCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name: "Venue.updateVenueUnitAddress",
		Summary: "Changes a unit's address (AddressInformation: AddressLine1/2, City, State, Country.ISO3166A3, PostalCode) and location " +
			"(LocationDetails: UnitBuilding, UnitFloor); the fields may also be given flat.",
		Roles:    venueWriters,
		Mutating: true,
		Params: []gremlinconsole.Param{
			{Name: "UnitID_internal", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: schema.MaxUnitIDInternalLen},
			{Name: "VenueID", Kind: gremlinconsole.String, MaxLen: schema.MaxVenueIDLen}, operatorIDParam(),
			{Name: "AddressInformation", Kind: gremlinconsole.Object}, {Name: "LocationDetails", Kind: gremlinconsole.Object},
			{Name: "GeographicInformation", Kind: gremlinconsole.Object, Doc: "Latitude and Longitude"},
		},
		Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
		Run:   n.updateVenueUnitAddress,
	}
}

// resolveUnit reads the unit named by UnitID_internal and checks the caller reaches its
// venue (403), and that a VenueID given is its venue (404); it sets c.VenueID.
func (n *Commands) resolveUnit(c *gremlinconsole.Call) (map[string]any, error) {
	internal := c.Params.String("UnitID_internal")
	r, err := graphdb.First(c.G().V(unitVID(internal)).HasLabel(LabelVenueUnit).ValueMap())
	if err != nil {
		return nil, err
	}
	notFound := &gremlinconsole.Error{Status: http.StatusNotFound, Field: "UnitID_internal", Message: fmt.Sprintf("UnitID_internal %s was not found.", internal)}
	if r == nil {
		return nil, notFound
	}
	unit := graphdb.Flatten(r.GetInterface())
	venue, _ := unit[gremlinconsole.KeyVenueID].(string)
	op, _ := unit[gremlinconsole.KeyOperatorID].(string)
	if v := c.Params.String("VenueID"); v != "" && v != venue {
		return nil, notFound
	}
	if c.Principal != nil && !c.Principal.CanAccessVenue(op, venue) {
		return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "You may not act on venue " + venue + "."}
	}
	if c.OperatorID != "" && c.OperatorID != op {
		return nil, notFound
	}
	c.VenueID, c.OperatorID = venue, op
	return unit, nil
}

func (n *Commands) configureVenueUnit(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	unit, err := n.resolveUnit(c)
	if err != nil {
		return nil, err
	}
	if c.Params.Bool("deleteEmptyVenueUnit") {
		return n.deleteUnit(c, unit, c.Params.Bool("forceDelete"), "configureVenueUnit")
	}
	return n.applyUnitChanges(c, unit, unitFields, "")
}

func (n *Commands) updateVenueUnitAddress(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	unit, err := n.resolveUnit(c)
	if err != nil {
		return nil, err
	}
	// Flatten the nested objects into the configureVenueUnit fields.
	for _, obj := range []string{"AddressInformation", "LocationDetails"} {
		for k, v := range c.Params.Object(obj) {
			c.Params[k] = v
		}
	}
	var fields []venueField
	for _, f := range unitFields {
		switch f.path {
		case "AddressLine1", "AddressLine2", "City", "Country.ISO3166A3", "Country", "State", "PostalCode", "UnitBuilding", "UnitFloor":
			fields = append(fields, f)
		}
	}
	res, err := n.applyUnitChanges(c, unit, fields, "")
	if err != nil {
		return nil, err
	}
	res["AddressConfiguration"] = res["unit"]
	delete(res, "unit")
	res["GeographicData"] = c.Params.Object("GeographicInformation")
	res["changes"], res["message"] = res["message"], "Unit address updated successfully"
	return res, nil
}

// applyUnitChanges validates and writes unit fields in one traversal with the VLAN
// claim move, the externalVenueUnitID claim, the audit entry and the VenueUnitUpdated
// event. header starts the message ("Updating pre-existing unit.").
func (n *Commands) applyUnitChanges(c *gremlinconsole.Call, unit map[string]any, fields []venueField, header string) (gremlinconsole.Result, error) {
	internal, _ := unit[string(schema.KeyUnitIDInternal)].(string)
	after := map[string]any{}
	for k, v := range unit {
		after[k] = v
	}
	country, _ := unit[KeyCountry].(string)
	for _, key := range []string{"Country.ISO3166A3", "Country"} {
		if s := c.Params.String(key); s != "" {
			cc, err := validCountry(key, s)
			if err != nil {
				return nil, err
			}
			country = cc
		}
	}
	ctxMap := map[string]any{KeyCountry: country}
	var changes []change
	seen := map[string]bool{}
	for _, f := range fields {
		raw, ok := lookupPath(c.Params, f.path)
		if !ok || seen[f.key] {
			continue
		}
		seen[f.key] = true
		var ch change
		var err error
		switch f.kind {
		case fieldCountry:
			ch = change{f: f, value: country, shown: country, message: fmt.Sprintf("Updated %s = %s.", f.key, country)}
		case fieldState:
			s, _ := raw.(string)
			st, err2 := validState(country, s)
			if err2 != nil {
				return nil, err2
			}
			ch = change{f: f, value: st, shown: st, message: fmt.Sprintf("Updated State = %s.", st)}
		case fieldUnitVLAN:
			max := int64(4094)
			if f.max > 0 {
				max = int64(f.max)
			}
			v := c.Params.Int("vlan")
			if v < 1 || v > max {
				return nil, &gremlinconsole.ValidationError{Field: "vlan", Message: fmt.Sprintf("VLAN must be between 1-%d", max)}
			}
			ch = change{f: f, value: v, shown: fmt.Sprint(v), message: fmt.Sprintf("Updating vlan to %d.", v)}
		case fieldSSIDs:
			list, ok := raw.([]any)
			if !ok {
				if s, isStr := raw.(string); isStr {
					list = []any{s}
				} else {
					return nil, &gremlinconsole.ValidationError{Field: f.path, Message: "must be a list of SSIDs"}
				}
			}
			ssids := make([]string, 0, len(list))
			var msgs []string
			for _, x := range list {
				s, _ := x.(string)
				if !ssidPattern.MatchString(s) {
					return nil, &gremlinconsole.ValidationError{Field: f.path, Message: "each SSID must be 1 to 32 letters, digits, spaces, dots, hyphens or underscores"}
				}
				ssids = append(ssids, s)
				msgs = append(msgs, fmt.Sprintf("Added %s to VenueUnitSSID.", s))
			}
			js, _ := json.Marshal(ssids)
			ch = change{f: f, value: string(js), shown: string(js), message: strings.Join(msgs, " ")}
		default:
			ch, err = n.validateField(c, f, raw, ctxMap)
		}
		if err != nil {
			return nil, err
		}
		if f.kind == fieldBool {
			ch.message = fmt.Sprintf("Updating %s to %s.", f.key, ch.shown)
		}
		changes = append(changes, ch)
	}
	if len(changes) == 0 && header == "" {
		return nil, &gremlinconsole.ValidationError{Field: "UnitID_internal", Message: "no field to change was given"}
	}
	t := c.G().Inject(0).Coalesce(__.V(unitVID(internal)).HasLabel(LabelVenueUnit),
		__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("UnitID_internal %s was not found.", internal)))).As("unit")
	msgs := []string{}
	if header != "" {
		msgs = append(msgs, header)
	}
	var audit []gremlinconsole.Change
	for _, ch := range changes {
		f := ch.f
		if f.kind == fieldUnitVLAN && toInt64(unit[f.key]) != ch.value {
			claim, err := vlanClaimID(c.VenueID, ch.value.(int64))
			if err != nil {
				return nil, err
			}
			t = t.SideEffect(__.In(EdgeClaimHeldBy).HasLabel(LabelVLANClaim).Drop()).
				SideEffect(__.Coalesce(
					__.V(claim).Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("vlan: VLAN %d is assigned to another unit at this venue.", ch.value))),
					graphdb.Claim(LabelVLANClaim, claim).Property(gremlingo.Cardinality.Single, string(schema.KeyVLAN), ch.value).
						Property(gremlingo.Cardinality.Single, gremlinconsole.KeyVenueID, c.VenueID).AddE(EdgeClaimHeldBy).To("unit"))).
				SideEffect(__.OutE(string(schema.EdgeUnitPolicyForPSK)).Property(string(schema.KeyVLAN), ch.value))
		}
		if f.key == string(schema.KeyExternalVenueUnitID) && unit[f.key] != ch.value {
			ix := claimIndex(schema.VertexVenueUnit, schema.KeyVenueExternalVenueUnitID)
			if old, _ := unit[f.key].(string); old != "" {
				v, _ := schema.CompositeKey(c.VenueID, old)
				if k, err := schema.ValueClaimKey(ix, v); err == nil {
					t = t.SideEffect(__.V(gremlinconsole.VertexID(LabelValueClaim, k)).Drop())
				}
			}
			if ch.value != nil {
				v, _ := schema.CompositeKey(c.VenueID, ch.value.(string))
				k, err := schema.ValueClaimKey(ix, v)
				if err != nil {
					return nil, err
				}
				id := gremlinconsole.VertexID(LabelValueClaim, k)
				t = t.SideEffect(__.Coalesce(
					__.V(id).Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("externalVenueUnitID %s is used by another unit of the venue.", ch.value))),
					graphdb.Claim(LabelValueClaim, id).AddE(EdgeClaimHeldBy).To("unit")))
			}
		}
		if ch.value == nil {
			t = t.SideEffect(__.Properties(f.key).Drop())
			delete(after, f.key)
		} else {
			t = t.Property(gremlingo.Cardinality.Single, f.key, ch.value)
			after[f.key] = ch.value
		}
		msgs = append(msgs, ch.message)
		audit = append(audit, gremlinconsole.Change{Field: f.path, Before: unit[f.key], After: ch.value})
	}
	t = t.SideEffect(bumpUnitsVersion(__.In(EdgeVenueUnit))).
		Property(gremlingo.Cardinality.Single, KeyDateUpdated, c.NowMillis()).Fold()
	message := strings.Join(msgs, " ")
	t = c.WithAudit(t, gremlinconsole.Audit{Target: internal, Message: message, Changes: audit})
	if len(changes) > 0 {
		payload := unitPayload(c, after, toInt64(after[string(schema.KeyVLAN)]))
		payload["Type"] = "VenueUnitUpdated"
		t = c.WithEvent(t, gremlinconsole.Event{Type: "VenueUnitUpdated", Key: internal, Payload: payload})
	}
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	renderTimes(after)
	return gremlinconsole.Result{"message": message, "UnitID_internal": internal, "vlan": after[string(schema.KeyVLAN)], "unit": after}, nil
}

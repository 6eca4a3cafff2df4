package network

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// deletionParams are the optional fields every permanent deletion of the seeds takes.
func deletionParams() []gremlinconsole.Param {
	return []gremlinconsole.Param{
		{Name: "PreserveTenantData", Kind: gremlinconsole.Boolean,
			Doc: "subscriber records are never deleted with units (a unit with an active subscription cannot be deleted), so tenant data is always preserved"},
		{Name: "ScheduledDeletionDate", Kind: gremlinconsole.String, MaxLen: 40, Doc: "not supported: deletions run at once"},
		{Name: "DataExportRequired", Kind: gremlinconsole.Boolean},
		{Name: "NotificationPreferences", Kind: gremlinconsole.Object, Doc: "recorded in the audit entry; the deletion event in the outbox is what notifiers act on"},
		{Name: "AuditDocumentation", Kind: gremlinconsole.String, MaxLen: 2000},
	}
}

// checkDeletionOptions refuses what the service does not do rather than pretending:
// scheduled deletions and data exports.
func checkDeletionOptions(c *gremlinconsole.Call) error {
	if c.Params.String("ScheduledDeletionDate") != "" {
		return &gremlinconsole.ValidationError{Field: "ScheduledDeletionDate", Message: "scheduled deletions are not supported; omit it to delete now"}
	}
	if c.Params.Bool("DataExportRequired") {
		return &gremlinconsole.ValidationError{Field: "DataExportRequired", Message: "data export is not supported; export with the list endpoints first"}
	}
	return nil
}

func (n *Commands) deleteVenueUnitCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:     "Venue.deleteVenueUnitPermanently",
		Summary:  "Deletes one unit (by UnitID_internal, or by UnitID when it names one unit of the venue) that has no active subscription.",
		Roles:    venueWriters,
		Mutating: true,
		Params: append([]gremlinconsole.Param{venueIDParam(), operatorIDParam(),
			{Name: "UnitID", Kind: gremlinconsole.String, Required: true, MinLen: 1, MaxLen: schema.MaxUnitIDInternalLen},
			{Name: "DeletionReason", Kind: gremlinconsole.String, Required: true,
				Enum: []string{"TenantMoveOut", "UnitRenovation", "PropertyRestructuring", "RegulatoryCompliance", "EquipmentFailure"}},
			{Name: "ConfirmationCode", Kind: gremlinconsole.String, Required: true, Pattern: `^DELETE-UNIT-[A-Z0-9]{4}$`},
		}, deletionParams()...),
		Scope: venueScope,
		Run:   n.deleteVenueUnitPermanently,
	}
}

func (n *Commands) deleteAllVenueUnitsCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name:     "Venue.deleteAllVenueUnitsPermanently",
		Summary:  "Deletes every unit of a venue; UnitCountConfirmation must equal the venue's unit count and no unit may have an active subscription.",
		Roles:    venueWriters,
		Mutating: true,
		Params: append([]gremlinconsole.Param{venueIDParam(), operatorIDParam(),
			{Name: "DeletionReason", Kind: gremlinconsole.String, Required: true,
				Enum: []string{"PropertyRenovation", "PortfolioRestructuring", "SystemMigration", "RegulatoryCompliance", "BusinessConversion"}},
			{Name: "ConfirmationCode", Kind: gremlinconsole.String, Required: true, Pattern: `^DELETE-UNITS-[A-Z0-9]{4}$`},
			{Name: "UnitCountConfirmation", Kind: gremlinconsole.Integer, Required: true, Min: gremlinconsole.Bound(1)},
		}, deletionParams()...),
		Scope: venueScope,
		Run:   n.deleteAllVenueUnitsPermanently,
	}
}

// activeSubscriptions counts, from a unit, its subscriptions that have not ended at now.
func activeSubscriptions(now int64) *gremlingo.GraphTraversal {
	end := string(schema.KeyEndDateTimeUTC)
	return __.In(EdgeSubscriptionFor).Or(__.HasNot(end), __.Has(end, gremlingo.P.Gt(now)))
}

// dropUnit removes, from a unit, its claims and then the unit (its edges go with it).
func dropUnit() *gremlingo.GraphTraversal {
	return __.SideEffect(__.In(EdgeClaimHeldBy).Drop()).Drop()
}

func (n *Commands) deleteVenueUnitPermanently(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := checkDeletionOptions(c); err != nil {
		return nil, err
	}
	id := c.Params.String("UnitID")
	res, err := graphdb.All(venueAnchor(c).Out(EdgeVenueUnit).Or(
		__.Has(string(schema.KeyUnitIDInternal), id), __.Has(string(schema.KeyUnitID), id)).ValueMap())
	if err != nil {
		return nil, err
	}
	switch len(res) {
	case 0:
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Field: "UnitID", Message: fmt.Sprintf("UnitID %s was not found at venue %s.", id, c.VenueID)}
	case 1:
	default:
		return nil, &gremlinconsole.Error{Status: http.StatusConflict, Field: "UnitID", Message: fmt.Sprintf("%d units have UnitID %s; give its UnitID_internal.", len(res), id)}
	}
	return n.deleteUnit(c, graphdb.Flatten(res[0].GetInterface()), false, c.Params.String("DeletionReason"))
}

// deleteUnit deletes one unit that has no active subscription; with force, an occupied
// unit is not deleted but its decommissioning is requested (outbox event) and the caller
// is told to retry.
func (n *Commands) deleteUnit(c *gremlinconsole.Call, unit map[string]any, force bool, reason string) (gremlinconsole.Result, error) {
	internal, _ := unit[string(schema.KeyUnitIDInternal)].(string)
	now := c.NowMillis()
	t := c.G().Inject(0).Coalesce(__.V(unitVID(internal)).HasLabel(LabelVenueUnit),
		__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("UnitID_internal %s was not found.", internal))))
	occupied := fmt.Sprintf("Unit %s has active subscriptions.", internal)
	if force {
		r, err := graphdb.First(c.G().V(unitVID(internal)).Local(activeSubscriptions(now).Count()))
		if err != nil {
			return nil, err
		}
		if r != nil && toInt64(r.GetInterface()) > 0 {
			t2 := c.WithEvent(c.G().Inject(0), gremlinconsole.Event{Type: "VenueUnitDecommissionRequested", Key: internal,
				Payload: map[string]any{"VenueID": c.VenueID, "UnitID_internal": internal, "Reason": reason}})
			t2 = c.WithAudit(t2, gremlinconsole.Audit{Target: internal, Message: "Decommissioning of occupied unit " + internal + " requested."})
			if err := graphdb.Exec(t2); err != nil {
				return nil, err
			}
			return gremlinconsole.Result{"message": fmt.Sprintf("%s Subscription cleanup and gateway decommissioning started; retry after equipment is disabled (a few minutes).", occupied),
				"UnitID_internal": internal, "success": false}, nil
		}
	}
	t = t.SideEffect(activeSubscriptions(now).Fail(graphdb.FailMessage(http.StatusConflict, occupied))).
		SideEffect(bumpUnitsVersion(__.In(EdgeVenueUnit))).
		SideEffect(dropUnit()).Fold()
	msg := "Unit " + internal + " deleted permanently."
	t = c.WithAudit(t, gremlinconsole.Audit{Target: internal, Message: msg,
		Changes: []gremlinconsole.Change{{Field: "UnitID_internal", Before: internal, After: "(deleted)"}, {Field: "DeletionReason", After: reason}}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "VenueUnitDeleted", Key: internal, Payload: map[string]any{"VenueID": c.VenueID, "UnitID_internal": internal, "Reason": reason}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": msg, "success": true, "deletionId": "UNIT_DEL_" + strings.ToUpper(c.Source.RequestID),
		"unit": map[string]any{"UnitID_internal": internal, "VenueID": c.VenueID}, "UnitID_internal": internal}, nil
}

func (n *Commands) deleteAllVenueUnitsPermanently(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := checkDeletionOptions(c); err != nil {
		return nil, err
	}
	now := c.NowMillis()
	want := c.Params.Int("UnitCountConfirmation")
	t := venueAnchor(c).
		SideEffect(__.Out(EdgeVenueUnit).Count().Is(gremlingo.P.Neq(want)).
			Fail(graphdb.FailMessage(http.StatusBadRequest, "UnitCountConfirmation: does not match the venue's unit count."))).
		SideEffect(__.Out(EdgeVenueUnit).Where(activeSubscriptions(now)).Count().Is(gremlingo.P.Gt(0)).
			Fail(graphdb.FailMessage(http.StatusConflict, "Venue has occupied units."))).
		SideEffect(__.Out(EdgeVenueUnit).SideEffect(dropUnit()))
	t = bumpUnitsVersion(t).Fold()
	msg := fmt.Sprintf("%d units of venue %s deleted permanently.", want, c.VenueID)
	t = c.WithAudit(t, gremlinconsole.Audit{Target: c.VenueID, Message: msg, Changes: []gremlinconsole.Change{{Field: "DeletionReason", After: c.Params.String("DeletionReason")}}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": msg, "success": true, "deletionId": "BULK_DEL_" + strings.ToUpper(c.Source.RequestID),
		"venue": map[string]any{"VenueID": c.VenueID}, "deletionSummary": map[string]any{"UnitsDeleted": want}}, nil
}

// deleteEmptyVenueUnits is configureVenue's deleteEmptyVenueUnits: units without an
// active subscription are deleted; occupied units refuse the whole request (409 "Venue
// has X occupied unit(s)."; the seeds give 401, which would tell clients to sign in
// again) unless force, which deletes the empty ones and requests decommissioning of
// the occupied ones.
func (n *Commands) deleteEmptyVenueUnits(ctx context.Context, c *gremlinconsole.Call, force bool) (gremlinconsole.Result, error) {
	now := c.NowMillis()
	res, err := graphdb.All(venueAnchor(c).Out(EdgeVenueUnit).Where(activeSubscriptions(now)).Values(string(schema.KeyUnitIDInternal)))
	if err != nil {
		return nil, err
	}
	occupied := make([]string, 0, len(res))
	for _, r := range res {
		occupied = append(occupied, r.GetString())
	}
	if len(occupied) > 0 && !force {
		return nil, &gremlinconsole.Error{Status: http.StatusConflict, Message: fmt.Sprintf("Venue has %d occupied unit(s).", len(occupied))}
	}
	empty := bumpUnitsVersion(venueAnchor(c)).Out(EdgeVenueUnit).Not(activeSubscriptions(now))
	cnt, err := graphdb.First(venueAnchor(c).Out(EdgeVenueUnit).Not(activeSubscriptions(now)).Count())
	if err != nil {
		return nil, err
	}
	deleted := toInt64(cnt.GetInterface())
	t := empty.SideEffect(dropUnit()).Fold()
	msg := fmt.Sprintf("Deleted %d empty unit(s).", deleted)
	if len(occupied) > 0 {
		msg += fmt.Sprintf(" Venue has %d occupied unit(s): subscription cleanup and gateway decommissioning started; retry deleteEmptyVenueUnits after a few minutes.", len(occupied))
		for _, u := range occupied {
			t = c.WithEvent(t, gremlinconsole.Event{Type: "VenueUnitDecommissionRequested", Key: u, Payload: map[string]any{"VenueID": c.VenueID, "UnitID_internal": u}})
		}
	}
	t = c.WithAudit(t, gremlinconsole.Audit{Target: c.VenueID, Message: msg, Changes: []gremlinconsole.Change{{Field: "deleteEmptyVenueUnits", After: true}}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"message": msg, "UnitsDeleted": deleted, "OccupiedUnits": occupied}, nil
}

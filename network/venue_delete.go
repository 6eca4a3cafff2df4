package network

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
)

func (n *Commands) deleteVenueCommand() *gremlinconsole.Command {
	return &gremlinconsole.Command{
		Name: "Venue.deleteVenuePermanently",
		Summary: "Deletes a venue with its units, claims and attachments (the audit log stays); refused while any unit has an " +
			"active subscription, and unless DataRetentionCompliance is true.",
		Roles:    venueWriters,
		Mutating: true,
		Params: append([]gremlinconsole.Param{venueIDParam(), operatorIDParam(),
			{Name: "DeletionReason", Kind: gremlinconsole.String, Required: true,
				Enum: []string{"BusinessClosure", "ContractTermination", "DataMigration", "RegulatoryCompliance", "SecurityIncident"}},
			{Name: "ConfirmationCode", Kind: gremlinconsole.String, Required: true, Pattern: `^DELETE-VENUE-[A-Z0-9]{4}$`},
			{Name: "DataRetentionCompliance", Kind: gremlinconsole.Boolean, Required: true},
		}, deletionParams()...),
		Scope: venueScope,
		Run:   n.deleteVenuePermanently,
	}
}

func (n *Commands) deleteVenuePermanently(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if !c.Params.Bool("DataRetentionCompliance") {
		return nil, &gremlinconsole.ValidationError{Field: "DataRetentionCompliance", Message: "must be true: confirm the deletion meets your retention obligations"}
	}
	if err := checkDeletionOptions(c); err != nil {
		return nil, err
	}
	now := c.NowMillis()
	r, err := graphdb.First(venueAnchor(c).Out(EdgeVenueUnit).Count())
	if err != nil {
		return nil, err
	}
	units := toInt64(r.GetInterface())
	t := venueAnchor(c).
		SideEffect(__.Out(EdgeVenueUnit).Where(activeSubscriptions(now)).Count().Is(gtZero()).
			Fail(graphdb.FailMessage(http.StatusConflict, "Venue has occupied units; end their subscriptions first."))).
		SideEffect(__.Out(EdgeVenueUnit).SideEffect(dropUnit())).
		SideEffect(dropUnit()). // the venue's own claims, then the venue
		Fold()
	msg := fmt.Sprintf("Venue %s deleted permanently with %d unit(s).", c.VenueID, units)
	t = c.WithAudit(t, gremlinconsole.Audit{Target: c.VenueID, Message: msg, Changes: []gremlinconsole.Change{
		{Field: "DeletionReason", After: c.Params.String("DeletionReason")}, {Field: "VenueID", Before: c.VenueID, After: "(deleted)"}}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "VenueDeleted", Key: c.VenueID, Payload: map[string]any{"VenueID": c.VenueID, "Reason": c.Params.String("DeletionReason")}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	if n.Registry != nil {
		n.Registry.Forget(c.VenueID)
	}
	return gremlinconsole.Result{"message": msg, "success": true, "deletionId": "DEL_" + strings.ToUpper(c.Source.RequestID),
		"venue": map[string]any{"VenueID": c.VenueID}, "deletedData": map[string]any{"Units": units}}, nil
}

func gtZero() gremlingo.Predicate { return gremlingo.P.Gt(0) }

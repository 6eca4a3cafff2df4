package network

import (
	"context"
	"fmt"
	"net/http"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// listKeyPoolsAtVenueUnit returns the WPA2 pools a unit's residents use: the venue's
// local pools that are assigned to no unit, and the pools assigned to this unit
// (keypool_assigned_at_unit). Global pools are left out, as the seeds state ("to focus on
// venue-specific configurations"); listKeypools shows them.
func (n *Commands) listKeyPoolsAtVenueUnit(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	unit := c.Params.String("UnitID_internal")
	unitVID := gremlinconsole.VertexID(string(schema.VertexVenueUnit), unit)
	found, err := graphdb.First(c.G().V(venueVID(c.VenueID)).Out(string(schema.EdgeVenueHasUnit)).HasId(unitVID).Count())
	if err != nil {
		return nil, err
	}
	if cnt, _ := found.GetInt64(); cnt == 0 {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Field: "UnitID_internal",
			Message: fmt.Sprintf("UnitID_internal %s was not found at %s.", unit, c.VenueID)}
	}
	res, err := graphdb.All(keypoolSummary(c.G().Inject(0).Union(
		__.V(venueVID(c.VenueID)).In(EdgeKeypoolAtVenue).Has(string(schema.KeyScope), localScope).Not(__.Out(keypoolAtUnitEdge)),
		__.V(unitVID).In(keypoolAtUnitEdge)).
		Has("AuthenticationMechanism", "WPA2").Dedup()))
	if err != nil {
		return nil, err
	}
	pools := map[string]any{}
	for _, r := range res {
		id, p := renderKeypool(r)
		pools[id] = p
	}
	return gremlinconsole.Result{"message": "", "Keypools": pools, "KeypoolCount": len(pools)}, nil
}

package network

import (
	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// venueAddressTakenMessage is the 409 of a street address another venue of the operator
// holds (addVenue, updateVenueAddress, configureVenue).
const venueAddressTakenMessage = "AddressLine1: another venue of the operator has this address."

// venueAddressClaimID is the graph id of the claim of a venue street address within an
// operator (schema.VenueAddressClaimKey: AddressLine1 and PostalCode as stored). ok is
// false when the address is incomplete (a venue stored without AddressLine1), which
// nothing can share.
func venueAddressClaimID(operatorID, addressLine1, postalCode string) (id string, ok bool) {
	k, err := schema.VenueAddressClaimKey(operatorID, addressLine1, postalCode)
	if err != nil {
		return "", false
	}
	return gremlinconsole.VertexID(LabelValueClaim, k), true
}

// holdVenueAddress appends to t, whose traverser is the venue labelled "venue", the
// claim of the venue's street address as a change leaves it (after), released from the
// address it had (before): the claim of the new address is held by the venue like its
// NAS-Identifier (holdVenueClaim: kept when the venue holds it already, taken when free,
// 409 venueAddressTakenMessage when another venue holds it or takes it concurrently),
// and the claim of the old address, when it differs and the venue holds it, is dropped.
// A venue written before addresses were claimed takes its claim on its next address
// change. Deleting the venue drops the claim with the others it holds. t keeps its
// traverser.
func holdVenueAddress(t *gremlingo.GraphTraversal, c *gremlinconsole.Call, before, after map[string]any) *gremlingo.GraphTraversal {
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	next, hasNext := venueAddressClaimID(c.OperatorID, str(after, "AddressLine1"), str(after, "PostalCode"))
	if old, ok := venueAddressClaimID(c.OperatorID, str(before, "AddressLine1"), str(before, "PostalCode")); ok && (!hasNext || old != next) {
		t = t.SideEffect(__.In(EdgeClaimHeldBy).HasId(old).Drop())
	}
	if hasNext {
		t = holdVenueClaim(t, c.VenueID, next, venueAddressTakenMessage)
	}
	return t
}

package schema

import "strings"

// Index declares that vertices of Label are looked up by the value of Key,
// and whether that value is unique among them. JanusGraph gets a composite
// index per declaration (unique ones with ConsistencyModifier.LOCK; see
// JanusGraphSchemaScript); the embedded engine indexes the same pairs; on
// every backend a unique value is also claimed by a value_claim vertex
// (ValueClaimKey), because Neptune and TinkerGraph have no unique
// constraint other than ids.
//
// Natural ids that are vertex ids (VenueID, UnitID_internal, ServicePlanID,
// KeyPoolID, KeyID, SubscriberToken, EquipmentID_internal, OperatorID) are
// not indexed: commands reach those vertices with V(GraphID(kind, id)).
type Index struct {
	Label, Key string
	Unique     bool
}

// Name returns the index's name, "by_{label}_{key}" with every byte of the
// key outside [A-Za-z0-9_] replaced by '_' (by_subscriber_OperatorEmailAddress,
// by_device_Calling_Station_Id). Names of the declared indexes are distinct.
func (i Index) Name() string {
	key := strings.Map(func(r rune) rune {
		if r < 0x80 && isWordByte(byte(r)) && r != '-' {
			return r
		}
		return '_'
	}, i.Key)
	return "by_" + i.Label + "_" + key
}

func ix(label VertexLabel, key PropertyKey, unique bool) Index {
	return Index{Label: string(label), Key: string(key), Unique: unique}
}

// indexes are the lookups by value the seeds' endpoints need.
var indexes = []Index{
	// Subscribers log in and are found by email, phone (login,
	// validateEmailAddress, resendCodeforTandC) or the partner's id, each
	// unique within their operator; admins look them up by Stripe customer.
	ix(VertexSubscriber, KeyOperatorEmailAddress, true),
	ix(VertexSubscriber, KeyOperatorPhoneNumber, true),
	ix(VertexSubscriber, KeyOperatorExternalSubscriberID, true),
	ix(VertexSubscriber, KeyStripeCustomerID, false),
	// NAS-Identifier is unique within the operator (configureVenue);
	// externalVenueID resolves a venue and takes precedence over VenueID.
	ix(VertexVenue, KeyOperatorNASIdentifier, true),
	ix(VertexVenue, KeyOperatorExternalVenueID, true),
	// externalVenueUnitID is unique within the venue (configureVenueUnit);
	// PMS sync finds units by RealPageUnitID.
	ix(VertexVenueUnit, KeyVenueExternalVenueUnitID, true),
	ix(VertexVenueUnit, KeyRealPageUnitID, false),
	ix(VertexServicePlan, KeyOperatorExternalServicePlan, true),
	ix(VertexSubscription, KeyOperatorExternalSubscription, true),
	// Stripe events (stripepayment: setup_intent.succeeded,
	// payment_intent.succeeded, charge.refunded) name Stripe ids.
	ix(VertexSubscription, KeyStripeSetupIntentID, false),
	ix(VertexPayment, KeyStripePaymentIntentID, false),
	// Administrators sign in by email at /auth/login, across operators.
	ix(VertexAdministrator, KeyEmailAddress, true),
	// Log views (listOperatorLog, listVenueLog, listVenueUnitLog,
	// listSubscriberLog) select entries by operator, venue, unit or subscriber.
	ix(VertexLogEntry, KeyOperatorID, false),
	ix(VertexLogEntry, KeyVenueID, false),
	ix(VertexLogEntry, KeyUnitIDInternal, false),
	ix(VertexLogEntry, KeySubscriberToken, false),
	// Uniqueness claims: the claim's natural id, unique, so that two concurrent
	// claims of one VLAN, passphrase or unique value cannot both commit on
	// JanusGraph (composite unique index with LOCK); elsewhere the vertex id
	// already refuses the second.
	ix(VertexVLANClaim, KeyClaim, true),
	ix(VertexPSKClaim, KeyClaim, true),
	ix(VertexValueClaim, KeyClaim, true),
	// The outbox dispatcher selects undelivered events.
	ix(VertexOutboxEvent, KeyOutboxState, false),
	// listWebhookLog selects deliveries by operator.
	ix(VertexWebhookDelivery, KeyOperatorID, false),
	// Devices and sessions are found by MAC and RADIUS session id.
	ix(VertexDevice, KeyCallingStationID, false),
	ix(VertexSession, KeyAcctSessionID, false),
}

// Indexes returns every index declaration, in a fixed order. The slice is
// a copy the caller may modify.
func Indexes() []Index { return append([]Index(nil), indexes...) }

func declaredIndex(idx Index) bool {
	for _, d := range indexes {
		if d == idx {
			return true
		}
	}
	return false
}

package schema

// VertexLabel is the label of a vertex in wifivault's graph. Labels are
// lower snake case, as the seeds spell venue_unit and the edge names
// (venue_has_unit, serviceplan_offered_at_venue) spell their ends.
type VertexLabel string

// The vertex labels. The seed section that calls for each is named in its
// comment (seed 003 line numbers unless stated).
const (
	// VertexOperator is a network operator (NetworkOperatorID/OperatorID;
	// configureNetworkOperator, line ~12700; addKeypool "links keypool to
	// network operator account", line 8706).
	VertexOperator VertexLabel = "operator"
	// VertexPropertyManagementGroup is a property management group of an
	// operator (listPropertyManagementGroups; PropertyManagementGroupID in
	// seeds 000/001).
	VertexPropertyManagementGroup VertexLabel = "property_management_group"
	// VertexVenue is a venue (addVenue, line 3318; listVenueDetails).
	VertexVenue VertexLabel = "venue"
	// VertexVenueUnit is a unit of a venue; the seeds name the label
	// ("Creates venue_unit vertices in Neptune", addVenueUnits, line 3611).
	VertexVenueUnit VertexLabel = "venue_unit"
	// VertexKeypool is a keypool, one SSID of an operator (addKeypool,
	// line 8663).
	VertexKeypool VertexLabel = "keypool"
	// VertexPSK is one WiFi key of a subscriber (KeyID; listKeys, addKey,
	// resetKey; unit_policy_for_psk, line 6062).
	VertexPSK VertexLabel = "psk"
	// VertexSubscriber is a subscriber (SubscriberToken; subscriber console,
	// addSubscriber).
	VertexSubscriber VertexLabel = "subscriber"
	// VertexSubscription is a subscription of a subscriber to a plan at a
	// unit (shopping cart requestSubscription; webhooks SU1–SU7).
	VertexSubscription VertexLabel = "subscription"
	// VertexServicePlan is a service plan; spelled as in
	// serviceplan_offered_at_venue (configureVenue, line 10796).
	VertexServicePlan VertexLabel = "serviceplan"
	// VertexPayment is a payment or payment/setup intent record
	// (listPayments, `._V3PAYMENT` ids, webhooks SUS2–SUS5).
	VertexPayment VertexLabel = "payment"
	// VertexEquipment is a piece of venue equipment ("Creates equipment
	// vertex", addVenueEquipment, line 11082).
	VertexEquipment VertexLabel = "equipment"
	// VertexAdministrator is a console administrator (VenueAdministrators,
	// LeasingAgents, operator roles; staff access endpoints).
	VertexAdministrator VertexLabel = "administrator"
	// VertexLogEntry is an audit log entry ("Neptune log vertex",
	// addVenueUnits line 3651; "Log vertex", line 6113).
	VertexLogEntry VertexLabel = "log"
	// VertexOutboxEvent is an event recorded by a command in the same
	// traversal as its change, for the dispatchers to deliver (architecture:
	// "Outbox, not fire-and-forget").
	VertexOutboxEvent VertexLabel = "outbox_event"
	// VertexMessage is a message from a venue to subscribers (sendMessage,
	// listMessages, acknowledgeMessageFromVenue).
	VertexMessage VertexLabel = "message"
	// VertexWebhookDelivery is one webhook delivery record (listWebhookLog;
	// seed 002 envelope with webhookresponse).
	VertexWebhookDelivery VertexLabel = "webhook_delivery"
	// VertexSession is a RADIUS accounting session of a device on a key
	// (listKeySessions, listDeviceSessions, listSubscriberKeySessions).
	VertexSession VertexLabel = "session"
	// VertexUnitDailyUsage is one unit's accounting totals for one UTC day
	// (listVenueUnitUsageData, listVenueUsageData); its id is
	// UnitDailyUsageKey.
	VertexUnitDailyUsage VertexLabel = "unit_daily_usage"
	// VertexDevice is a subscriber device by MAC (Calling-Station-Id;
	// updateDeviceName, listDeviceSessions).
	VertexDevice VertexLabel = "device"
	// VertexVLANClaim claims one VLAN of one venue for one unit; its id is
	// VLANClaimKey (addVenueUnits: no two units of a venue share a VLAN).
	VertexVLANClaim VertexLabel = "vlan_claim"
	// VertexPSKClaim claims one passphrase (by blind index) within one
	// keypool; its id is PSKClaimKey.
	VertexPSKClaim VertexLabel = "psk_claim"
	// VertexValueClaim claims one value of a unique Index (email within an
	// operator, NAS-Identifier within an operator, ...; its id is
	// ValueClaimKey) or one RADIUS gateway source address for one venue (its
	// id is GatewayAddressClaimKey).
	VertexValueClaim VertexLabel = "value_claim"
	// VertexDisplayOption is a display option set (DisplayOptionID;
	// listDisplayOptions, `._V3DISPLAY_.` ids in seed 001).
	VertexDisplayOption VertexLabel = "display_option"
	// VertexScratchCardBatch is a scratch card batch (ScratchCard_BatchID;
	// addScratchCards, line ~12040).
	VertexScratchCardBatch VertexLabel = "scratchcard_batch"
	// VertexRuckusR1Controller is a Ruckus R1 controller ("controller
	// vertex", configureRuckusR1Controller, line 14925).
	VertexRuckusR1Controller VertexLabel = "ruckus_r1_controller"
	// VertexPMSProfile is a PMS (RealPage/Entrata) profile
	// (`._V3PMSPROFILE_.` ids, addPMSProfile, line 15190).
	VertexPMSProfile VertexLabel = "pms_profile"
	// VertexTicket is a support ticket (addTicket, getTickets).
	VertexTicket VertexLabel = "ticket"
	// VertexWhitelistEntry is a calling-station or NAS whitelist entry
	// (addCallingStationWhitelist, addNASWhitelist; whitelistEntryId).
	VertexWhitelistEntry VertexLabel = "whitelist_entry"
)

// vertexLabels lists every label in declaration order.
var vertexLabels = []VertexLabel{
	VertexOperator, VertexPropertyManagementGroup, VertexVenue, VertexVenueUnit,
	VertexKeypool, VertexPSK, VertexSubscriber, VertexSubscription,
	VertexServicePlan, VertexPayment, VertexEquipment, VertexAdministrator,
	VertexLogEntry, VertexOutboxEvent, VertexMessage, VertexWebhookDelivery,
	VertexSession, VertexUnitDailyUsage, VertexDevice, VertexVLANClaim, VertexPSKClaim,
	VertexValueClaim, VertexDisplayOption, VertexScratchCardBatch,
	VertexRuckusR1Controller, VertexPMSProfile, VertexTicket,
	VertexWhitelistEntry,
}

// VertexLabels returns every vertex label of the schema, in a fixed order.
// The slice is a copy the caller may modify.
func VertexLabels() []VertexLabel {
	return append([]VertexLabel(nil), vertexLabels...)
}

// Valid reports whether l is one of the schema's vertex labels.
func (l VertexLabel) Valid() bool {
	for _, known := range vertexLabels {
		if l == known {
			return true
		}
	}
	return false
}

package schema

// EdgeLabel is the label of an edge. The seeds name three
// (venue_has_unit, unit_policy_for_psk, serviceplan_offered_at_venue); the
// others follow their pattern {from}_{verb}_{preposition}_{to} so that a
// label says which way it points.
type EdgeLabel string

// Multiplicity is how many edges of one label a vertex may have, in
// JanusGraph's terms (the embedded engine and Neptune do not enforce it;
// commands keep to it).
type Multiplicity string

// The multiplicities, named as JanusGraph's Multiplicity enum names them.
const (
	// Multi allows any number of edges, even several between one pair.
	Multi Multiplicity = "MULTI"
	// Simple allows at most one edge of the label between any pair.
	Simple Multiplicity = "SIMPLE"
	// Many2One allows at most one outgoing edge per vertex.
	Many2One Multiplicity = "MANY2ONE"
	// One2Many allows at most one incoming edge per vertex.
	One2Many Multiplicity = "ONE2MANY"
	// One2One allows at most one outgoing and one incoming edge per vertex.
	One2One Multiplicity = "ONE2ONE"
)

// The edge labels.
const (
	// EdgeVenueHasUnit links a venue to each of its units (seed 003
	// addVenueUnits, lines 3650 and 3736). A unit has exactly one venue.
	EdgeVenueHasUnit EdgeLabel = "venue_has_unit"
	// EdgeUnitPolicyForPSK links a unit to a PSK that is valid there; the
	// edge carries the policy (StartDateTimeUTC, EndDateTimeUTC,
	// ConfirmedEndDate, vlan, ServicePlanID). Seed 003 line 6062.
	EdgeUnitPolicyForPSK EdgeLabel = "unit_policy_for_psk"
	// EdgeServicePlanOfferedAtVenue links a plan to each venue it is
	// enabled at (seed 003 line 10796: venue <-[serviceplan_offered_at_venue]- serviceplan).
	EdgeServicePlanOfferedAtVenue EdgeLabel = "serviceplan_offered_at_venue"
	// EdgeOperatorHasVenue links an operator to its venues.
	EdgeOperatorHasVenue EdgeLabel = "operator_has_venue"
	// EdgeOperatorHasServicePlan links an operator to the plans it owns.
	EdgeOperatorHasServicePlan EdgeLabel = "operator_has_serviceplan"
	// EdgeOperatorHasKeypool links an operator to its keypools.
	EdgeOperatorHasKeypool EdgeLabel = "operator_has_keypool"
	// EdgeOperatorHasPropertyManagementGroup links an operator to its
	// property management groups.
	EdgeOperatorHasPropertyManagementGroup EdgeLabel = "operator_has_property_management_group"
	// EdgePropertyManagementGroupHasVenue links a group to the venues it manages.
	EdgePropertyManagementGroupHasVenue EdgeLabel = "property_management_group_has_venue"
	// EdgeOperatorHasDisplayOption links an operator to its display options.
	EdgeOperatorHasDisplayOption EdgeLabel = "operator_has_display_option"
	// EdgeOperatorHasRuckusR1Controller links an operator to its controllers.
	EdgeOperatorHasRuckusR1Controller EdgeLabel = "operator_has_ruckus_r1_controller"
	// EdgeOperatorHasPMSProfile links an operator to its PMS profiles.
	EdgeOperatorHasPMSProfile EdgeLabel = "operator_has_pms_profile"
	// EdgeOperatorHasSubscriber links an operator to its subscribers.
	EdgeOperatorHasSubscriber EdgeLabel = "operator_has_subscriber"
	// EdgeKeypoolAttachedAtVenue links a keypool to each venue it is
	// broadcast at (addKeypool: "Attached keypool to 25 venues").
	EdgeKeypoolAttachedAtVenue EdgeLabel = "keypool_attached_at_venue"
	// EdgeKeypoolAssignedAtUnit links a unit-specific keypool to a unit
	// (listKeyPoolsatVenueUnit: "unit-specific pools (explicitly assigned)").
	EdgeKeypoolAssignedAtUnit EdgeLabel = "keypool_assigned_at_unit"
	// EdgeKeypoolHasPSK links a keypool to the PSKs stored in it.
	EdgeKeypoolHasPSK EdgeLabel = "keypool_has_psk"
	// EdgeKeypoolHasScratchCardBatch links a keypool to its scratch card batches.
	EdgeKeypoolHasScratchCardBatch EdgeLabel = "keypool_has_scratchcard_batch"
	// EdgeSubscriberHasPSK links a subscriber to each of their keys.
	EdgeSubscriberHasPSK EdgeLabel = "subscriber_has_psk"
	// EdgeSubscriberHasSubscription links a subscriber to their subscriptions.
	EdgeSubscriberHasSubscription EdgeLabel = "subscriber_has_subscription"
	// EdgeSubscriptionForUnit links a subscription to the unit it serves.
	EdgeSubscriptionForUnit EdgeLabel = "subscription_for_unit"
	// EdgeSubscriptionForServicePlan links a subscription to its current plan.
	EdgeSubscriptionForServicePlan EdgeLabel = "subscription_for_serviceplan"
	// EdgeSubscriptionHasPayment links a subscription to its payments.
	EdgeSubscriptionHasPayment EdgeLabel = "subscription_has_payment"
	// EdgeVenueHasEquipment links a venue to its equipment.
	EdgeVenueHasEquipment EdgeLabel = "venue_has_equipment"
	// EdgeVenueUsesDisplayOption links a venue to the display option it uses.
	EdgeVenueUsesDisplayOption EdgeLabel = "venue_uses_display_option"
	// EdgeVenueUsesRuckusR1Controller links a venue to its R1 controller.
	EdgeVenueUsesRuckusR1Controller EdgeLabel = "venue_uses_ruckus_r1_controller"
	// EdgeVenueUsesPMSProfile links a venue to its PMS profile.
	EdgeVenueUsesPMSProfile EdgeLabel = "venue_uses_pms_profile"
	// EdgeUnitHasPrimaryUnit links a unit to its primary unit
	// (PrimaryUnitID_internal).
	EdgeUnitHasPrimaryUnit EdgeLabel = "unit_has_primary_unit"
	// EdgeAdministratorStaffOfOperator grants an administrator an operator
	// role; the edge carries Role.
	EdgeAdministratorStaffOfOperator EdgeLabel = "administrator_staff_of_operator"
	// EdgeAdministratorStaffAtVenue grants an administrator a venue role
	// (VenueAdministrator, LeasingAgent); the edge carries Role.
	EdgeAdministratorStaffAtVenue EdgeLabel = "administrator_staff_at_venue"
	// EdgeMessageFromVenue links a message to the venue that sent it.
	EdgeMessageFromVenue EdgeLabel = "message_from_venue"
	// EdgeMessageToSubscriber links a message to each subscriber it was sent to.
	EdgeMessageToSubscriber EdgeLabel = "message_to_subscriber"
	// EdgeSubscriberHasDevice links a subscriber to a device they use.
	EdgeSubscriberHasDevice EdgeLabel = "subscriber_has_device"
	// EdgeSessionOfPSK links an accounting session to the key it used.
	EdgeSessionOfPSK EdgeLabel = "session_of_psk"
	// EdgeSessionAtUnit links an accounting session to the unit its key serves.
	EdgeSessionAtUnit EdgeLabel = "session_at_unit"
	// EdgeDailyUsageOfUnit links a unit_daily_usage record to its unit.
	EdgeDailyUsageOfUnit EdgeLabel = "daily_usage_of_unit"
	// EdgeTicketFromSubscriber links a support ticket to its subscriber.
	EdgeTicketFromSubscriber EdgeLabel = "ticket_from_subscriber"
	// EdgeTicketAtVenue links a support ticket to its venue.
	EdgeTicketAtVenue EdgeLabel = "ticket_at_venue"
	// EdgeSubscriberHasWhitelistEntry links a subscriber to a whitelist entry.
	EdgeSubscriberHasWhitelistEntry EdgeLabel = "subscriber_has_whitelist_entry"
	// EdgeClaimHeldBy links a claim vertex (vlan_claim, psk_claim,
	// value_claim) to the vertex that holds the claimed value, so the claim
	// is found and dropped with its holder.
	EdgeClaimHeldBy EdgeLabel = "claim_held_by"
)

// EdgeDef declares an edge label: the labels it leaves and enters and its
// multiplicity.
type EdgeDef struct {
	Label        EdgeLabel
	From         []VertexLabel // labels of the out-vertex
	To           []VertexLabel // labels of the in-vertex
	Multiplicity Multiplicity
}

var edgeDefs = []EdgeDef{
	{EdgeVenueHasUnit, vl(VertexVenue), vl(VertexVenueUnit), One2Many},
	{EdgeUnitPolicyForPSK, vl(VertexVenueUnit), vl(VertexPSK), Multi},
	{EdgeServicePlanOfferedAtVenue, vl(VertexServicePlan), vl(VertexVenue), Simple},
	{EdgeOperatorHasVenue, vl(VertexOperator), vl(VertexVenue), One2Many},
	{EdgeOperatorHasServicePlan, vl(VertexOperator), vl(VertexServicePlan), One2Many},
	{EdgeOperatorHasKeypool, vl(VertexOperator), vl(VertexKeypool), One2Many},
	{EdgeOperatorHasPropertyManagementGroup, vl(VertexOperator), vl(VertexPropertyManagementGroup), One2Many},
	{EdgePropertyManagementGroupHasVenue, vl(VertexPropertyManagementGroup), vl(VertexVenue), One2Many},
	{EdgeOperatorHasDisplayOption, vl(VertexOperator), vl(VertexDisplayOption), One2Many},
	{EdgeOperatorHasRuckusR1Controller, vl(VertexOperator), vl(VertexRuckusR1Controller), One2Many},
	{EdgeOperatorHasPMSProfile, vl(VertexOperator), vl(VertexPMSProfile), One2Many},
	{EdgeOperatorHasSubscriber, vl(VertexOperator), vl(VertexSubscriber), One2Many},
	{EdgeKeypoolAttachedAtVenue, vl(VertexKeypool), vl(VertexVenue), Simple},
	{EdgeKeypoolAssignedAtUnit, vl(VertexKeypool), vl(VertexVenueUnit), Simple},
	{EdgeKeypoolHasPSK, vl(VertexKeypool), vl(VertexPSK), One2Many},
	{EdgeKeypoolHasScratchCardBatch, vl(VertexKeypool), vl(VertexScratchCardBatch), One2Many},
	{EdgeSubscriberHasPSK, vl(VertexSubscriber), vl(VertexPSK), One2Many},
	{EdgeSubscriberHasSubscription, vl(VertexSubscriber), vl(VertexSubscription), One2Many},
	{EdgeSubscriptionForUnit, vl(VertexSubscription), vl(VertexVenueUnit), Many2One},
	{EdgeSubscriptionForServicePlan, vl(VertexSubscription), vl(VertexServicePlan), Many2One},
	{EdgeSubscriptionHasPayment, vl(VertexSubscription), vl(VertexPayment), One2Many},
	{EdgeVenueHasEquipment, vl(VertexVenue), vl(VertexEquipment), One2Many},
	{EdgeVenueUsesDisplayOption, vl(VertexVenue), vl(VertexDisplayOption), Many2One},
	{EdgeVenueUsesRuckusR1Controller, vl(VertexVenue), vl(VertexRuckusR1Controller), Many2One},
	{EdgeVenueUsesPMSProfile, vl(VertexVenue), vl(VertexPMSProfile), Many2One},
	{EdgeUnitHasPrimaryUnit, vl(VertexVenueUnit), vl(VertexVenueUnit), Many2One},
	{EdgeAdministratorStaffOfOperator, vl(VertexAdministrator), vl(VertexOperator), Simple},
	{EdgeAdministratorStaffAtVenue, vl(VertexAdministrator), vl(VertexVenue), Simple},
	{EdgeMessageFromVenue, vl(VertexMessage), vl(VertexVenue), Many2One},
	{EdgeMessageToSubscriber, vl(VertexMessage), vl(VertexSubscriber), Simple},
	{EdgeSubscriberHasDevice, vl(VertexSubscriber), vl(VertexDevice), Simple},
	{EdgeSessionOfPSK, vl(VertexSession), vl(VertexPSK), Many2One},
	{EdgeSessionAtUnit, vl(VertexSession), vl(VertexVenueUnit), Many2One},
	{EdgeDailyUsageOfUnit, vl(VertexUnitDailyUsage), vl(VertexVenueUnit), Many2One},
	{EdgeTicketFromSubscriber, vl(VertexTicket), vl(VertexSubscriber), Many2One},
	{EdgeTicketAtVenue, vl(VertexTicket), vl(VertexVenue), Many2One},
	{EdgeSubscriberHasWhitelistEntry, vl(VertexSubscriber), vl(VertexWhitelistEntry), One2Many},
	{EdgeClaimHeldBy, vl(VertexVLANClaim, VertexPSKClaim, VertexValueClaim),
		vl(VertexVenueUnit, VertexPSK, VertexSubscriber, VertexVenue, VertexServicePlan, VertexSubscription, VertexAdministrator), Many2One},
}

func vl(labels ...VertexLabel) []VertexLabel { return labels }

// EdgeDefs returns the declaration of every edge label, in a fixed order.
// The result is a deep copy the caller may modify.
func EdgeDefs() []EdgeDef {
	out := make([]EdgeDef, len(edgeDefs))
	for i, d := range edgeDefs {
		d.From = append([]VertexLabel(nil), d.From...)
		d.To = append([]VertexLabel(nil), d.To...)
		out[i] = d
	}
	return out
}

// Valid reports whether e is one of the schema's edge labels.
func (e EdgeLabel) Valid() bool {
	for _, d := range edgeDefs {
		if d.Label == e {
			return true
		}
	}
	return false
}

package network

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// Vertex and edge labels and keys of venues.
const (
	LabelVenue          = string(schema.VertexVenue)
	LabelVenueUnit      = string(schema.VertexVenueUnit)
	LabelVLANClaim      = string(schema.VertexVLANClaim)
	LabelValueClaim     = string(schema.VertexValueClaim)
	LabelKeypool        = string(schema.VertexKeypool)
	LabelServicePlan    = string(schema.VertexServicePlan)
	EdgeOperatorVenue   = string(schema.EdgeOperatorHasVenue)
	EdgeVenueUnit       = string(schema.EdgeVenueHasUnit)
	EdgeClaimHeldBy     = string(schema.EdgeClaimHeldBy)
	EdgeKeypoolAtVenue  = string(schema.EdgeKeypoolAttachedAtVenue)
	EdgePlanAtVenue     = string(schema.EdgeServicePlanOfferedAtVenue)
	EdgeSubscriptionFor = string(schema.EdgeSubscriptionForUnit)
	KeyVenueName        = string(schema.KeyVenueName)
	KeyNASIdentifier    = string(schema.KeyNASIdentifier)
	KeyOperatorNAS      = string(schema.KeyOperatorNASIdentifier)
	KeyEnableCart       = string(schema.KeyEnableShoppingCart)
	KeyCountry          = string(schema.KeyCountry)
	KeyDateUpdated      = "dateUpdatedUTC"
)

// Roles on venues. Venue roles reach only the venues listed in their account.
var (
	venueReaders = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator,
		auth.RoleSIEMAdministrator, auth.RoleAccountManager, auth.RoleCustomerSupport,
		auth.RoleVenueAdministrator, auth.RoleLeasingAgent}
	venueWriters = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator}
	// venueConfigurers may run configureVenue (seed 003 configureVenue: Domain
	// Administrator, Account Manager, Customer Support, Venue Administrator).
	venueConfigurers = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator,
		auth.RoleAccountManager, auth.RoleCustomerSupport, auth.RoleVenueAdministrator}
)

// Default auto-generated VLAN range of every purpose (seed 003 listVenueDetails:
// "default 1050–4095").
const (
	DefaultMinAutoVLAN = 1050
	DefaultMaxAutoVLAN = 4095
)

// venueScope is the scope of every command that names a venue.
var venueScope = gremlinconsole.ScopeParams{Operator: "OperatorID", Venue: "VenueID"}

// venueIDParam is the VenueID parameter of the venue commands.
func venueIDParam() gremlinconsole.Param {
	return gremlinconsole.Param{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MinLen: schema.MinVenueIDLen,
		MaxLen: schema.MaxVenueIDLen, Pattern: `^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`}
}

func operatorIDParam() gremlinconsole.Param {
	return gremlinconsole.Param{Name: "OperatorID", Kind: gremlinconsole.String, Pattern: operatorIDPattern,
		Doc: "required for a Network Software Provider; defaults to the caller's operator"}
}

// venueGroup is the venue commands and their endpoints in the operator and venue consoles.
func venueGroup(n *Commands) ([]*gremlinconsole.Command, []Route) {
	return n.venueCommands(), []Route{
		{"/networkoperatorconsole/venues/addVenue", "Venue.addVenue"},
		{"/networkoperatorconsole/venues/listVenues", "Venue.listVenues"},
		{"/venuemgmtconsole/venues/listVenues", "Venue.listVenues"},
		{"/networkoperatorconsole/venues/listVenueDetails", "Venue.listVenueDetails"},
		{"/venuemgmtconsole/venues/listVenueDetails", "Venue.listVenueDetails"},
		{"/networkoperatorconsole/venues/configureVenue", "Venue.configureVenue"},
		{"/venuemgmtconsole/venues/configureVenue", "Venue.configureVenue"},
		{"/networkoperatorconsole/venues/updateVenueAddress", "Venue.updateVenueAddress"},
		{"/venuemgmtconsole/venues/listVenueBuildings", "Venue.listVenueBuildings"},
		{"/networkoperatorconsole/venues/listVenueLog", "Venue.listVenueLog"},
		{"/venuemgmtconsole/venues/listVenueLog", "Venue.listVenueLog"},
		{"/networkoperatorconsole/admin/deleteVenuePermanently", "Venue.deleteVenuePermanently"},
	}
}

func (n *Commands) venueCommands() []*gremlinconsole.Command {
	str := func(name string, max int, required bool) gremlinconsole.Param {
		return gremlinconsole.Param{Name: name, Kind: gremlinconsole.String, MaxLen: max, Required: required, MinLen: btoi(required)}
	}
	return []*gremlinconsole.Command{
		{
			Name:     "Venue.addVenue",
			Summary:  "Creates a venue of the operator with a validated address; every global keypool of the operator is attached to it.",
			Roles:    venueWriters,
			Mutating: true,
			Params: []gremlinconsole.Param{
				operatorIDParam(),
				str("VenueName", 40, true), str("AddressLine1", 40, true), str("AddressLine2", 40, false),
				str("AddressLine3", 40, false), str("City", 40, true), str("State", 40, true),
				{Name: "Country", Kind: gremlinconsole.String, MaxLen: 3, Doc: "ISO 3166 alpha-3; Country or Country.ISO3166A3 is required"},
				{Name: "Country.ISO3166A3", Kind: gremlinconsole.String, MaxLen: 3, Doc: "alternative spelling of Country"},
				str("PostalCode", 10, true),
			},
			Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
			Run:   n.addVenue,
		},
		{
			Name: "Venue.listVenues",
			Summary: "Lists the venues the caller reaches with their unit counts; without a token (or for a subscriber) " +
				"only the venues whose shopping cart is enabled, with their public fields.",
			Roles:  venueReaders,
			Public: true,
			Params: []gremlinconsole.Param{operatorIDParam(),
				{Name: "VenueID", Kind: gremlinconsole.String, MaxLen: schema.MaxVenueIDLen, Doc: "context only (seed 003); the list is not filtered by it"}},
			Run: n.listVenues,
		},
		{
			Name:    "Venue.listVenueDetails",
			Summary: "Returns a venue's profile, network configuration, integrations (secrets masked), plans, keypools, staff and unit count.",
			Roles:   venueReaders,
			Params:  []gremlinconsole.Param{venueIDParam(), operatorIDParam()},
			Scope:   venueScope,
			Run:     n.listVenueDetails,
		},
		n.configureVenueCommand(),
		{
			Name:     "Venue.updateVenueAddress",
			Summary:  "Changes a venue's name, street address, postal code or external id; the address must be unique within the operator.",
			Roles:    venueWriters,
			Mutating: true,
			Params: []gremlinconsole.Param{venueIDParam(), operatorIDParam(),
				str("VenueName", 40, false), str("AddressLine1", 40, false), str("AddressLine2", 40, false),
				str("City", 40, false), str("PostalCode", 10, false), str("externalVenueID", 64, false)},
			Scope: venueScope,
			Run:   n.updateVenueAddress,
		},
		{
			Name:    "Venue.listVenueBuildings",
			Summary: "Returns the distinct UnitBuilding values of a venue's units, sorted.",
			Roles:   venueReaders,
			Params:  []gremlinconsole.Param{venueIDParam(), operatorIDParam()},
			Scope:   venueScope,
			Run:     n.listVenueBuildings,
		},
		n.listVenueLogCommand(),
		n.deleteVenueCommand(),
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// asValidation turns a schema id or key rule violation into a 400 naming its field.
func asValidation(err error) error {
	var fe *schema.FieldError
	if errors.As(err, &fe) {
		return &gremlinconsole.ValidationError{Field: fe.Field, Message: fe.Reason}
	}
	return err
}

// requireOperator reports the missing OperatorID of a Network Software Provider.
func requireOperator(c *gremlinconsole.Call) error {
	if c.OperatorID == "" {
		return &gremlinconsole.ValidationError{Field: "OperatorID", Message: "is required for a Network Software Provider"}
	}
	return nil
}

// venueVID is the graph id of a venue.
func venueVID(venueID string) string { return gremlinconsole.VertexID(LabelVenue, venueID) }

// claimIndex returns the declared unique index of label/key.
func claimIndex(label schema.VertexLabel, key schema.PropertyKey) schema.Index {
	for _, ix := range schema.Indexes() {
		if ix.Label == string(label) && ix.Key == string(key) {
			return ix
		}
	}
	panic("network: no index " + string(label) + "." + string(key))
}

// nasClaimID is the graph id of the claim of a NAS-Identifier within an operator.
func nasClaimID(operatorID, nas string) (string, error) {
	v, _ := schema.CompositeKey(operatorID, nas)
	k, err := schema.ValueClaimKey(claimIndex(schema.VertexVenue, schema.KeyOperatorNASIdentifier), v)
	if err != nil {
		return "", err
	}
	return gremlinconsole.VertexID(LabelValueClaim, k), nil
}

// externalVenueClaimID is the graph id of the claim of an externalVenueID within an operator.
func externalVenueClaimID(operatorID, ext string) (string, error) {
	v, _ := schema.CompositeKey(operatorID, ext)
	k, err := schema.ValueClaimKey(claimIndex(schema.VertexVenue, schema.KeyOperatorExternalVenueID), v)
	if err != nil {
		return "", err
	}
	return gremlinconsole.VertexID(LabelValueClaim, k), nil
}

// holdVenueClaim appends to t, whose traverser is the venue labelled "venue", the value
// claim claimID held by that venue, as addVenue holds its NAS-Identifier: the claim vertex
// is added with a claim_held_by edge to the venue, so releasing it is dropping it and
// deleting the venue (dropUnit) drops it too. A claim the venue already holds is kept; a
// claim held by anything else (or by nothing) fails the traversal with 409 and message,
// as does, through the claim's unique id, a concurrent request adding the same claim.
// t keeps its traverser.
func holdVenueClaim(t *gremlingo.GraphTraversal, venueID, claimID, message string) *gremlingo.GraphTraversal {
	return t.SideEffect(__.Coalesce(
		__.V(claimID).Where(__.Out(EdgeClaimHeldBy).HasId(venueVID(venueID))),
		__.V(claimID).Fail(graphdb.FailMessage(http.StatusConflict, message)),
		graphdb.Claim(LabelValueClaim, claimID).AddE(EdgeClaimHeldBy).To("venue")))
}

// errVenueIDTaken marks the fail() of addVenue when the generated id (or its NAS) exists.
const venueIDTakenMessage = "VenueID exists."

func (n *Commands) addVenue(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := requireOperator(c); err != nil {
		return nil, err
	}
	country := c.Params.String("Country")
	if country == "" {
		country = c.Params.String("Country.ISO3166A3")
	}
	if country == "" {
		return nil, &gremlinconsole.ValidationError{Field: "Country", Message: "is required"}
	}
	addr, err := validateAddress(Address{
		AddressLine1: c.Params.String("AddressLine1"), AddressLine2: c.Params.String("AddressLine2"),
		City: c.Params.String("City"), State: c.Params.String("State"), PostalCode: c.Params.String("PostalCode"), Country: country,
	}, "Country")
	if err != nil {
		return nil, err
	}
	name := sanitizeText(c.Params.String("VenueName"))
	if name == "" {
		return nil, &gremlinconsole.ValidationError{Field: "VenueName", Message: "must not be empty"}
	}
	parts := schema.VenueIDParts{OperatorID: c.OperatorID, VenueName: name, Country: addr.Country, State: addr.State,
		PostalCode: addr.PostalCode, City: addr.City}
	for ordinal := 0; ordinal <= schema.MaxVenueIDOrdinal; ordinal++ {
		venueID, err := schema.NewVenueID(parts, ordinal)
		if err != nil {
			return nil, asValidation(err)
		}
		nas, _ := parts.LocationTuple(ordinal)
		res, err := n.insertVenueRetrying(c, venueID, nas, name, addr)
		var ce *graphdb.CommandError
		if errors.As(err, &ce) && ce.Message == venueIDTakenMessage {
			continue
		}
		return res, err
	}
	return nil, &gremlinconsole.Error{Status: http.StatusConflict, Message: "Too many venues with this name at this address."}
}

// insertVenueRetrying runs insertVenue again after a random pause when it lost a race
// (graphdb.IsConflict: a concurrent addVenue took the same VenueID, NAS-Identifier or
// street address claim first, or held its lock), at most maxVenueWriteAttempts times: the
// attempt after the winner's commit sees the winner's claim and answers its error (the
// VenueID taken, or 409 naming AddressLine1).
func (n *Commands) insertVenueRetrying(c *gremlinconsole.Call, venueID, nas, name string, addr Address) (gremlinconsole.Result, error) {
	for attempt := 1; ; attempt++ {
		res, err := n.insertVenue(c, venueID, nas, name, addr)
		if err == nil || attempt == maxVenueWriteAttempts || !graphdb.IsConflict(err) {
			return res, err
		}
		time.Sleep(time.Duration(1+rand.IntN(5<<min(attempt, 4))) * time.Millisecond)
	}
}

// insertVenue writes the venue, its operator edge, its NAS and street address claims,
// the global keypool attachments, the audit entry and the VenueAdded event in one
// traversal. A street address another venue of the operator holds fails it with 409
// venueAddressTakenMessage.
func (n *Commands) insertVenue(c *gremlinconsole.Call, venueID, nas, name string, addr Address) (gremlinconsole.Result, error) {
	nasClaim, err := nasClaimID(c.OperatorID, nas)
	if err != nil {
		return nil, err
	}
	vid := venueVID(venueID)
	now := c.NowMillis()
	c.VenueID = venueID
	opNAS, _ := schema.CompositeKey(c.OperatorID, nas)
	props := map[string]any{
		gremlinconsole.KeyVenueID: venueID, gremlinconsole.KeyOperatorID: c.OperatorID, KeyVenueName: name,
		"AddressLine1": addr.AddressLine1, "AddressLine2": addr.AddressLine2, "AddressLine3": sanitizeText(c.Params.String("AddressLine3")),
		"City": addr.City, "State": addr.State, "PostalCode": addr.PostalCode, KeyCountry: addr.Country,
		KeyNASIdentifier: nas, KeyOperatorNAS: opNAS, KeyEnableCart: false,
		gremlinconsole.KeyDateAdded: now, KeyDateUpdated: now,
	}
	t := c.G().Inject(0).
		Coalesce(__.V(vid).Fail(graphdb.FailMessage(http.StatusConflict, venueIDTakenMessage)), __.Constant(0)).
		Coalesce(__.V(nasClaim).Fail(graphdb.FailMessage(http.StatusConflict, venueIDTakenMessage)), __.Constant(0)).
		Coalesce(__.V(gremlinconsole.VertexID(LabelOperator, c.OperatorID)).HasLabel(LabelOperator),
			__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("OperatorID %s was not found.", c.OperatorID)))).As("op")
	t = setProps(t.AddV(LabelVenue).Property(gremlingo.T.Id, vid), props).As("venue").
		AddE(EdgeOperatorVenue).From("op").To("venue").
		Select("venue").
		SideEffect(graphdb.Claim(LabelValueClaim, nasClaim).AddE(EdgeClaimHeldBy).To("venue"))
	if addrClaim, ok := venueAddressClaimID(c.OperatorID, addr.AddressLine1, addr.PostalCode); ok {
		t = holdVenueClaim(t, venueID, addrClaim, venueAddressTakenMessage)
	}
	t = t.
		SideEffect(__.V().HasLabel(LabelKeypool).Has(gremlinconsole.KeyOperatorID, c.OperatorID).Has(string(schema.KeyScope), schema.GlobalKeyPoolScope).
			AddE(EdgeKeypoolAtVenue).To("venue")).
		Fold()
	t = c.WithAudit(t, gremlinconsole.Audit{Target: venueID, Message: "Venue " + venueID + " added.", Changes: []gremlinconsole.Change{
		{Field: "VenueName", After: name}, {Field: "AddressLine1", After: addr.AddressLine1}, {Field: "City", After: addr.City},
		{Field: "State", After: addr.State}, {Field: "PostalCode", After: addr.PostalCode}, {Field: "Country.ISO3166A3", After: addr.Country}}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "VenueAdded", Key: venueID, Payload: map[string]any{
		"VenueID": venueID, "VenueName": name, "AddressLine1": addr.AddressLine1, "AddressLine2": addr.AddressLine2,
		"City": addr.City, "State": addr.State, "PostalCode": addr.PostalCode, "Country.ISO3166A3": addr.Country,
	}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{
		"message": "Venue created successfully", "VenueID": venueID,
		"Address": map[string]any{"AddressLine1": addr.AddressLine1, "AddressLine2": addr.AddressLine2, "City": addr.City,
			"State": addr.State, "PostalCode": addr.PostalCode, "Country.ISO3166A3": addr.Country},
		"NetworkConfiguration": defaultNetworkConfiguration(nas),
	}, nil
}

// defaultNetworkConfiguration is the network configuration of a new venue.
func defaultNetworkConfiguration(nas string) map[string]any {
	out := map[string]any{KeyNASIdentifier: nas}
	for _, r := range vlanRanges {
		out[r.minKey] = int64(DefaultMinAutoVLAN)
		out[r.maxKey] = int64(DefaultMaxAutoVLAN)
	}
	return out
}

// setProps appends single-cardinality properties in key order (empty strings skipped).
func setProps(t *gremlingo.GraphTraversal, props map[string]any) *gremlingo.GraphTraversal {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if s, ok := props[k].(string); ok && s == "" {
			continue
		}
		t = t.Property(gremlingo.Cardinality.Single, k, props[k])
	}
	return t
}

// venuePublicKeys are the venue fields anyone may see in a shopping-cart listing.
var venuePublicKeys = []string{gremlinconsole.KeyVenueID, KeyVenueName, "AddressLine1", "AddressLine2", "City", "State",
	"PostalCode", KeyCountry, KeyEnableCart, string(schema.KeyFCCLabelDisplayLabel), string(schema.KeyFCCLabelTypicalLatency)}

// venueListKeys are the venue fields of listVenues for administrators.
var venueListKeys = append(append([]string{}, venuePublicKeys...), gremlinconsole.KeyOperatorID, KeyNASIdentifier,
	string(schema.KeyExternalVenueID), gremlinconsole.KeyDateAdded, "PrimaryContactGivenName", "PrimaryContactFamilyName",
	"PrimaryContactEmailAddress", "PrimaryContactPhoneNumber.E164", "SupportEmailAddress", "SupportPhoneNumber.E164")

// listVenues: see the command's Summary. A Network Software Provider without OperatorID
// sees every operator's venues.
func (n *Commands) listVenues(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	p := c.Principal
	public := p == nil || p.Role == auth.RoleSubscriber
	g := c.G()
	var t *gremlingo.GraphTraversal
	switch {
	case public:
		t = g.V().HasLabel(LabelVenue).Has(KeyEnableCart, true)
	case p.Role.Scope() == auth.ScopeVenues:
		ids := make([]any, len(p.VenueIDs))
		for i, v := range p.VenueIDs {
			ids[i] = venueVID(v)
		}
		t = g.V(ids...).HasLabel(LabelVenue).Has(gremlinconsole.KeyOperatorID, p.OperatorID)
	default:
		op := c.Params.String("OperatorID")
		if op == "" {
			op = p.OperatorID
		}
		if op != "" && !p.CanAccessOperator(op) {
			return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "You may not act on operator " + op + "."}
		}
		t = g.V().HasLabel(LabelVenue)
		if op != "" {
			t = t.Has(gremlinconsole.KeyOperatorID, op)
		}
	}
	keys := venueListKeys
	if public {
		keys = venuePublicKeys
	}
	res, err := graphdb.All(t.Project("v", "wired", "local", "roaming").
		By(__.ValueMap(anys(keys)...)).
		By(__.Out(EdgeVenueUnit).Has(string(schema.KeyPurpose), PurposeWiredUnit).Count()).
		By(__.Out(EdgeVenueUnit).Has(string(schema.KeyPurpose), PurposeLocalWirelessOnly).Count()).
		By(__.Out(EdgeVenueUnit).Has(string(schema.KeyPurpose), PurposeGlobalRoaming).Count()))
	if err != nil {
		return nil, err
	}
	list := map[string]any{}
	var wiredTotal, localTotal int64
	for _, r := range res {
		m, _ := r.GetInterface().(map[any]any)
		v := graphdb.Flatten(m["v"])
		renderTimes(v)
		wired, local, roaming := toInt64(m["wired"]), toInt64(m["local"]), toInt64(m["roaming"])
		wiredTotal += wired
		localTotal += local
		if !public {
			v["UnitCount_GlobalWirelessPlusLocalWiredAccess"] = wired
			v["UnitCount_LocalWirelessAccess"] = local
			v["UnitCount_GlobalWirelessRoaming"] = roaming
		}
		id, _ := v[gremlinconsole.KeyVenueID].(string)
		list[id] = v
	}
	out := gremlinconsole.Result{"message": "Venues retrieved successfully", "VenueCount": len(list), "VenueList": list}
	if !public {
		out["UnitCount_GlobalWirelessPlusLocalWiredAccess"] = wiredTotal
		out["UnitCount_LocalWirelessAccess"] = localTotal
	}
	return out, nil
}

// anys converts strings to the variadic form gremlin-go takes.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// toInt64 reads a graph number.
func toInt64(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int32:
		return int64(n)
	case int:
		return int64(n)
	case int16:
		return int64(n)
	case int8:
		return int64(n)
	case float64:
		return int64(n)
	}
	return 0
}

// renderTimes replaces stored epoch-ms times by their ISO 8601 fields.
func renderTimes(v map[string]any) {
	for _, k := range []string{gremlinconsole.KeyDateAdded, KeyDateUpdated} {
		if x, ok := v[k]; ok {
			delete(v, k)
			v[k+".ISO8601"] = isoMillis(x)
		}
	}
}

// errVenueGone is the 404 of a venue that vanished between scope check and traversal.
func errVenueGone(venueID string) *gremlinconsole.Error {
	return &gremlinconsole.Error{Status: http.StatusNotFound, Message: fmt.Sprintf("VenueID %s was not found.", venueID), Field: "VenueID"}
}

// venueAnchor starts a traversal at the call's venue, failing with 404 when it is gone.
func venueAnchor(c *gremlinconsole.Call) *gremlingo.GraphTraversal {
	return c.G().Inject(0).Coalesce(__.V(venueVID(c.VenueID)).HasLabel(LabelVenue),
		__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("VenueID %s was not found.", c.VenueID))))
}

func (n *Commands) listVenueBuildings(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	res, err := graphdb.All(venueAnchor(c).Out(EdgeVenueUnit).Values(string(schema.KeyUnitBuilding)).Dedup())
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(res))
	for _, r := range res {
		out = append(out, r.GetString())
	}
	sort.Strings(out)
	return gremlinconsole.Result{"UnitBuildings": out, "message": ""}, nil
}

// clearValue is the seeds' way of removing an optional text field: a single space.
const clearValue = " "

func (n *Commands) updateVenueAddress(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	return n.applyVenueChanges(c, venueIdentityFields)
}

// venueIdentityFields are the name and address fields updateVenueAddress and configureVenue share.
var venueIdentityFields = []venueField{
	{path: "externalVenueID", key: string(schema.KeyExternalVenueID), kind: fieldText, max: 64, clearable: true, updated: true},
	{path: "VenueName", key: KeyVenueName, kind: fieldText, max: 40, updated: true},
	{path: "AddressLine1", key: "AddressLine1", kind: fieldText, max: 40, updated: true},
	{path: "AddressLine2", key: "AddressLine2", kind: fieldText, max: 40, clearable: true, updated: true},
	{path: "City", key: "City", kind: fieldText, max: 40, updated: true},
	{path: "PostalCode", key: "PostalCode", kind: fieldPostal, updated: true},
}

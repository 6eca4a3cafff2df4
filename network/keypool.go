package network

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/auth"
	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// Keypools: one vertex per pool, id schema.GraphID(keypool, KeyPoolID), with KeyPoolID,
// OperatorID, SSID, Scope ("global" or "local"; the 8-character scope of a local pool's id
// is kept as ScopeID), AuthenticationMechanism (WPA2, or WPA3 with a Ruckus R1 controller)
// and DisplayOrder (1-100, lower first; 100 when not set). The operator links to it
// (operator_has_keypool); keypool_attached_at_venue links it to each venue it is broadcast
// at: every venue of the operator for a global pool (addVenue attaches the global pools
// to venues added later), the chosen venues for a local pool.
//
// An SSID is broadcast once per venue: a global pool's SSID is not used by any other pool
// of the operator, and a local pool's SSID by no global pool nor any pool at its venues.

// Labels and limits of keypools.
const (
	keypoolAtUnitEdge    = string(schema.EdgeKeypoolAssignedAtUnit)
	operatorKeypoolsEdge = string(schema.EdgeOperatorHasKeypool)
	keypoolPSKEdge       = string(schema.EdgeKeypoolHasPSK)
	// MaxKeypoolsPerOperator is the seeds' limit (addKeypool).
	MaxKeypoolsPerOperator = 500
	localScope             = "local"
	defaultDisplayOrder    = int64(100)
	// localScopeAttempts is how many random local scopes addKeypool tries (seeds: 10).
	localScopeAttempts = 10
)

var keypoolAdmins = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator}

func keypoolGroup(n *Commands) ([]*gremlinconsole.Command, []Route) {
	return n.keypoolCommands(), []Route{
		{"/networkoperatorconsole/keypools/addKeypool", "Keypool.addKeypool"},
		{"/networkoperatorconsole/keypools/configureKeypool", "Keypool.configureKeypool"},
		{"/networkoperatorconsole/keypools/listKeypools", "Keypool.listKeypools"},
		{"/networkoperatorconsole/admin/deleteKeypoolPermanently", "Keypool.deleteKeypoolPermanently"},
		{"/venuemgmtconsole/venue_units/listKeyPoolsatVenueUnit", "Keypool.listKeyPoolsatVenueUnit"},
	}
}

func (n *Commands) keypoolCommands() []*gremlinconsole.Command {
	kpID := gremlinconsole.Param{Name: "KeyPoolID", Kind: gremlinconsole.String, Required: true, MinLen: 5, MaxLen: 128,
		Doc: "{OperatorID}._V3SSID.{SSID}.{scope}"}
	return []*gremlinconsole.Command{
		{
			Name:     "Keypool.addKeypool",
			Summary:  "Adds a keypool (SSID): global pools are attached to every venue of the operator, local pools to the given venue.",
			Roles:    keypoolAdmins,
			Mutating: true,
			Params: []gremlinconsole.Param{
				operatorParam,
				{Name: "SSID", Kind: gremlinconsole.String, Required: true, MinLen: 2, MaxLen: 128,
					Doc: "2 to 32 bytes after trimming; longer SSIDs are cut to 32"},
				{Name: "VenueID", Kind: gremlinconsole.String, MaxLen: 256, Doc: "makes the pool local to this venue"},
				{Name: "Scope", Kind: gremlinconsole.String, Enum: []string{schema.GlobalKeyPoolScope, localScope}, Doc: "default global"},
				{Name: "RuckusR1ControllerID", Kind: gremlinconsole.String, MaxLen: 128, Doc: "makes the pool WPA3-DPSK; needs an explicit Scope"},
				{Name: "RuckusR1DPSKPoolName", Kind: gremlinconsole.String, MaxLen: 128},
			},
			Scope: gremlinconsole.ScopeParams{Operator: "OperatorID", Venue: "VenueID"},
			Run:   n.addKeypool,
		},
		{
			Name: "Keypool.configureKeypool",
			Summary: "Connects or disconnects a venue (local pools), sets DisplayOrder, or deletes a local pool permanently " +
				"(connect, disconnect and DisplayOrder may be combined; deletion stands alone).",
			Roles:    keypoolAdmins,
			Mutating: true,
			Params: []gremlinconsole.Param{
				operatorParam, kpID,
				{Name: "connectVenueID", Kind: gremlinconsole.String, MaxLen: 256},
				{Name: "disconnectVenueID", Kind: gremlinconsole.String, MaxLen: 256},
				{Name: "DisplayOrder", Kind: gremlinconsole.Integer, Min: gremlinconsole.Bound(1), Max: gremlinconsole.Bound(100)},
				{Name: "deleteKeyPoolPermanently", Kind: gremlinconsole.Boolean},
			},
			Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
			Run:   n.configureKeypool,
		},
		{
			Name:     "Keypool.deleteKeypoolPermanently",
			Summary:  "Deletes a local keypool with its PSKs and venue attachments; global pools cannot be deleted.",
			Roles:    keypoolAdmins,
			Mutating: true,
			Params:   []gremlinconsole.Param{operatorParam, kpID},
			Scope:    gremlinconsole.ScopeParams{Operator: "OperatorID"},
			Run:      n.deleteKeypoolPermanently,
		},
		{
			Name:    "Keypool.listKeypools",
			Summary: "Lists every keypool of the operator with scope, mechanism, PSK count and connected venues.",
			Roles:   planUsers,
			Params: []gremlinconsole.Param{
				operatorParam,
				{Name: "VenueID", Kind: gremlinconsole.String, MaxLen: 256, Doc: "accepted for consistency; not used"},
			},
			Scope: gremlinconsole.ScopeParams{Operator: "OperatorID"},
			Run:   n.listKeypools,
		},
		{
			Name: "Keypool.listKeyPoolsatVenueUnit",
			Summary: "Lists the WPA2 keypools of a unit: the venue's local pools not assigned to a unit and the pools " +
				"assigned to this unit (global pools excluded, as the seeds say).",
			Roles: venueStaffRoles,
			Params: []gremlinconsole.Param{
				{Name: "VenueID", Kind: gremlinconsole.String, Required: true, MaxLen: 256},
				{Name: "UnitID_internal", Kind: gremlinconsole.String, Required: true, MaxLen: 512},
			},
			Scope: gremlinconsole.ScopeParams{Venue: "VenueID"},
			Run:   n.listKeyPoolsAtVenueUnit,
		},
	}
}

// venueStaffRoles reach a venue's configuration (venue roles for their own venues).
var venueStaffRoles = []auth.Role{auth.RoleNetworkSoftwareProvider, auth.RoleDomainAdministrator,
	auth.RoleSIEMAdministrator, auth.RoleAccountManager, auth.RoleCustomerSupport,
	auth.RoleVenueAdministrator, auth.RoleLeasingAgent}

func keypoolVID(id string) string { return gremlinconsole.VertexID(LabelKeypool, id) }

func fieldError(err error) error {
	var fe *schema.FieldError
	if errors.As(err, &fe) {
		return &gremlinconsole.ValidationError{Field: fe.Field, Message: fe.Reason}
	}
	return err
}

func (n *Commands) addKeypool(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := requireOperator(c); err != nil {
		return nil, err
	}
	ssid, err := schema.NormalizeSSID(c.Params.String("SSID"))
	if err != nil {
		return nil, fieldError(err)
	}
	scope := c.Params.String("Scope")
	controller := c.Params.String("RuckusR1ControllerID")
	if controller != "" && scope == "" {
		return nil, &gremlinconsole.ValidationError{Field: "Scope", Message: "is required with RuckusR1ControllerID"}
	}
	if c.VenueID != "" {
		scope = localScope
	}
	if scope == "" {
		scope = schema.GlobalKeyPoolScope
	}
	mechanism := "WPA2"
	if controller != "" {
		mechanism = "WPA3"
	}
	for attempt := 1; ; attempt++ {
		scopeID := schema.GlobalKeyPoolScope
		if scope == localScope {
			if scopeID, err = schema.NewLocalKeyPoolScope(rand.Reader); err != nil {
				return nil, err
			}
		}
		id, err := schema.NewKeyPoolID(c.OperatorID, ssid, scopeID)
		if err != nil {
			return nil, fieldError(err)
		}
		res, err := n.insertKeypool(c, id, ssid, scope, scopeID, mechanism, controller)
		var ce *graphdb.CommandError
		if scope == localScope && attempt < localScopeAttempts && errors.As(err, &ce) && ce.Message == keypoolIDTaken {
			continue
		}
		return res, err
	}
}

const keypoolIDTaken = "The KeyPoolID exists."

// insertKeypool writes the pool, its operator edge and venue attachments, audit and event.
func (n *Commands) insertKeypool(c *gremlinconsole.Call, id, ssid, scope, scopeID, mechanism, controller string) (gremlinconsole.Result, error) {
	opVID := gremlinconsole.VertexID(LabelOperator, c.OperatorID)
	kpVID := keypoolVID(id)
	P := gremlingo.Cardinality.Single
	var clash *gremlingo.GraphTraversal
	switch {
	case scope == schema.GlobalKeyPoolScope:
		clash = __.V(opVID).Out(operatorKeypoolsEdge).Has(string(schema.KeySSID), ssid)
	case c.VenueID != "":
		clash = __.Union(__.V(opVID).Out(operatorKeypoolsEdge).Has(string(schema.KeySSID), ssid).Has(string(schema.KeyScope), schema.GlobalKeyPoolScope),
			__.V(venueVID(c.VenueID)).In(EdgeKeypoolAtVenue).Has(string(schema.KeySSID), ssid))
	default:
		clash = __.V(opVID).Out(operatorKeypoolsEdge).Has(string(schema.KeySSID), ssid).Has(string(schema.KeyScope), schema.GlobalKeyPoolScope)
	}
	kp := __.AddV(LabelKeypool).Property(gremlingo.T.Id, kpVID).
		Property(P, string(schema.KeyKeyPoolID), id).
		Property(P, gremlinconsole.KeyOperatorID, c.OperatorID).
		Property(P, string(schema.KeySSID), ssid).
		Property(P, string(schema.KeyScope), scope).
		Property(P, "ScopeID", scopeID).
		Property(P, "AuthenticationMechanism", mechanism).
		Property(P, string(schema.KeyDisplayOrder), defaultDisplayOrder).
		Property(P, gremlinconsole.KeyDateAdded, c.NowMillis())
	if controller != "" {
		kp = kp.Property(P, "RuckusR1ControllerID", controller)
	}
	if name := c.Params.String("RuckusR1DPSKPoolName"); name != "" {
		kp = kp.Property(P, "RuckusR1DPSKPoolName", name)
	}
	t := c.G().Inject(0).
		Coalesce(__.V(opVID).HasLabel(LabelOperator), __.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("OperatorID %s was not found.", c.OperatorID)))).
		Coalesce(__.V(kpVID).Fail(graphdb.FailMessage(http.StatusConflict, keypoolIDTaken)), __.Constant(0)).
		Coalesce(clash.Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("The SSID %s is already broadcast at the pool's venues.", ssid))), __.Constant(0)).
		Coalesce(__.V(opVID).Out(operatorKeypoolsEdge).Count().Is(gremlingo.P.Gte(MaxKeypoolsPerOperator)).
			Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("OperatorID %s has %d keypools, the most allowed.", c.OperatorID, MaxKeypoolsPerOperator))),
			__.Constant(0)).
		SideEffect(kp.AddE(operatorKeypoolsEdge).From(__.V(opVID)))
	switch {
	case scope == schema.GlobalKeyPoolScope:
		t = t.SideEffect(__.V(opVID).Out(EdgeOperatorVenue).AddE(EdgeKeypoolAtVenue).From(__.V(kpVID)))
	case c.VenueID != "":
		t = t.SideEffect(__.V(venueVID(c.VenueID)).AddE(EdgeKeypoolAtVenue).From(__.V(kpVID)))
	}
	t = c.WithAudit(t, gremlinconsole.Audit{Action: "Keypool added", Target: id, Message: "Keypool added: " + id + ".",
		Changes: []gremlinconsole.Change{{Field: "SSID", After: ssid}, {Field: "Scope", After: scope}, {Field: "AuthenticationMechanism", After: mechanism}}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "KeypoolAdded", Key: id, Payload: map[string]any{
		"OperatorID": c.OperatorID, "KeyPoolID": id, "SSID": ssid, "Scope": scope, "VenueID": c.VenueID,
	}})
	r, err := graphdb.First(t.V(kpVID).Out(EdgeKeypoolAtVenue).Count())
	if err != nil {
		return nil, err
	}
	attached, _ := r.GetInt64()
	return gremlinconsole.Result{"KeyPoolID": id, "SSID": ssid, "Scope": scope,
		"message": fmt.Sprintf("Keypool added: %s. Attached keypool to %d venues. ", id, attached)}, nil
}

// keypoolOwner resolves the operator of a keypool for a Network Software Provider who
// sent no OperatorID; the pool must belong to c.OperatorID otherwise (404).
func keypoolOwner(c *gremlinconsole.Call, id string) error {
	if c.OperatorID != "" {
		return nil
	}
	r, err := graphdb.First(c.G().V(keypoolVID(id)).HasLabel(LabelKeypool).Values(gremlinconsole.KeyOperatorID))
	if err != nil {
		return err
	}
	if r == nil {
		return keypoolNotFound(id)
	}
	c.OperatorID = r.GetString()
	return nil
}

func keypoolNotFound(id string) error {
	return &gremlinconsole.Error{Status: http.StatusNotFound, Message: fmt.Sprintf("KeyPoolID %s was not found.", id)}
}

// ownedKeypool starts a traversal at the operator's keypool labelled "target" (404 otherwise).
func ownedKeypool(c *gremlinconsole.Call, id string) *gremlingo.GraphTraversal {
	return c.G().Inject(0).
		Coalesce(__.V(keypoolVID(id)).HasLabel(LabelKeypool).Has(gremlinconsole.KeyOperatorID, c.OperatorID),
			__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("KeyPoolID %s was not found.", id)))).
		As("target")
}

func localOnly(id, what string) *gremlingo.GraphTraversal {
	return __.Coalesce(__.Has(string(schema.KeyScope), localScope),
		__.Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("KeyPoolID %s is global: it is at every venue and cannot be %s.", id, what))))
}

func (n *Commands) configureKeypool(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	id := c.Params.String("KeyPoolID")
	connect, disconnect := c.Params.String("connectVenueID"), c.Params.String("disconnectVenueID")
	order, hasOrder := c.Params.Int("DisplayOrder"), c.Params.Has("DisplayOrder")
	if c.Params.Bool("deleteKeyPoolPermanently") {
		if connect != "" || disconnect != "" || hasOrder {
			return nil, &gremlinconsole.ValidationError{Field: "deleteKeyPoolPermanently", Message: "cannot be combined with other changes"}
		}
		return n.deleteKeypoolPermanently(ctx, c)
	}
	if connect == "" && disconnect == "" && !hasOrder {
		return nil, &gremlinconsole.ValidationError{Field: "KeyPoolID",
			Message: "no change given: send connectVenueID, disconnectVenueID, DisplayOrder or deleteKeyPoolPermanently"}
	}
	if connect != "" && connect == disconnect {
		return nil, &gremlinconsole.ValidationError{Field: "disconnectVenueID", Message: "must differ from connectVenueID"}
	}
	if err := keypoolOwner(c, id); err != nil {
		return nil, err
	}
	t := ownedKeypool(c, id)
	var remarks []string
	var changes []gremlinconsole.Change
	if connect != "" {
		vid := venueVID(connect)
		t = t.Select("target").Where(localOnly(id, "connected")).
			Coalesce(__.V(vid).HasLabel(LabelVenue).Has(gremlinconsole.KeyOperatorID, c.OperatorID),
				__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("connectVenueID: VenueID %s was not found.", connect)))).
			Coalesce(__.In(EdgeKeypoolAtVenue).HasId(keypoolVID(id)).
				Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("KeyPoolID %s is already connected to %s.", id, connect))), __.Constant(0)).
			Coalesce(__.V(vid).In(EdgeKeypoolAtVenue).Where(__.Values(string(schema.KeySSID)).Is(gremlingo.P.Within(ssidOf(c, id)...))).
				Fail(graphdb.FailMessage(http.StatusConflict, fmt.Sprintf("Another keypool with this SSID is already at %s.", connect))), __.Constant(0)).
			Select("target").SideEffect(__.AddE(EdgeKeypoolAtVenue).To(__.V(vid)))
		remarks = append(remarks, fmt.Sprintf("Connected keypool %s to venue %s.", id, connect))
		changes = append(changes, gremlinconsole.Change{Field: "ConnectedVenue", After: connect})
	}
	if disconnect != "" {
		vid := venueVID(disconnect)
		t = t.Select("target").Where(localOnly(id, "disconnected")).
			Coalesce(__.OutE(EdgeKeypoolAtVenue).Where(__.InV().HasId(vid)),
				__.Fail(graphdb.FailMessage(http.StatusNotFound, fmt.Sprintf("KeyPoolID %s is not connected to %s.", id, disconnect)))).
			SideEffect(__.Drop()).Select("target")
		remarks = append(remarks, fmt.Sprintf("Disconnected keypool %s from venue %s.", id, disconnect))
		changes = append(changes, gremlinconsole.Change{Field: "ConnectedVenue", Before: disconnect, After: ""})
	}
	t = t.Select("target")
	if hasOrder {
		changes = append(changes, gremlinconsole.Change{Field: "DisplayOrder", BeforeKey: string(schema.KeyDisplayOrder), After: order})
		remarks = append(remarks, fmt.Sprintf("Updated DisplayOrder to %d.", order))
	}
	t = c.WithAudit(t, gremlinconsole.Audit{Target: id, Message: strings.Join(remarks, " "), Changes: changes})
	if hasOrder {
		t = t.Property(gremlingo.Cardinality.Single, string(schema.KeyDisplayOrder), order)
	}
	t = c.WithEvent(t, gremlinconsole.Event{Type: "KeypoolConfigured", Key: id, Payload: map[string]any{
		"OperatorID": c.OperatorID, "KeyPoolID": id, "connectVenueID": connect, "disconnectVenueID": disconnect,
	}})
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"KeyPoolID": id, "message": strings.Join(remarks, " ")}, nil
}

// ssidOf is the SSID of pool id (read before the traversal that uses it; a pool's SSID
// never changes). It returns no value for an unknown pool, which the traversal reports.
func ssidOf(c *gremlinconsole.Call, id string) []any {
	r, err := graphdb.First(c.G().V(keypoolVID(id)).Values(string(schema.KeySSID)))
	if err != nil || r == nil {
		return []any{"\x00"}
	}
	return []any{r.GetString()}
}

func (n *Commands) deleteKeypoolPermanently(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	id := c.Params.String("KeyPoolID")
	if err := keypoolOwner(c, id); err != nil {
		return nil, err
	}
	t := ownedKeypool(c, id).Where(localOnly(id, "deleted"))
	t = c.WithAudit(t, gremlinconsole.Audit{Target: id, Message: "Deleted keypool " + id + ".",
		Changes: []gremlinconsole.Change{{Field: "KeyPoolID", Before: id, After: ""}}})
	t = c.WithEvent(t, gremlinconsole.Event{Type: "KeypoolDeleted", Key: id, Payload: map[string]any{
		"OperatorID": c.OperatorID, "KeyPoolID": id,
	}})
	t = t.SideEffect(__.Out(keypoolPSKEdge).Drop()).Drop()
	if err := graphdb.Exec(t); err != nil {
		return nil, err
	}
	return gremlinconsole.Result{"KeyPoolID": id, "message": fmt.Sprintf("Deleted keypool %s. All PSKs and bins removed.", id)}, nil
}

// keypoolSummary is the projection of a pool that the lists render.
func keypoolSummary(t *gremlingo.GraphTraversal) *gremlingo.GraphTraversal {
	return t.Project("p", "psks", "subs", "venues").By(__.ValueMap()).
		By(__.Out(keypoolPSKEdge).Count()).
		By(__.Out(keypoolPSKEdge).In(string(schema.EdgeSubscriberHasPSK)).Dedup().Count()).
		By(__.Out(EdgeKeypoolAtVenue).Values(gremlinconsole.KeyVenueID).Fold())
}

// renderKeypool renders one keypoolSummary result with the seeds' listKeypools fields;
// ConnectedVenueList is empty for a global pool (it is at every venue).
func renderKeypool(r *gremlingo.Result) (string, map[string]any) {
	m, _ := r.GetInterface().(map[any]any)
	p := graphdb.Flatten(m["p"])
	if v, ok := p[gremlinconsole.KeyDateAdded]; ok {
		delete(p, gremlinconsole.KeyDateAdded)
		p["dateAddedUTC.ISO8601"] = isoMillis(v)
	}
	id, _ := p["KeyPoolID"].(string)
	p["PSKCount"] = m["psks"]
	p["SubscriberCount"] = m["subs"]
	venues := []string{}
	if p[string(schema.KeyScope)] != schema.GlobalKeyPoolScope {
		list, _ := m["venues"].([]any)
		for _, v := range list {
			venues = append(venues, fmt.Sprint(v))
		}
		sort.Strings(venues)
	}
	p["ConnectedVenueList"] = venues
	return id, p
}

func (n *Commands) listKeypools(ctx context.Context, c *gremlinconsole.Call) (gremlinconsole.Result, error) {
	if err := requireOperator(c); err != nil {
		return nil, err
	}
	res, err := graphdb.All(keypoolSummary(c.G().V(gremlinconsole.VertexID(LabelOperator, c.OperatorID)).Out(operatorKeypoolsEdge)))
	if err != nil {
		return nil, err
	}
	list := map[string]any{}
	for _, r := range res {
		id, p := renderKeypool(r)
		list[id] = p
	}
	return gremlinconsole.Result{"message": "", "myKeyPoolCount": len(list), "myKeyPoolList": list}, nil
}

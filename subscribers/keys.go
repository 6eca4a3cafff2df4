package subscribers

import (
	"fmt"
	"net/http"
	"strconv"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/outbox"
	"github.com/wifivault/wifivault/schema"
)

// unitInfo is what a key needs of its unit: the unit's and venue's properties and the
// keypools attached at the venue.
type unitInfo struct {
	unit, venue map[string]any
	keypools    []map[string]any
}

func (u *unitInfo) id() string      { return str(u.unit, keyUnit) }
func (u *unitInfo) venueID() string { return str(u.unit, keyVenue) }

// readUnit reads a unit of the call's operator (and venue, when the call has one).
func readUnit(c *gremlinconsole.Call, unit string) (*unitInfo, error) {
	r, err := graphdb.First(c.G().V(unitVID(unit)).HasLabel(labelUnit).Project("u", "v", "k").
		By(__.ValueMap()).
		By(__.In(edgeVenueUnit).ValueMap().Fold()).
		By(__.In(edgeVenueUnit).In(edgeKeypoolAtVenue).ValueMap(keyKeyPool, keySSID).Fold()))
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: "UnitID_internal " + unit + " was not found.", Field: "UnitID_internal"}
	}
	m, _ := r.GetInterface().(map[any]any)
	u := &unitInfo{unit: graphdb.Flatten(m["u"])}
	if l, _ := m["v"].([]any); len(l) > 0 {
		u.venue = graphdb.Flatten(l[0])
	}
	if l, ok := m["k"].([]any); ok {
		for _, kp := range l {
			u.keypools = append(u.keypools, graphdb.Flatten(kp))
		}
	}
	if c.OperatorID == "" && c.Principal != nil && c.Principal.CanAccessOperator(str(u.unit, keyOperator)) {
		c.OperatorID = str(u.unit, keyOperator)
	}
	if str(u.unit, keyOperator) != c.OperatorID || (c.VenueID != "" && u.venueID() != c.VenueID) {
		return nil, &gremlinconsole.Error{Status: http.StatusNotFound, Message: "UnitID_internal " + unit + " was not found at this venue.", Field: "UnitID_internal"}
	}
	if c.Principal != nil && !c.Principal.CanAccessVenue(c.OperatorID, u.venueID()) {
		return nil, &gremlinconsole.Error{Status: http.StatusForbidden, Message: "You may not act on venue " + u.venueID() + "."}
	}
	if len(u.keypools) == 0 {
		return nil, &gremlinconsole.Error{Status: http.StatusConflict, Message: "The venue has no keypool (SSID) yet: add one with addKeypool."}
	}
	return u, nil
}

// newKey is one key a command creates.
type newKey struct {
	KeyID, KeyPoolID, SSID string
	sealed, claim          string
}

// keySet describes keys being created for a subscriber at a unit with one passphrase.
type keySet struct {
	token, plan string
	unit        *unitInfo
	passphrase  string
	follows     bool
	userPart    string
	start, end  int64
	keys        []newKey
}

// prepare encrypts the passphrase and computes the claim of each keypool.
func (s *Commands) prepare(ks *keySet) error {
	ks.keys = ks.keys[:0]
	for _, kp := range ks.unit.keypools {
		k := newKey{KeyID: randomID("psk_"), KeyPoolID: str(kp, keyKeyPool), SSID: str(kp, keySSID)}
		sealed, err := s.Secrets.EncryptString(ks.passphrase, pskContext(k.KeyID))
		if err != nil {
			return err
		}
		claim, err := schema.PSKClaimKey(k.KeyPoolID, s.Secrets.BlindIndex(blindScope(k.KeyPoolID), ks.passphrase))
		if err != nil {
			return err
		}
		k.sealed, k.claim = sealed, schema.GraphID(schema.VertexPSKClaim, claim)
		ks.keys = append(ks.keys, k)
	}
	return nil
}

// keyInUseMessage is the conflict a taken passphrase gives.
const keyInUseMessage = "This WiFi key cannot be used on this network; choose another."

// addKeys appends to t (one traverser) the creation of every key of ks, its claim and its
// edges, and the KeyStart events.
func (s *Commands) addKeys(c *gremlinconsole.Call, t *gremlingo.GraphTraversal, ks *keySet) (*gremlingo.GraphTraversal, error) {
	for i, k := range ks.keys {
		label := "k" + strconv.Itoa(i)
		t = t.SideEffect(__.V(k.claim).Fail(graphdb.FailMessage(http.StatusConflict, keyInUseMessage)))
		v := __.AddV(labelPSK).Property(gremlingo.T.Id, keyVID(k.KeyID))
		for _, kv := range [][2]any{
			{keyKeyID, k.KeyID}, {keyToken, ks.token}, {keyOperator, c.OperatorID}, {keyVenue, ks.unit.venueID()},
			{keyUnit, ks.unit.id()}, {keyKeyPool, k.KeyPoolID}, {keySSID, k.SSID}, {keyPSK, k.sealed},
			{keyFollowsPassword, ks.follows}, {keyKeyStatus, keyActive}, {keyDateAdded, c.NowMillis()},
			{keyStart, ks.start}, {keyUserPart, ks.userPart}, {keyPlan, ks.plan}, {keyTag, ""},
		} {
			v = set(v, kv[0].(string), kv[1])
		}
		if ks.end != 0 {
			v = set(v, keyEnd, ks.end)
		}
		v = v.As(label).
			SideEffect(graphdb.Claim(labelPSKClaim, k.claim).AddE(edgeClaimHeldBy).To(label)).
			SideEffect(__.V(subscriberVID(ks.token)).AddE(edgeSubscriberPSK).To(label)).
			SideEffect(__.V(keypoolVID(k.KeyPoolID)).AddE(edgeKeypoolPSK).To(label)).
			SideEffect(__.V(unitVID(ks.unit.id())).AddE(edgeUnitPolicy).To(label))
		t = t.SideEffect(v)
		payload, err := s.keyPayload(c, EventKeyStart, ks.token, ks.plan, ks.unit, k.KeyID, k.KeyPoolID, k.SSID, ks.passphrase)
		if err != nil {
			return nil, err
		}
		t = c.WithEvent(t, gremlinconsole.Event{Type: EventKeyStart, Key: ks.token, Payload: payload})
	}
	return t, nil
}

// keyPayload is the V7/V8 webhook payload of a key: venue and unit blocks, the
// subscriber's token, plan, SSID and the passphrase sealed (outbox.Seal, "psk.sealed").
func (s *Commands) keyPayload(c *gremlinconsole.Call, typ, token, plan string, u *unitInfo, keyID, kp, ssid, passphrase string) (map[string]any, error) {
	sealed, err := outbox.Seal(s.Secrets, passphrase)
	if err != nil {
		return nil, err
	}
	p := map[string]any{
		"Type": typ, "dateAddedUTC.ISO8601": iso(c.NowMillis()), "SubscriberToken": token, "ServicePlanID": plan,
		"KeyID": keyID, "KeyPoolID": kp, "ssid": ssid, "psk.sealed": sealed,
		"VenueID": u.venueID(), "VenueName": str(u.venue, string(schema.KeyVenueName)),
		"UnitID_internal": u.id(), "UnitID": str(u.unit, string(schema.KeyUnitID)),
		"UnitBuilding": str(u.unit, string(schema.KeyUnitBuilding)), "UnitFloor": str(u.unit, string(schema.KeyUnitFloor)),
		"purpose": str(u.unit, string(schema.KeyPurpose)), "vlan": u.unit[string(schema.KeyVLAN)],
		"externalVenueUnitID": str(u.unit, string(schema.KeyExternalVenueUnitID)), "RealPageUnitID": u.unit[string(schema.KeyRealPageUnitID)],
	}
	for _, k := range []string{"AddressLine1", "AddressLine2", "City", "State", "PostalCode", "Country.ISO3166A3"} {
		p[k] = str(u.unit, k)
	}
	if typ == EventKeyEnd {
		p["NAS-Identifier"] = str(u.venue, string(schema.KeyNASIdentifier))
		p["externalVenueID"] = str(u.venue, string(schema.KeyExternalVenueID))
	}
	return p, nil
}

// storedKey is a key as read back for removal or reset.
type storedKey struct {
	props map[string]any
}

func (k storedKey) id() string { return str(k.props, keyKeyID) }

// readKeys reads keys of a subscriber (all of them when ids is empty).
func readKeys(c *gremlinconsole.Call, token string, ids ...string) ([]storedKey, error) {
	t := c.G().V(subscriberVID(token)).Out(edgeSubscriberPSK)
	if len(ids) > 0 {
		vids := make([]any, len(ids))
		for i, id := range ids {
			vids[i] = keyVID(id)
		}
		t = t.HasId(vids...)
	}
	res, err := graphdb.All(t.ValueMap())
	if err != nil {
		return nil, err
	}
	out := make([]storedKey, 0, len(res))
	for _, r := range res {
		out = append(out, storedKey{props: graphdb.Flatten(r.GetInterface())})
	}
	return out, nil
}

// passphrase decrypts a stored key.
func (s *Commands) passphrase(k storedKey) (string, error) {
	return s.Secrets.DecryptString(str(k.props, keyPSK), pskContext(k.id()))
}

// endKey appends to t the removal of a key (its vertex, edges and passphrase claim) and its
// KeyEnd event. The claim is found from the key (claim_held_by), so the passphrase is only
// needed for the event.
func (s *Commands) endKey(c *gremlinconsole.Call, t *gremlingo.GraphTraversal, k storedKey) (*gremlingo.GraphTraversal, error) {
	pass, err := s.passphrase(k)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", k.id(), err)
	}
	u, err := readUnitAny(c, str(k.props, keyUnit))
	if err != nil {
		return nil, err
	}
	payload, err := s.keyPayload(c, EventKeyEnd, str(k.props, keyToken), str(k.props, keyPlan), u, k.id(),
		str(k.props, keyKeyPool), str(k.props, keySSID), pass)
	if err != nil {
		return nil, err
	}
	t = t.SideEffect(__.V(keyVID(k.id())).In(edgeClaimHeldBy).HasLabel(labelPSKClaim).Drop()).
		SideEffect(__.V(keyVID(k.id())).Drop())
	return c.WithEvent(t, gremlinconsole.Event{Type: EventKeyEnd, Key: str(k.props, keyToken), Payload: payload}), nil
}

// readUnitAny reads a unit for an event without scope checks (the unit may be gone: the
// event then carries the ids the key kept).
func readUnitAny(c *gremlinconsole.Call, unit string) (*unitInfo, error) {
	r, err := graphdb.First(c.G().V(unitVID(unit)).HasLabel(labelUnit).Project("u", "v").
		By(__.ValueMap()).By(__.In(edgeVenueUnit).ValueMap().Fold()))
	if err != nil {
		return nil, err
	}
	u := &unitInfo{unit: map[string]any{keyUnit: unit}, venue: map[string]any{}}
	if r != nil {
		m, _ := r.GetInterface().(map[any]any)
		u.unit = graphdb.Flatten(m["u"])
		if l, _ := m["v"].([]any); len(l) > 0 {
			u.venue = graphdb.Flatten(l[0])
		}
	}
	return u, nil
}

// rekey appends to t the change of a stored key's passphrase: the old claim is dropped,
// the new one created (409 when the passphrase is taken on that SSID) and the ciphertext
// replaced, with a KeyEnd for the old and a KeyStart for the new passphrase.
func (s *Commands) rekey(c *gremlinconsole.Call, t *gremlingo.GraphTraversal, k storedKey, passphrase string, follows bool) (*gremlingo.GraphTraversal, error) {
	kp := str(k.props, keyKeyPool)
	claim, err := schema.PSKClaimKey(kp, s.Secrets.BlindIndex(blindScope(kp), passphrase))
	if err != nil {
		return nil, err
	}
	claimID := schema.GraphID(schema.VertexPSKClaim, claim)
	sealed, err := s.Secrets.EncryptString(passphrase, pskContext(k.id()))
	if err != nil {
		return nil, err
	}
	old, err := s.passphrase(k)
	if err != nil {
		return nil, err
	}
	if old == passphrase {
		return t, nil
	}
	u, err := readUnitAny(c, str(k.props, keyUnit))
	if err != nil {
		return nil, err
	}
	tok, plan, ssid := str(k.props, keyToken), str(k.props, keyPlan), str(k.props, keySSID)
	endPayload, err := s.keyPayload(c, EventKeyEnd, tok, plan, u, k.id(), kp, ssid, old)
	if err != nil {
		return nil, err
	}
	startPayload, err := s.keyPayload(c, EventKeyStart, tok, plan, u, k.id(), kp, ssid, passphrase)
	if err != nil {
		return nil, err
	}
	label := "r" + k.id()
	t = t.SideEffect(__.V(claimID).Fail(graphdb.FailMessage(http.StatusConflict, keyInUseMessage))).
		SideEffect(__.V(keyVID(k.id())).In(edgeClaimHeldBy).HasLabel(labelPSKClaim).Drop()).
		SideEffect(graphdb.AddClaim(set(set(__.V(keyVID(k.id())), keyPSK, sealed), keyFollowsPassword, follows).As(label),
			labelPSKClaim, claimID).AddE(edgeClaimHeldBy).To(label))
	t = c.WithEvent(t, gremlinconsole.Event{Type: EventKeyEnd, Key: tok, Payload: endPayload})
	return c.WithEvent(t, gremlinconsole.Event{Type: EventKeyStart, Key: tok, Payload: startPayload}), nil
}

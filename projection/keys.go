package projection

import (
	"fmt"
	"slices"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
)

// keyRow is a psk vertex with its unit and subscriber, as one traversal reads them.
type keyRow struct {
	key, unit, subscriber map[string]any
}

// keyRows reads psk vertices (every one when ids is empty) with their unit and subscriber.
func (p *Projector) keyRows(ids ...string) ([]keyRow, error) {
	t := p.DB.G().V()
	if len(ids) > 0 {
		vids := make([]any, len(ids))
		for i, id := range ids {
			vids[i] = schema.GraphID(schema.VertexPSK, id)
		}
		t = p.DB.G().V(vids...)
	}
	res, err := graphdb.All(t.HasLabel(labelPSK).Project("k", "u", "s").
		By(__.ValueMap()).
		By(__.In(edgeUnitPolicy).ValueMap(propVLAN).Fold()).
		By(__.In(edgeSubscriberPSK).ValueMap(propStatus, PropCallingStationWhitelist, PropNASWhitelist).Fold()))
	if err != nil {
		return nil, err
	}
	out := make([]keyRow, 0, len(res))
	for _, r := range res {
		m, _ := r.GetInterface().(map[any]any)
		out = append(out, keyRow{key: graphdb.Flatten(m["k"]), unit: first(m["u"]), subscriber: first(m["s"])})
	}
	return out, nil
}

// planPolicy is what a key takes from its service plan.
type planPolicy struct{ up, down, devices, timeout int }

// plans reads and memoises service plans by id.
type plans struct {
	p     *Projector
	byID  map[string]planPolicy
	known map[string]bool
}

func (p *Projector) newPlans() *plans {
	return &plans{p: p, byID: map[string]planPolicy{}, known: map[string]bool{}}
}

func (ps *plans) get(id string) (planPolicy, error) {
	if id == "" {
		return planPolicy{}, nil
	}
	if ps.known[id] {
		return ps.byID[id], nil
	}
	r, err := graphdb.First(ps.p.DB.G().V(schema.GraphID(planVertexName, id)).ValueMap(propUp, propDown, propDevices, propTimeout))
	if err != nil {
		return planPolicy{}, err
	}
	var pp planPolicy
	if r != nil {
		m := graphdb.Flatten(r.GetInterface())
		pp = planPolicy{up: int(num(m, propUp)), down: int(num(m, propDown)), devices: int(num(m, propDevices)), timeout: int(num(m, propTimeout))}
	}
	ps.byID[id], ps.known[id] = pp, true
	return pp, nil
}

// valid reports whether a key row is one RADIUS should answer at nowMs.
func (r keyRow) valid(nowMs int64) bool {
	if st := str(r.key, propKeyStatus); st != "" && st != keyStatusLive {
		return false
	}
	end := num(r.key, propEnd)
	return end == 0 || end > nowMs
}

// policyKey turns a valid key row into the projection's Key (passphrase decrypted), with
// the subscriber's Calling-Station and NAS whitelists.
func (p *Projector) policyKey(r keyRow, ps *plans, revision int64) (policycache.Key, error) {
	id := str(r.key, propKeyID)
	pass, err := p.Secrets.DecryptString(str(r.key, propPSK), pskContext(id))
	if err != nil {
		return policycache.Key{}, fmt.Errorf("projection: key %s passphrase: %w", id, err)
	}
	plan, err := ps.get(str(r.key, propPlan))
	if err != nil {
		return policycache.Key{}, err
	}
	wl, err := ParseWhitelist(r.subscriber[PropCallingStationWhitelist])
	if err != nil {
		return policycache.Key{}, err
	}
	nasWL, err := ParseWhitelist(r.subscriber[PropNASWhitelist])
	if err != nil {
		return policycache.Key{}, err
	}
	k := policycache.Key{
		KeyID: id, VenueID: str(r.key, propVenue), SSID: str(r.key, propSSID),
		SubscriberToken: str(r.key, propToken), UnitID: str(r.key, propUnit),
		VLAN: int(num(r.unit, propVLAN)), UpKbps: plan.up, DownKbps: plan.down,
		DeviceLimit: plan.devices, SessionTimeout: plan.timeout,
		ValidFrom: num(r.key, propStart), ValidUntil: num(r.key, propEnd),
		Suspended: str(r.subscriber, propStatus) == statusSuspend,
		Revision:  revision, Passphrase: pass,
	}
	for _, e := range wl {
		k.CallingStationWhitelist = append(k.CallingStationWhitelist, e.ID)
	}
	for _, e := range nasWL {
		k.NASWhitelist = append(k.NASWhitelist, e.ID)
	}
	return k, nil
}

// sameKey reports whether a stored key already says what want says (revisions and the
// derived PMK aside).
func sameKey(have *policycache.Key, want policycache.Key) bool {
	if have == nil || !equalKeys(*have, want) || len(have.CallingStationWhitelist) != len(want.CallingStationWhitelist) ||
		!slices.Equal(have.NASWhitelist, want.NASWhitelist) {
		return false
	}
	for i, m := range want.CallingStationWhitelist {
		n, err := policycache.NormalizeMAC(m)
		if err != nil || n != have.CallingStationWhitelist[i] {
			return false
		}
	}
	return true
}

func equalKeys(a, b policycache.Key) bool {
	return a.KeyID == b.KeyID && a.VenueID == b.VenueID && a.SSID == b.SSID && a.SubscriberToken == b.SubscriberToken &&
		a.UnitID == b.UnitID && a.VLAN == b.VLAN && a.UpKbps == b.UpKbps && a.DownKbps == b.DownKbps &&
		a.DeviceLimit == b.DeviceLimit && a.SessionTimeout == b.SessionTimeout && a.ValidFrom == b.ValidFrom &&
		a.ValidUntil == b.ValidUntil && a.Suspended == b.Suspended && a.Passphrase == b.Passphrase
}

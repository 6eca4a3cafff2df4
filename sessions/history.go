package sessions

import (
	"context"
	"sort"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
)

// How far the session lists reach back into the graph's history.
const (
	// sessionHistory is the window of listSubscriberKeySessions, listKeySessions and
	// listDeviceSessions ("active and historical sessions", "connection history").
	sessionHistory = 30 * 24 * time.Hour
	// venueSessionHistory is listSessions' window ("the past 7 days").
	venueSessionHistory = 7 * 24 * time.Hour
	// cpeHistory is how far back listVenueCPEStatus looks for a gateway's last accounting.
	cpeHistory = 7 * 24 * time.Hour
	// maxHistorySessions caps the stopped sessions one list reads from the graph (newest first).
	maxHistorySessions = 500
)

// sessionsOf returns the sessions of keys, newest first, keeping those of mac when mac is
// not empty: every active session (from Redis, which decides what is live) and every
// session the graph holds that reported accounting since since (at most
// maxHistorySessions of them). A session both hold is reported with the larger counters
// and the earlier start; Redis says whether it is active, and a session Redis no longer
// holds is reported stopped. Only sessions at their key's venue are kept, so a caller
// sees the sessions of the keys it may see and nothing else.
func (s *Commands) sessionsOf(ctx context.Context, c *gremlinconsole.Call, keys []keyRef, mac string, since time.Time) ([]policycache.Session, error) {
	venueOf := make(map[string]string, len(keys))
	for _, k := range keys {
		venueOf[k.KeyID] = k.VenueID
	}
	keep := func(x policycache.Session) bool {
		v, ok := venueOf[x.KeyID]
		return ok && v == x.VenueID && (mac == "" || x.MAC == mac)
	}
	byRef := map[string]policycache.Session{}
	for _, k := range keys {
		live, err := s.Cache.SessionsOfKey(ctx, k.KeyID)
		if err != nil {
			return nil, err
		}
		for _, x := range live {
			if keep(x) {
				byRef[x.Ref] = x
			}
		}
	}
	history, err := graphSessions(c, keys, mac, since)
	if err != nil {
		return nil, err
	}
	var unseen []string
	for _, h := range history {
		if _, ok := byRef[h.Ref]; !ok {
			unseen = append(unseen, h.Ref)
		}
	}
	// Redis may still hold a stopped session (or changes not flushed yet).
	stored, err := s.Cache.Sessions(ctx, unseen)
	if err != nil {
		return nil, err
	}
	inRedis := make(map[string]policycache.Session, len(stored))
	for _, x := range stored {
		inRedis[x.Ref] = x
	}
	for _, h := range history {
		if !keep(h) {
			continue
		}
		if x, ok := byRef[h.Ref]; ok {
			byRef[h.Ref] = combine(x, h)
			continue
		}
		if x, ok := inRedis[h.Ref]; ok && keep(x) {
			byRef[h.Ref] = combine(x, h)
			continue
		}
		h.Active = false
		byRef[h.Ref] = h
	}
	out := make([]policycache.Session, 0, len(byRef))
	for _, x := range byRef {
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Started != out[j].Started {
			return out[i].Started > out[j].Started
		}
		return out[i].Ref < out[j].Ref
	})
	return out, nil
}

// combine merges Redis's copy of a session (r: current fields, Active) with the graph's
// (g): counters and the last update are the larger, the start the earlier.
func combine(r, g policycache.Session) policycache.Session {
	r.InputOctets = max(r.InputOctets, g.InputOctets)
	r.OutputOctets = max(r.OutputOctets, g.OutputOctets)
	r.SessionTime = max(r.SessionTime, g.SessionTime)
	r.Updated = max(r.Updated, g.Updated)
	if g.Started > 0 && (r.Started == 0 || g.Started < r.Started) {
		r.Started = g.Started
	}
	return r
}

// graphSessions reads the sessions of keys that the graph holds, updated since since,
// newest first.
func graphSessions(c *gremlinconsole.Call, keys []keyRef, mac string, since time.Time) ([]policycache.Session, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ids := make([]any, len(keys))
	for i, k := range keys {
		ids[i] = keyVID(k.KeyID)
	}
	t := c.G().V(ids...).In(edgeSessionOfPSK).HasLabel(labelSession).Has(propUpdated, gremlingo.P.Gte(since.UnixMilli()))
	if mac != "" {
		t = t.Has(propMAC, mac)
	}
	res, err := graphdb.All(t.Order().By(propUpdated, gremlingo.Order.Desc).Limit(maxHistorySessions).
		ValueMap(propVenue, propAcctSessionID, propKeyID, propUnit, propMAC, propNASID, propNASAddress,
			propStarted, propUpdated, propIn, propOut, propSessionTime, propActive))
	if err != nil {
		return nil, err
	}
	out := make([]policycache.Session, 0, len(res))
	for _, r := range res {
		m := graphdb.Flatten(r.GetInterface())
		x := policycache.Session{
			VenueID: str(m, propVenue), SessionID: str(m, propAcctSessionID), KeyID: str(m, propKeyID), UnitID: str(m, propUnit),
			MAC: str(m, propMAC), NASIdentifier: str(m, propNASID), NASAddress: str(m, propNASAddress),
			Started: num(m, propStarted), Updated: num(m, propUpdated), SessionTime: num(m, propSessionTime),
			InputOctets: unum(m, propIn), OutputOctets: unum(m, propOut),
		}
		x.Active, _ = m[propActive].(bool)
		x.Ref = x.VenueID + "|" + x.SessionID
		out = append(out, x)
	}
	return out, nil
}

// unitUsages returns the usage of each unit on each day, unit by unit, each unit's days in
// the order given: the larger, field by field, of the graph's daily record and Redis's
// counters (which hold today's figures before they are flushed, and any day Redis still
// remembers).
func (s *Commands) unitUsages(ctx context.Context, c *gremlinconsole.Call, unitIDs []string, days []time.Time) ([]policycache.Usage, error) {
	live, err := s.Cache.UnitUsages(ctx, c.VenueID, unitIDs, days)
	if err != nil {
		return nil, err
	}
	var ids []any
	for _, u := range unitIDs {
		for _, d := range days {
			if key, err := schema.UnitDailyUsageKey(c.VenueID, u, schema.UsageDay(d)); err == nil {
				ids = append(ids, schema.GraphID(schema.VertexUnitDailyUsage, key))
			}
		}
	}
	if len(ids) == 0 {
		return live, nil
	}
	res, err := graphdb.All(c.G().V(ids...).HasLabel(labelDailyUsage).Has(propVenue, c.VenueID).
		ValueMap(propUnit, propDay, propIn, propOut, propSessionCount))
	if err != nil {
		return nil, err
	}
	stored := make(map[string]map[string]any, len(res))
	for _, r := range res {
		m := graphdb.Flatten(r.GetInterface())
		stored[str(m, propUnit)+"|"+schema.UsageDay(time.UnixMilli(num(m, propDay)))] = m
	}
	for i, u := range live {
		if m, ok := stored[u.UnitID+"|"+u.Day]; ok {
			live[i].InputOctets = max(u.InputOctets, unum(m, propIn))
			live[i].OutputOctets = max(u.OutputOctets, unum(m, propOut))
			live[i].Sessions = max(u.Sessions, num(m, propSessionCount))
		}
	}
	return live, nil
}

// num reads an integer property of a flattened valueMap (0 when absent).
func num(m map[string]any, k string) int64 { return graphdb.Int64(m, k) }

func unum(m map[string]any, k string) uint64 {
	if n := num(m, k); n > 0 {
		return uint64(n)
	}
	return 0
}

package policycache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Reader is radiusd's view of the projection. It keeps the gateway table
// and the keypools' candidate sets in process, refreshing each when its
// version in Redis changes. Safe for concurrent use.
type Reader struct {
	s       *Store
	clients atomic.Pointer[Clients]

	mu    sync.Mutex
	pools map[string]*pool

	// opened caches decoded keys by their stored JSON, so a key read again
	// unchanged costs neither JSON decoding nor two AES-GCM opens. A
	// changed key has a different blob and misses. Bounded by
	// openedLimit entries; it starts over when full.
	openedMu sync.RWMutex
	opened   map[string]*Key

	// cache answers Device for known devices while Watch keeps it coherent.
	cache                   deviceCache
	gate                    *versionGate
	callTimeout             time.Duration
	hits, misses, watchErrs atomic.Uint64
	warmRequests            atomic.Int64
}

const openedLimit = 250_000

// open decodes blob, through the cache. The returned Key is shared and
// must not be modified.
func (r *Reader) open(blob string) (*Key, error) {
	r.openedMu.RLock()
	k := r.opened[blob]
	r.openedMu.RUnlock()
	if k != nil {
		return k, nil
	}
	k, err := r.s.decode(blob)
	if err != nil {
		return nil, err
	}
	r.openedMu.Lock()
	if len(r.opened) >= openedLimit {
		r.opened = make(map[string]*Key, openedLimit)
	}
	r.opened[blob] = k
	r.openedMu.Unlock()
	return k, nil
}

type pool struct {
	mu      sync.Mutex
	version int64
	keys    []*Key
}

// NewReader returns a Reader over s.
func (s *Store) NewReader() *Reader {
	r := &Reader{s: s, pools: map[string]*pool{}, opened: map[string]*Key{}}
	r.gate = &versionGate{read: s.Version, timeout: time.Second, now: time.Now}
	r.callTimeout = time.Second
	return r
}

// SetMaxStaleness lets Device answer a known device from memory without a
// round trip when the cache is current as of a version read at most d
// before the call: a write completed more than d before a lookup is always
// seen, one completed within d may not be yet. Zero (the default) is
// strict: every write completed before the call is seen, at the cost of a
// (coalesced) version read per lookup. Set it before the Reader is used.
func (r *Reader) SetMaxStaleness(d time.Duration) { r.gate.maxAge = max(d, 0) }

// SetCallTimeout bounds each Redis call Device makes (default one second),
// so callers need not give every lookup a deadline of its own: a lookup
// answered from memory then costs no timer. Set it before the Reader is
// used.
func (r *Reader) SetCallTimeout(d time.Duration) {
	if d > 0 {
		r.gate.timeout, r.callTimeout = d, d
	}
}

// Clients is a snapshot of venues and gateways, the gateway tables
// derived from the venues' own gateway lists.
type Clients struct {
	Version int64
	Venues  map[string]*Venue   // by VenueID; Secret decrypted
	ByAddr  map[string]*Gateway // by source IP address (unique: a claim in the graph)
	// ByNASID lists, per NAS-Identifier, the gateway of every venue using
	// it, ordered by VenueID: NAS-Identifiers are unique per operator only,
	// so two operators' venues may share one, and radiusd tells them apart
	// by the secret the request is signed with.
	ByNASID map[string][]*Gateway
}

// GatewayOf returns venueID's gateway with source address addr, else with
// NAS-Identifier nasID; nil when the venue has neither.
func (c *Clients) GatewayOf(venueID, addr, nasID string) *Gateway {
	if g := c.ByAddr[addr]; g != nil && g.VenueID == venueID {
		return g
	}
	for _, g := range c.ByNASID[nasID] {
		if g.VenueID == venueID {
			return g
		}
	}
	return nil
}

// Clients returns the last loaded gateway table (nil before the first
// successful RefreshClients).
func (r *Reader) Clients() *Clients { return r.clients.Load() }

// RefreshClients reloads venues and gateways when cfgver changed (one
// round trip when it did not, two when it did) and returns the current
// table. On error the previous table stays in use.
func (r *Reader) RefreshClients(ctx context.Context) (*Clients, error) {
	p := r.s.prefix
	ver, err := r.s.rdb.Get(ctx, p+"cfgver").Int64()
	if err != nil && !errors.Is(err, redis.Nil) {
		return r.clients.Load(), err
	}
	if cur := r.clients.Load(); cur != nil && cur.Version == ver {
		return cur, nil
	}
	pipe := r.s.rdb.Pipeline()
	venues := pipe.HGetAll(ctx, p+"venues")
	verCmd := pipe.Get(ctx, p+"cfgver")
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return r.clients.Load(), err
	}
	ver, _ = verCmd.Int64()
	c := &Clients{Version: ver, Venues: map[string]*Venue{}, ByAddr: map[string]*Gateway{}, ByNASID: map[string][]*Gateway{}}
	for id, blob := range venues.Val() {
		var st storedVenue
		if err := json.Unmarshal([]byte(blob), &st); err != nil {
			return r.clients.Load(), fmt.Errorf("policycache: venue %s: %w", id, err)
		}
		v := st.Venue
		if st.SecretSealed != "" {
			if v.Secret, err = r.s.ring.DecryptString(st.SecretSealed, secretContext(id)); err != nil {
				return r.clients.Load(), fmt.Errorf("policycache: venue %s secret: %w", id, err)
			}
		}
		c.Venues[id] = &v
		for i := range v.Gateways {
			g := &v.Gateways[i]
			g.VenueID = id
			if g.Address != "" {
				if have := c.ByAddr[g.Address]; have == nil || id < have.VenueID {
					c.ByAddr[g.Address] = g
				}
			}
			if g.NASIdentifier != "" {
				c.ByNASID[g.NASIdentifier] = append(c.ByNASID[g.NASIdentifier], g)
			}
		}
	}
	for id, gs := range c.ByNASID {
		slices.SortStableFunc(gs, func(a, b *Gateway) int { return strings.Compare(a.VenueID, b.VenueID) })
		c.ByNASID[id] = slices.CompactFunc(gs, func(a, b *Gateway) bool { return a.VenueID == b.VenueID })
	}
	r.clients.Store(c)
	return c, nil
}

// decode opens a stored key.
func (s *Store) decode(blob string) (*Key, error) {
	var st storedKey
	if err := json.Unmarshal([]byte(blob), &st); err != nil {
		return nil, err
	}
	k := st.Key
	k.CallingStationWhitelist = st.Whitelist
	var err error
	if k.Passphrase, err = s.ring.DecryptString(st.PSKSealed, pskContext(k.KeyID)); err != nil {
		return nil, fmt.Errorf("policycache: key %s PSK: %w", k.KeyID, err)
	}
	if k.PMK, err = s.ring.Decrypt(st.PMKSealed, pmkContext(k.KeyID, k.SSID)); err != nil {
		return nil, fmt.Errorf("policycache: key %s PMK: %w", k.KeyID, err)
	}
	return &k, nil
}

// Key returns a key by id, or nil when it does not exist. The returned Key
// is the caller's own.
func (r *Reader) Key(ctx context.Context, keyID string) (*Key, error) {
	blob, err := r.s.rdb.Get(ctx, r.s.prefix+"k:"+keyID).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return r.s.decode(blob)
}

// DeviceLookup is what radiusd learns about a device in one round trip.
type DeviceLookup struct {
	Key *Key // nil when the device is not bound or its key is gone
	// OnlineDevices counts the key's devices seen online since the cutoff
	// passed to Device; ThisDeviceOnline says whether mac is one of them.
	OnlineDevices    int
	ThisDeviceOnline bool
}

// deviceScript reads a device's binding, key and the key's online devices
// with the projection version they are current at. KEYS bind:{venue}|{mac}.
// ARGV prefix. Returns {ver}, {ver, id} (key gone) or {ver, id, blob,
// {mac, score, ...}}.
var deviceScript = redis.NewScript(`
local v = tonumber(redis.call('GET', ARGV[1] .. 'ver') or '0')
local id = redis.call('GET', KEYS[1])
if not id then return {v} end
local blob = redis.call('GET', ARGV[1] .. 'k:' .. id)
if not blob then return {v, id} end
return {v, id, blob, redis.call('ZRANGE', ARGV[1] .. 'online:' .. id, 0, -1, 'WITHSCORES')}`)

// Device returns the key (shared, read-only) a device (normalised MAC) of
// a venue is bound to, with the key's online-device count since
// onlineSince (epoch ms). While Watch runs, a device looked up before is
// answered from memory after one coalesced version read (none within the
// staleness bound, see SetMaxStaleness); otherwise, and on a miss, it costs
// one round trip (a Lua script). The answer reflects every write completed
// before the call, or before the staleness bound when one is set.
func (r *Reader) Device(ctx context.Context, venueID, mac string, onlineSince int64) (*DeviceLookup, error) {
	return r.device(ctx, venueID, mac, onlineSince, false)
}

// DeviceFresh is Device ignoring the staleness bound: the answer reflects
// every write completed before the call, such as the caller's own binding.
func (r *Reader) DeviceFresh(ctx context.Context, venueID, mac string, onlineSince int64) (*DeviceLookup, error) {
	return r.device(ctx, venueID, mac, onlineSince, true)
}

func (r *Reader) device(ctx context.Context, venueID, mac string, onlineSince int64, strict bool) (*DeviceLookup, error) {
	dev := venueID + "|" + mac
	// A device the cache has never seen goes straight to Redis: waiting
	// for a version first would only add a round trip.
	if r.cache.has(dev) {
		ver, err := r.gate.wait(ctx, strict)
		if err != nil {
			return nil, err
		}
		if _, e, ok := r.cache.lookup(dev, ver); ok {
			r.hits.Add(1)
			return lookupOf(e, mac, onlineSince), nil
		}
	}
	r.misses.Add(1)
	ctx, cancel := context.WithTimeout(ctx, r.callTimeout)
	defer cancel()
	res, err := deviceScript.Run(ctx, r.s.rdb, []string{r.s.prefix + "bind:" + dev}, r.s.prefix).Slice()
	if err != nil {
		return nil, err
	}
	ver, _ := res[0].(int64)
	keyID, e, err := r.entryOf(res[1:])
	if err != nil {
		return nil, err
	}
	r.cache.fill(ver, dev, keyID, e)
	return lookupOf(e, mac, onlineSince), nil
}

// entryOf decodes deviceScript's answer after the version: {} (unbound),
// {id} (key gone) or {id, blob, {mac, score, ...}}.
func (r *Reader) entryOf(res []any) (string, *keyEntry, error) {
	if len(res) == 0 {
		return "", nil, nil
	}
	keyID, _ := res[0].(string)
	e := &keyEntry{}
	if len(res) >= 3 {
		blob, _ := res[1].(string)
		var err error
		if e.key, err = r.open(blob); err != nil {
			return "", nil, err
		}
		on, _ := res[2].([]any)
		e.online = make(map[string]int64, len(on)/2)
		for i := 0; i+1 < len(on); i += 2 {
			m, _ := on[i].(string)
			sc, _ := on[i+1].(string)
			ms, _ := strconv.ParseFloat(sc, 64)
			e.online[m] = int64(ms)
		}
	}
	return keyID, e, nil
}

// lookupOf counts the online devices of e since onlineSince.
func lookupOf(e *keyEntry, mac string, onlineSince int64) *DeviceLookup {
	if e == nil || e.key == nil {
		return &DeviceLookup{}
	}
	l := &DeviceLookup{Key: e.key}
	for m, seen := range e.online {
		if seen >= onlineSince {
			l.OnlineDevices++
			if m == mac {
				l.ThisDeviceOnline = true
			}
		}
	}
	return l
}

// DeviceCacheStats returns how many Device lookups were answered from
// memory and how many read Redis.
func (r *Reader) DeviceCacheStats() (hits, misses uint64) { return r.hits.Load(), r.misses.Load() }

// candidatesScript: KEYS pool, poolver. ARGV known version. Returns
// {version} when unchanged, else {version, blob...}.
var candidatesScript = redis.NewScript(`
local v = redis.call('GET', KEYS[2]) or '0'
if v == ARGV[1] then return {v} end
local ids = redis.call('SMEMBERS', KEYS[1])
local out = {v}
local prefix = ARGV[2]
for i = 1, #ids, 1000 do
  local batch = {}
  for j = i, math.min(i + 999, #ids) do batch[#batch + 1] = prefix .. 'k:' .. ids[j] end
  local blobs = redis.call('MGET', unpack(batch))
  for _, b in ipairs(blobs) do if b then out[#out + 1] = b end end
end
return out`)

// Candidates returns every key of a keypool with its PMK: the unbound-mode
// search space. One round trip checks the pool's version; the keys are
// fetched (in the same round trip) and decrypted only when it changed.
// The returned slice is shared and must not be modified.
func (r *Reader) Candidates(ctx context.Context, venueID, ssid string) ([]*Key, error) {
	name := venueID + "|" + ssid
	r.mu.Lock()
	p := r.pools[name]
	if p == nil {
		p = &pool{version: -1}
		r.pools[name] = p
	}
	r.mu.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	res, err := candidatesScript.Run(ctx, r.s.rdb, []string{r.s.prefix + "pool:" + name, r.s.prefix + "poolver:" + name},
		strconv.FormatInt(p.version, 10), r.s.prefix).Slice()
	if err != nil {
		return nil, err
	}
	ver, _ := strconv.ParseInt(res[0].(string), 10, 64)
	if ver == p.version {
		return p.keys, nil
	}
	keys := make([]*Key, 0, len(res)-1)
	for _, b := range res[1:] {
		k, err := r.s.decode(b.(string))
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	p.version, p.keys = ver, keys
	return keys, nil
}

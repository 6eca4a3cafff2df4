package policycache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/redis/go-redis/v9"
	vaultcrypto "github.com/wifivault/wifivault/crypto"
)

// DefaultPrefix prefixes every Redis key of the projection.
const DefaultPrefix = "wv:"

// Store is the projection in one Redis database. Its writer methods are
// what a projector calls; NewReader gives radiusd's view. Safe for
// concurrent use.
type Store struct {
	rdb    redis.UniversalClient
	ring   *vaultcrypto.KeyRing
	prefix string
}

// NewStore returns a Store on rdb sealing secrets with ring. prefix ""
// means DefaultPrefix.
func NewStore(rdb redis.UniversalClient, ring *vaultcrypto.KeyRing, prefix string) *Store {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return &Store{rdb: rdb, ring: ring, prefix: prefix}
}

// Redis returns the client the store uses.
func (s *Store) Redis() redis.UniversalClient { return s.rdb }

// storedKey is the JSON form of a key in Redis: the Key's own fields (its
// NASWhitelist among them, as given) with the passphrase and PMK sealed
// and the Calling-Station whitelist normalised under "wl".
type storedKey struct {
	Key
	Passphrase string   `json:"-"`
	PMK        []byte   `json:"-"`
	PSKSealed  string   `json:"psk"`
	PMKSealed  string   `json:"pmk"`
	Whitelist  []string `json:"wl,omitempty"`
}

func pskContext(keyID string) string       { return "policycache psk " + keyID }
func pmkContext(keyID, ssid string) string { return "policycache pmk " + keyID + "|" + ssid }
func secretContext(venueID string) string  { return "policycache radius secret " + venueID }

// validateKey checks a key before it is sealed and stored.
func validateKey(k *Key) error {
	switch {
	case k.KeyID == "" || k.VenueID == "" || k.SSID == "":
		return errors.New("policycache: key needs KeyID, VenueID and SSID")
	case k.VLAN < 0 || k.VLAN > 4094:
		return fmt.Errorf("policycache: VLAN %d out of range", k.VLAN)
	case k.ValidUntil != 0 && k.ValidUntil < k.ValidFrom:
		return errors.New("policycache: ValidUntil before ValidFrom")
	}
	return vaultcrypto.ValidatePassphrase(k.Passphrase)
}

// seal derives the PMK (unless one is supplied) and seals PSK and PMK.
func (s *Store) seal(k Key) (*storedKey, error) {
	if err := validateKey(&k); err != nil {
		return nil, err
	}
	pmk := k.PMK
	if len(pmk) != vaultcrypto.PMKLen {
		var err error
		if pmk, err = vaultcrypto.PMK(k.Passphrase, []byte(k.SSID)); err != nil {
			return nil, err
		}
	}
	st := &storedKey{Key: k}
	st.Key.Passphrase, st.Key.PMK = "", nil
	for _, m := range k.CallingStationWhitelist {
		n, err := NormalizeMAC(m)
		if err != nil {
			return nil, fmt.Errorf("policycache: whitelist entry %q: %w", m, err)
		}
		st.Whitelist = append(st.Whitelist, n)
	}
	st.Key.CallingStationWhitelist = nil
	for _, n := range k.NASWhitelist {
		if n == "" {
			return nil, errors.New("policycache: empty NAS whitelist entry")
		}
	}
	var err error
	if st.PSKSealed, err = s.ring.EncryptString(k.Passphrase, pskContext(k.KeyID)); err != nil {
		return nil, err
	}
	if st.PMKSealed, err = s.ring.Encrypt(pmk, pmkContext(k.KeyID, k.SSID)); err != nil {
		return nil, err
	}
	return st, nil
}

// putKeyScript stores a key unless a newer revision (stored or deleted)
// exists, moving it between pools if its venue or SSID changed, and bumps
// the versions of the pools it touched.
// KEYS: k:{id}, ktomb:{id}, pool(new), poolver(new). ARGV: json, revision, id, prefix, poolname.
var putKeyScript = redis.NewScript(notifyLua + `
local tomb = tonumber(redis.call('GET', KEYS[2]) or '-1')
if tonumber(ARGV[2]) < tomb then return 0 end
local old = redis.call('GET', KEYS[1])
if old then
  local o = cjson.decode(old)
  if tonumber(ARGV[2]) < (o.Revision or 0) then return 0 end
  local oldpool = o.VenueID .. '|' .. o.SSID
  if oldpool ~= ARGV[5] then
    redis.call('SREM', ARGV[4] .. 'pool:' .. oldpool, ARGV[3])
    redis.call('INCR', ARGV[4] .. 'poolver:' .. oldpool)
  end
  if old == ARGV[1] then return 1 end
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[3])
redis.call('INCR', KEYS[4])
notify(ARGV[4], {'k:' .. ARGV[3]})
return 1`)

// PutKey stores or replaces a key, deriving its PMK for the key's SSID
// here (PBKDF2, about a millisecond) so that authentication never does.
// It reports false when a newer revision of the key is already stored or
// deleted. Repeating a put is harmless.
func (s *Store) PutKey(ctx context.Context, k Key) (bool, error) {
	st, err := s.seal(k)
	if err != nil {
		return false, err
	}
	cmd, err := s.putSealed(ctx, s.rdb, st)
	if err != nil {
		return false, err
	}
	n, err := cmd.Int()
	return n == 1, err
}

// putSealed runs (or, on a pipeline, queues) the put script.
func (s *Store) putSealed(ctx context.Context, c redis.Scripter, st *storedKey) (*redis.Cmd, error) {
	blob, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	pool := st.VenueID + "|" + st.SSID
	return putKeyScript.Run(ctx, c,
		[]string{s.prefix + "k:" + st.KeyID, s.prefix + "ktomb:" + st.KeyID, s.prefix + "pool:" + pool, s.prefix + "poolver:" + pool},
		blob, st.Revision, st.KeyID, s.prefix, pool), nil
}

// PutKeys stores many keys (a rebuild or a bulk import), deriving the PMKs
// on all CPUs and writing in pipelined batches. Keys that share a
// passphrase and SSID share one derivation.
func (s *Store) PutKeys(ctx context.Context, keys []Key) error {
	type memo struct {
		once sync.Once
		pmk  []byte
		err  error
	}
	var memos sync.Map
	sealed := make([]*storedKey, len(keys))
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				k := keys[i]
				if len(k.PMK) != vaultcrypto.PMKLen {
					m, _ := memos.LoadOrStore(k.SSID+"\x00"+k.Passphrase, &memo{})
					mm := m.(*memo)
					mm.once.Do(func() { mm.pmk, mm.err = vaultcrypto.PMK(k.Passphrase, []byte(k.SSID)) })
					if mm.err != nil {
						errs[i] = mm.err
						continue
					}
					k.PMK = mm.pmk
				}
				sealed[i], errs[i] = s.seal(k)
			}
		}()
	}
	for i := range keys {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// Load the script once so the pipelined EVALSHAs find it.
	if err := putKeyScript.Load(ctx, s.rdb).Err(); err != nil {
		return err
	}
	const batch = 500
	for start := 0; start < len(sealed); start += batch {
		pipe := s.rdb.Pipeline()
		for _, st := range sealed[start:min(start+batch, len(sealed))] {
			if _, err := s.putSealed(ctx, pipe, st); err != nil {
				return err
			}
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// deleteKeyScript removes a key unless a newer revision is stored, along
// with its pool membership and device bindings, and leaves a tombstone.
// KEYS: k:{id}, ktomb:{id}, kdev:{id}. ARGV: revision, id, prefix.
var deleteKeyScript = redis.NewScript(notifyLua + `
local old = redis.call('GET', KEYS[1])
if old then
  local o = cjson.decode(old)
  if tonumber(ARGV[1]) < (o.Revision or 0) then return 0 end
  local pool = o.VenueID .. '|' .. o.SSID
  redis.call('SREM', ARGV[3] .. 'pool:' .. pool, ARGV[2])
  redis.call('INCR', ARGV[3] .. 'poolver:' .. pool)
end
local tags = {'k:' .. ARGV[2]}
for _, d in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('GET', ARGV[3] .. 'bind:' .. d) == ARGV[2] then
    redis.call('DEL', ARGV[3] .. 'bind:' .. d)
    tags[#tags + 1] = 'b:' .. d
  end
end
redis.call('DEL', KEYS[1], KEYS[3])
local tomb = tonumber(redis.call('GET', KEYS[2]) or '-1')
if tonumber(ARGV[1]) > tomb then redis.call('SET', KEYS[2], ARGV[1], 'EX', 86400) end
notify(ARGV[3], tags)
return 1`)

// DeleteKey removes a key, its bindings and its candidacy, unless a newer
// revision is stored. Deleting a missing key succeeds. radiusd's
// DisconnectKey should be called for the key's sessions afterwards.
func (s *Store) DeleteKey(ctx context.Context, keyID string, revision int64) (bool, error) {
	n, err := deleteKeyScript.Run(ctx, s.rdb,
		[]string{s.prefix + "k:" + keyID, s.prefix + "ktomb:" + keyID, s.prefix + "kdev:" + keyID},
		revision, keyID, s.prefix).Int()
	return n == 1, err
}

// BindDevice binds a device (any MAC form) of a venue to a key, replacing
// an earlier binding. radiusd calls it after an unbound-mode match; the
// projector calls it for bindings made through the API.
func (s *Store) BindDevice(ctx context.Context, venueID, mac, keyID string) error {
	m, err := NormalizeMAC(mac)
	if err != nil {
		return err
	}
	dev := venueID + "|" + m
	return bindScript.Run(ctx, s.rdb, []string{s.prefix + "bind:" + dev, s.prefix + "kdev:" + keyID}, s.prefix, dev, keyID).Err()
}

// bindScript binds one device and publishes the change.
// KEYS: bind:{dev}, kdev:{key}. ARGV: prefix, dev, key id.
var bindScript = redis.NewScript(notifyLua + `
redis.call('SET', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[2])
notify(ARGV[1], {'b:' .. ARGV[2]})
return 1`)

// UnbindDevice forgets a device's binding (forgetSubscriberDevices).
func (s *Store) UnbindDevice(ctx context.Context, venueID, mac string) error {
	m, err := NormalizeMAC(mac)
	if err != nil {
		return err
	}
	dev := venueID + "|" + m
	keyID, err := s.rdb.Get(ctx, s.prefix+"bind:"+dev).Result()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	if err != nil {
		return err
	}
	return unbindScript.Run(ctx, s.rdb, []string{s.prefix + "bind:" + dev, s.prefix + "kdev:" + keyID}, s.prefix, dev).Err()
}

// unbindScript forgets one binding and publishes the change.
// KEYS: bind:{dev}, kdev:{key}. ARGV: prefix, dev.
var unbindScript = redis.NewScript(notifyLua + `
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[2])
notify(ARGV[1], {'b:' .. ARGV[2]})
return 1`)

// storedVenue is the JSON form of a venue in Redis.
type storedVenue struct {
	Venue
	Secret       string `json:"-"`
	SecretSealed string `json:"secret,omitempty"`
}

// PutVenue stores a venue's RADIUS configuration and its gateways,
// replacing the gateways it had, unless a newer revision is stored.
func (s *Store) PutVenue(ctx context.Context, v Venue) (bool, error) {
	if v.VenueID == "" {
		return false, errors.New("policycache: venue needs VenueID")
	}
	if v.UnknownDevice == "" {
		v.UnknownDevice = UnknownReject
	}
	if v.UnknownDevice != UnknownReject && v.UnknownDevice != UnknownRegistration {
		return false, fmt.Errorf("policycache: unknown-device policy %q", v.UnknownDevice)
	}
	st := storedVenue{Venue: v}
	st.Venue.Secret = ""
	if v.Secret != "" {
		var err error
		if st.SecretSealed, err = s.ring.EncryptString(v.Secret, secretContext(v.VenueID)); err != nil {
			return false, err
		}
	}
	if st.Gateways == nil {
		st.Gateways = []Gateway{}
	}
	for i := range st.Gateways {
		st.Gateways[i].VenueID = v.VenueID
	}
	blob, err := json.Marshal(st)
	if err != nil {
		return false, err
	}
	n, err := putVenueScript.Run(ctx, s.rdb, []string{s.prefix + "venues", s.prefix + "cfgver"},
		string(blob), v.Revision, v.VenueID).Int()
	return n == 1, err
}

// putVenueScript: KEYS venues, cfgver. ARGV json, revision, venue id.
var putVenueScript = redis.NewScript(notifyLua + `
local old = redis.call('HGET', KEYS[1], ARGV[3])
if old then
  local o = cjson.decode(old)
  if tonumber(ARGV[2]) < (o.Revision or 0) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[3], ARGV[1])
redis.call('INCR', KEYS[2])
notify(string.sub(KEYS[2], 1, #KEYS[2] - 6), {'c'})
return 1`)

// DeleteVenue removes a venue and its gateways.
func (s *Store) DeleteVenue(ctx context.Context, venueID string) error {
	_, err := deleteVenueScript.Run(ctx, s.rdb, []string{s.prefix + "venues", s.prefix + "cfgver"}, venueID).Result()
	if errors.Is(err, redis.Nil) {
		return nil
	}
	return err
}

var deleteVenueScript = redis.NewScript(notifyLua + `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('INCR', KEYS[2])
notify(string.sub(KEYS[2], 1, #KEYS[2] - 6), {'c'})
return 1`)

// BindDevices binds many devices of a venue (MAC → key id) in pipelined
// batches, as BindDevice does one by one (a rebuild).
func (s *Store) BindDevices(ctx context.Context, venueID string, bindings map[string]string) error {
	pipe := s.rdb.Pipeline()
	n := 0
	for mac, keyID := range bindings {
		m, err := NormalizeMAC(mac)
		if err != nil {
			return err
		}
		dev := venueID + "|" + m
		pipe.Set(ctx, s.prefix+"bind:"+dev, keyID, 0)
		pipe.SAdd(ctx, s.prefix+"kdev:"+keyID, dev)
		if n++; n%1000 == 0 {
			if _, err := pipe.Exec(ctx); err != nil {
				return err
			}
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return err
	}
	// One message for the whole batch: readers drop everything they cached.
	return notifyScript.Run(ctx, s.rdb, nil, s.prefix, "*").Err()
}

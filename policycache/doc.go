// Package policycache is the Redis projection radiusd answers from: per
// venue and SSID (keypool) every valid key with its policy and its PMK for
// that SSID, device→key bindings, venue and gateway configuration,
// sessions, device online state and usage.
//
// A projector (fed by the graph's outbox, at least once) calls the Writer;
// radiusd calls the Reader. Every write is idempotent and carries the
// event's revision so a redelivered or reordered older event never
// overwrites a newer one. PSKs, PMKs and shared secrets are stored sealed
// with the vaultcrypto.KeyRing.
//
// Data model (every key below is prefixed with Store.Prefix, default "wv:"):
//
//	k:{keyID}              string  JSON storedKey (policy, sealed PSK and PMK, venue, SSID, revision)
//	ktomb:{keyID}          string  revision of a deleted key (24 h), guards late older puts
//	pool:{venue}|{ssid}    set     key ids of the keypool (unbound-mode candidates)
//	poolver:{venue}|{ssid} string  version, bumped on every change of the pool
//	bind:{venue}|{mac}     string  key id the device is bound to
//	kdev:{keyID}           set     "venue|mac" of the devices bound to the key
//	venues                 hash    venue id → JSON storedVenue (sealed secret, flags, NAS whitelist, gateways)
//	cfgver                 string  bumped on every venue or gateway change
//	sess:{venue}|{sessID}  hash    one accounting session
//	ksess:{keyID}          set     session refs of the key's active sessions
//	nsess:{venue}|{nas}    set     session refs per NAS (Accounting-On/Off)
//	active                 zset    active session ref → last update (ms), ageing
//	online:{keyID}         zset    mac → last seen (ms) of the key's online devices
//	dev:{venue}|{mac}      hash    device state: online, key, last seen, NAS
//	usage:{venue}|{unit}|{yyyymmdd} hash in, out octets and sessions per unit per day
//	changes                zset    sessions and usage entries changed since last flushed to the graph → version
//	changeseq              string  last version handed out to the changes queue
//
// MAC addresses are normalised by NormalizeMAC to 12 lower-case hex digits.
// A device is looked up in one round trip (a Lua script reads the binding,
// the key and the key's online devices) and then kept in the Reader's
// device cache, which the invalidation messages keep coherent
// (invalidate.go, devicecache.go): radiusd answers it from memory, with no
// round trip while the last version read is within its staleness bound
// (Reader.SetMaxStaleness, 5 ms in radiusd). The candidate set of a keypool
// is fetched in one round trip and cached in process until the pool's
// version changes.
package policycache

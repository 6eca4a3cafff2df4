package policycache

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Invalidation. Every write that changes what Reader.Device answers (a key,
// a binding, a key's online devices) or the gateway table increments the
// projection version ({prefix}ver) and publishes, in the same atomic
// script, one message on {prefix}inval:
//
//	<version>\n<tag>\n<tag>...
//
// with the tags "k:{keyID}" (the key or its online devices changed),
// "b:{venue}|{mac}" (a binding changed), "c" (venues or gateways changed)
// and "*" (anything may have changed: bulk writes). Versions are consecutive,
// so a Reader that sees a gap knows it missed a message.

// notifyLua defines notify(prefix, tags): bump the version and publish it
// with the tags. Scripts that call it must run it after their writes.
const notifyLua = `
local function notify(p, tags)
  local v = redis.call('INCR', p .. 'ver')
  redis.call('PUBLISH', p .. 'inval', v .. '\n' .. table.concat(tags, '\n'))
end
`

// notifyScript publishes tags in ARGV for a write made outside a script.
// KEYS: none. ARGV: prefix, tags...
var notifyScript = redis.NewScript(notifyLua + `
local tags = {}
for i = 2, #ARGV do tags[#tags + 1] = ARGV[i] end
notify(ARGV[1], tags)
return 1`)

func (s *Store) versionKey() string { return s.prefix + "ver" }

// InvalidationChannel is the Redis channel the projection's writes publish
// on.
func (s *Store) InvalidationChannel() string { return s.prefix + "inval" }

// Version returns the projection version: it grows with every write that
// changes a key, a binding, a key's online devices or the gateway table.
func (s *Store) Version(ctx context.Context) (int64, error) {
	v, err := s.rdb.Get(ctx, s.versionKey()).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return v, err
}

// invalidation is one decoded message.
type invalidation struct {
	version int64
	tags    []string
}

func parseInvalidation(payload string) (invalidation, bool) {
	parts := strings.Split(payload, "\n")
	v, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return invalidation{}, false
	}
	return invalidation{version: v, tags: parts[1:]}, true
}

// Watch keeps the Reader's device cache coherent with Redis until ctx
// ends: it subscribes to the invalidation channel, and while the
// subscription is up the cache answers known devices without a Lua call.
// When the subscription breaks the cache is emptied and bypassed until it
// is re-established (every lookup then reads Redis). A message about the
// gateway table refreshes it at once. Run it on its own goroutine.
func (r *Reader) Watch(ctx context.Context) {
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		if err := r.watchOnce(ctx); err != nil && ctx.Err() == nil {
			r.watchErrs.Add(1)
		}
		r.cache.disable()
		r.gate.forget()
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Second)
	}
}

// watchOnce runs one subscription until it fails.
func (r *Reader) watchOnce(ctx context.Context) error {
	ps := r.s.rdb.Subscribe(ctx, r.s.InvalidationChannel())
	defer ps.Close()
	// Receive does not return when ctx ends; closing the subscription does.
	stop := context.AfterFunc(ctx, func() { ps.Close() })
	defer stop()
	if _, err := ps.Receive(ctx); err != nil { // the subscription confirmation
		return err
	}
	vctx, cancel := context.WithTimeout(ctx, time.Second)
	ver, err := r.s.Version(vctx)
	cancel()
	if err != nil {
		return err
	}
	r.cache.enable(ver)
	go r.warmAgain(ctx)
	for {
		msg, err := ps.Receive(ctx)
		if err != nil {
			return err
		}
		m, ok := msg.(*redis.Message)
		if !ok {
			continue
		}
		inv, ok := parseInvalidation(m.Payload)
		if !ok {
			continue
		}
		clientsChanged, emptied := r.cache.apply(inv)
		if clientsChanged {
			go r.refreshClientsSoon(ctx)
		}
		if emptied {
			go r.warmAgain(ctx)
		}
	}
}

// refreshClientsSoon reloads the gateway table after a "c" message.
func (r *Reader) refreshClientsSoon(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, _ = r.RefreshClients(ctx)
}

// warmScript reads the bindings named in KEYS with their keys and online
// devices at one version: {ver, {id, blob, online} | {id} | {}, ...}.
// ARGV: prefix.
var warmScript = redis.NewScript(`
local out = {tonumber(redis.call('GET', ARGV[1] .. 'ver') or '0')}
for i, b in ipairs(KEYS) do
  local id = redis.call('GET', b)
  if not id then out[#out + 1] = {}
  else
    local blob = redis.call('GET', ARGV[1] .. 'k:' .. id)
    if not blob then out[#out + 1] = {id}
    else out[#out + 1] = {id, blob, redis.call('ZRANGE', ARGV[1] .. 'online:' .. id, 0, -1, 'WITHSCORES')} end
  end
end
return out`)

// warmAgain runs warm, once more after the current run if one is under
// way (never two at a time).
func (r *Reader) warmAgain(ctx context.Context) {
	if r.warmRequests.Add(1) > 1 {
		return // the running warm will go again
	}
	for {
		r.warm(ctx)
		if r.warmRequests.Add(-1) == 0 {
			return
		}
		r.warmRequests.Store(1)
	}
}

// warm fills the device cache with every binding (up to the cache's
// bound) after a (re)subscription, in batches read atomically with their
// version, so that a restarted radiusd answers known devices from memory
// at once. Requests are served meanwhile; a batch overtaken by a write is
// left out by the fill rule.
func (r *Reader) warm(ctx context.Context) {
	match := r.s.prefix + "bind:*"
	skip := len(r.s.prefix) + len("bind:")
	var cursor uint64
	loaded := 0
	for loaded < deviceCacheLimit && ctx.Err() == nil && r.cache.isEnabled() {
		binds, next, err := r.s.rdb.Scan(ctx, cursor, match, 500).Result()
		if err != nil {
			return
		}
		if len(binds) > 0 {
			res, err := warmScript.Run(ctx, r.s.rdb, binds, r.s.prefix).Slice()
			if err != nil {
				return
			}
			ver, _ := res[0].(int64)
			for i, b := range binds {
				one, _ := res[i+1].([]any)
				keyID, e, err := r.entryOf(one)
				if err != nil {
					continue
				}
				r.cache.fill(ver, b[skip:], keyID, e)
			}
			loaded += len(binds)
		}
		if cursor = next; cursor == 0 {
			return
		}
	}
}

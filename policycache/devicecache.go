package policycache

import (
	"context"
	"sync"
	"time"
)

// deviceCache holds, in process, what Reader.Device learned from Redis:
// device → key id and key id → decoded key with its online devices. It is
// coherent with Redis under two rules, using the projection version that
// every relevant write bumps atomically with its change (invalidate.go):
//
//   - use: an entry answers a request only when the cache has applied every
//     invalidation up to a version read from Redis after the request
//     arrived (versionGate), so no write completed before the request is
//     missed, whatever the pub/sub delay — or, with a staleness bound set
//     (Reader.SetMaxStaleness), a version read at most that long before
//     the request, so no write completed more than the bound before it is
//     missed;
//   - fill: a value read at version F is stored only when no invalidation
//     newer than F has been applied yet; a later one then removes it.
//
// While the subscription is down the cache is disabled (emptied, bypassed).
type deviceCache struct {
	mu      sync.RWMutex
	enabled bool
	applied int64             // every invalidation up to this version is applied
	binds   map[string]string // "venue|mac" → key id, "" when unbound
	keys    map[string]*keyEntry
}

// deviceCacheLimit bounds each map; a full map starts over.
const deviceCacheLimit = 500_000

// keyEntry is a key (nil when the binding points at a missing key) and its
// online devices (mac → last seen, epoch ms).
type keyEntry struct {
	key    *Key
	online map[string]int64
}

func (c *deviceCache) enable(ver int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.enabled, c.applied = true, ver
	c.binds, c.keys = map[string]string{}, map[string]*keyEntry{}
}

func (c *deviceCache) disable() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.enabled = false
	c.binds, c.keys = nil, nil
}

// isEnabled reports whether the subscription is up.
func (c *deviceCache) isEnabled() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.enabled
}

// apply removes what inv names. It reports whether the gateway table
// changed and whether the cache was emptied (a "*" message or a gap in the
// versions, i.e. a lost message) and should be warmed again.
func (c *deviceCache) apply(inv invalidation) (clientsChanged, emptied bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.enabled {
		return false, false
	}
	if inv.version > c.applied+1 {
		clear(c.binds)
		clear(c.keys)
		emptied = true
	}
	for _, t := range inv.tags {
		switch {
		case t == "*":
			clear(c.binds)
			clear(c.keys)
			clientsChanged, emptied = true, true
		case t == "c":
			clientsChanged = true
		case len(t) > 2 && t[:2] == "k:":
			delete(c.keys, t[2:])
		case len(t) > 2 && t[:2] == "b:":
			delete(c.binds, t[2:])
		}
	}
	c.applied = max(c.applied, inv.version)
	return clientsChanged, emptied
}

// has reports whether dev is cached (current or not).
func (c *deviceCache) has(dev string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.binds[dev]
	return ok
}

// lookup answers dev from memory if the cache is current as of version
// atLeast. ok is false on a miss.
func (c *deviceCache) lookup(dev string, atLeast int64) (keyID string, e *keyEntry, ok bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if !c.enabled || c.applied < atLeast {
		return "", nil, false
	}
	id, found := c.binds[dev]
	if !found {
		return "", nil, false
	}
	if id == "" {
		return "", nil, true
	}
	e = c.keys[id]
	return id, e, e != nil
}

// fill stores what was read from Redis at version ver.
func (c *deviceCache) fill(ver int64, dev, keyID string, e *keyEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.enabled || ver < c.applied {
		return
	}
	if len(c.binds) >= deviceCacheLimit {
		clear(c.binds)
	}
	c.binds[dev] = keyID
	if keyID != "" {
		if len(c.keys) >= deviceCacheLimit {
			clear(c.keys)
		}
		c.keys[keyID] = e
	}
}

// versionGate coalesces the version reads of concurrent requests: a
// request waits for a read that STARTED after it arrived (the one in
// flight may have started before), so one GET serves every request that
// arrived while the previous one was on the wire.
//
// With maxAge > 0 the gate also accepts a read that started at most maxAge
// before the request (bounded staleness): such a request does not wait at
// all, and a read is started in the background once the last one is half
// that old, so a busy reader keeps a fresh version without any request
// paying a round trip. A strict wait ignores maxAge.
type versionGate struct {
	read     func(ctx context.Context) (int64, error)
	timeout  time.Duration
	maxAge   time.Duration
	now      func() time.Time
	mu       sync.Mutex
	inflight *versionRead
	queued   *versionRead
	// lastStarted/lastVer: the most recent successful read, by start time.
	lastStarted time.Time
	lastVer     int64
}

type versionRead struct {
	done    chan struct{}
	started time.Time
	ver     int64
	err     error
}

// wait returns a version read from Redis after the call began, or, unless
// strict, one read at most maxAge before it.
func (g *versionGate) wait(ctx context.Context, strict bool) (int64, error) {
	g.mu.Lock()
	if !strict && g.maxAge > 0 && !g.lastStarted.IsZero() {
		if age := g.now().Sub(g.lastStarted); age <= g.maxAge {
			ver := g.lastVer
			if age > g.maxAge/2 && g.inflight == nil {
				r := &versionRead{done: make(chan struct{})}
				g.inflight = r
				go g.run(r)
			}
			g.mu.Unlock()
			return ver, nil
		}
	}
	var r *versionRead
	switch {
	case g.inflight == nil:
		r = &versionRead{done: make(chan struct{})}
		g.inflight = r
		go g.run(r)
	case g.queued == nil:
		r = &versionRead{done: make(chan struct{})}
		g.queued = r
	default:
		r = g.queued
	}
	g.mu.Unlock()
	select {
	case <-r.done:
		return r.ver, r.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// run performs r, then the read queued meanwhile, until none is queued.
func (g *versionGate) run(r *versionRead) {
	for r != nil {
		ctx, cancel := context.WithTimeout(context.Background(), g.timeout)
		if g.now != nil {
			r.started = g.now()
		}
		r.ver, r.err = g.read(ctx)
		cancel()
		close(r.done)
		g.mu.Lock()
		if r.err == nil && r.started.After(g.lastStarted) {
			g.lastStarted, g.lastVer = r.started, r.ver
		}
		r, g.queued = g.queued, nil
		g.inflight = r
		g.mu.Unlock()
	}
}

// forget drops the remembered read, so the next wait reads Redis (the
// subscription broke: versions read before may be ahead of what the
// cache applied, or the cache was emptied).
func (g *versionGate) forget() {
	g.mu.Lock()
	g.lastStarted, g.lastVer = time.Time{}, 0
	g.mu.Unlock()
}

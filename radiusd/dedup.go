package radiusd

import (
	"net/netip"
	"sync"
	"time"
)

// replyCache answers retransmissions (same source, Identifier and Request
// Authenticator) with the identical bytes of the first reply (RFC 5080
// 2.2.2) and drops duplicates that arrive while the first is in progress.
// Entries live between window and 2×window: two generations rotate.
type replyCache struct {
	mu      sync.Mutex
	window  time.Duration
	rotated time.Time
	cur     map[dedupKey][]byte
	prev    map[dedupKey][]byte
}

type dedupKey struct {
	src  netip.AddrPort
	id   byte
	auth [16]byte
}

func newReplyCache(window time.Duration) *replyCache {
	return &replyCache{window: window, rotated: time.Now(), cur: map[dedupKey][]byte{}, prev: map[dedupKey][]byte{}}
}

var inFlight = []byte{}

// begin reports the cached reply for k (a non-nil empty slice while the
// first request is still being answered), or nil and registers k as in
// flight.
func (c *replyCache) begin(k dedupKey, now time.Time) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.rotated) > c.window {
		c.prev, c.cur, c.rotated = c.cur, make(map[dedupKey][]byte, len(c.cur)), now
	}
	if r, ok := c.cur[k]; ok {
		return r
	}
	if r, ok := c.prev[k]; ok {
		return r
	}
	c.cur[k] = inFlight
	return nil
}

// finish records the reply for k; reply nil forgets k (no answer was sent,
// so a retransmission is processed afresh).
func (c *replyCache) finish(k dedupKey, reply []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if reply == nil {
		delete(c.cur, k)
		delete(c.prev, k)
		return
	}
	c.cur[k] = reply
}

package radiusd

import (
	"container/list"
	"sync"
	"time"

	"github.com/wifivault/wifivault/policycache"
)

// answeredCache remembers, for the devices answered recently, the key they
// were answered with, so that radiusd can keep answering them while Redis
// is unreachable. It holds at most size entries, evicting the least
// recently answered.
type answeredCache struct {
	mu    sync.Mutex
	size  int
	ttl   time.Duration
	order *list.List // of *answered, front = most recent
	byDev map[string]*list.Element
}

type answered struct {
	dev    string
	key    *policycache.Key // nil: answered under the unknown-device policy
	online int
	at     time.Time
}

func newAnsweredCache(size int, ttl time.Duration) *answeredCache {
	return &answeredCache{size: size, ttl: ttl, order: list.New(), byDev: map[string]*list.Element{}}
}

func (c *answeredCache) put(dev string, key *policycache.Key, online int, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byDev[dev]; ok {
		a := e.Value.(*answered)
		a.key, a.online, a.at = key, online, now
		c.order.MoveToFront(e)
		return
	}
	c.byDev[dev] = c.order.PushFront(&answered{dev: dev, key: key, online: online, at: now})
	for c.order.Len() > c.size {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.byDev, old.Value.(*answered).dev)
	}
}

// get returns the device's entry if it was answered within ttl.
func (c *answeredCache) get(dev string, now time.Time) (*answered, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byDev[dev]
	if !ok {
		return nil, false
	}
	a := *e.Value.(*answered)
	if now.Sub(a.at) > c.ttl {
		return nil, false
	}
	return &a, true
}

// forgetKey drops every entry answered with keyID (the key was removed).
func (c *answeredCache) forgetKey(keyID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.order.Front(); e != nil; {
		next := e.Next()
		if a := e.Value.(*answered); a.key != nil && a.key.KeyID == keyID {
			c.order.Remove(e)
			delete(c.byDev, a.dev)
		}
		e = next
	}
}

package network

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"sync"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// keyUnitsVersion is a venue property every traversal that adds, changes or deletes a
// unit of the venue sets to a new random value, in the same transaction as the change.
// listVenueUnits reads it (one small round trip) and answers from its cache when the
// rendered list it holds was read at that same version; the version lives in the graph,
// so every service instance sees every other instance's changes.
const keyUnitsVersion = "UnitsVersion"

// bumpUnitsVersion sets a new units version on the venue the traverser is at.
func bumpUnitsVersion(t *gremlingo.GraphTraversal) *gremlingo.GraphTraversal {
	return t.Property(gremlingo.Cardinality.Single, keyUnitsVersion, newVersion())
}

// unitListCache holds the rendered unit list of recently listed venues.
type unitListCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]unitListEntry
}

type unitListEntry struct {
	version string
	count   int
	units   json.RawMessage
	updated int64
}

var unitLists = &unitListCache{max: 256, entries: map[string]unitListEntry{}}

func (u *unitListCache) get(venue, version string) (unitListEntry, bool) {
	if version == "" {
		return unitListEntry{}, false
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	e, ok := u.entries[venue]
	return e, ok && e.version == version
}

func (u *unitListCache) put(venue string, e unitListEntry) {
	if e.version == "" {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.entries) >= u.max {
		clear(u.entries)
	}
	u.entries[venue] = e
}

// newVersion returns a random 64-bit version in hex.
func newVersion() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

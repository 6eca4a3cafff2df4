package network

import (
	"fmt"
	"math/rand/v2"
	"net/http"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/gremlinconsole"
	"github.com/wifivault/wifivault/schema"
)

// VLAN assignment
//
// No two units of a venue share a VLAN: a unit's VLAN is held by a vlan_claim vertex
// whose id is schema.VLANClaimKey(venue, vlan), added in the same traversal as the unit
// (with a claim_held_by edge to it). A second addV with an existing id fails, so the
// guarantee holds on every backend, whatever the isolation of its transactions.
//
// Auto-assignment does not scan the range. The venue keeps, per purpose, a cursor: the
// last VLAN it handed out (AutoVLANCursor_<purpose>). A request reads the cursor and
// tries the next few candidates (cursor+1, cursor+2, ..., wrapping from the range's
// maximum to its minimum) in ONE traversal: a coalesce whose branches each claim one
// candidate if its claim vertex is absent (and carry that candidate's audit entry and
// VenueUnitAdded event), so the first free candidate wins and the cursor moves to it.
// In the common case that is one traversal with one claim.
//
// When every candidate is taken (manual VLANs, units added since the cursor was read,
// or concurrent requests that read the same cursor), the traversal fails with
// windowFullMessage and writes nothing. The request then reads the VLANs the venue's
// units hold (one read, O(units) and at most 5000, never O(range)), computes the free
// VLANs after the cursor, and tries a window of them starting at a random one of the
// first few, so concurrent requests spread over different candidates instead of
// colliding again. No free VLAN left is the seeds' "auto-generated VLAN not available".
// A backend that refuses a claim id created concurrently (JanusGraph, Neptune) fails the
// whole traversal; the request then starts over with a fresh read. A VLAN freed by a
// deleted unit is handed out again when the cursor wraps around.
const (
	firstWindow       = 4  // candidates of one try (each branch carries its audit entry and event)
	spreadFree        = 32 // a retry's window starts at a random one of this many free VLANs
	windowFullMessage = "VLAN window full."
	maxClaimRetries   = 24 // fresh reads after a concurrent claim conflict
	maxWindowAttempts = 64 // windows one request tries under contention
)

// freeVLANs returns the VLANs of [lo, hi] no unit of the call's venue holds, in cursor
// order (after cursor, wrapping), at most spreadFree+firstWindow of them.
func (n *Commands) freeVLANs(c *gremlinconsole.Call, cursor, lo, hi int64) ([]int64, error) {
	res, err := graphdb.All(c.G().V(venueVID(c.VenueID)).Out(EdgeVenueUnit).Values(string(schema.KeyVLAN)))
	if err != nil {
		return nil, err
	}
	taken := make(map[int64]bool, len(res))
	for _, r := range res {
		taken[toInt64(r.GetInterface())] = true
	}
	span := hi - lo + 1
	var free []int64
	for i := int64(1); i <= span && len(free) < spreadFree+firstWindow; i++ {
		v := lo + ((cursor-lo+i)%span+span)%span
		if !taken[v] {
			free = append(free, v)
		}
	}
	return free, nil
}

// pickWindow takes firstWindow consecutive free VLANs starting at a random one of the
// first spreadFree, wrapping within free.
func pickWindow(free []int64) []int64 {
	start := 0
	if k := min(len(free), spreadFree); k > 1 {
		start = rand.IntN(k)
	}
	out := make([]int64, 0, firstWindow)
	for i := 0; i < len(free) && len(out) < firstWindow; i++ {
		out = append(out, free[(start+i)%len(free)])
	}
	return out
}

// vlanClaimID is the graph id of the claim of vlan at venue.
func vlanClaimID(venueID string, vlan int64) (string, error) {
	k, err := schema.VLANClaimKey(venueID, vlan)
	if err != nil {
		return "", err
	}
	return gremlinconsole.VertexID(LabelVLANClaim, k), nil
}

// vlanWindow returns up to size candidates after cursor within [lo, hi], wrapping.
func vlanWindow(cursor, lo, hi int64, size int) []int64 {
	span := hi - lo + 1
	if int64(size) > span {
		size = int(span)
	}
	out := make([]int64, 0, size)
	for i := int64(1); len(out) < size; i++ {
		v := lo + ((cursor-lo+i)%span+span)%span
		out = append(out, v)
	}
	return out
}

// claimBranch is one coalesce branch: when the claim of vlan is absent, add it (cursor
// moved, then the caller's side effects for this vlan appended by decorate) and emit
// the claim vertex; otherwise emit nothing.
func claimBranch(venueID string, vlan int64, cursorKey string, decorate func(*gremlingo.GraphTraversal, int64) *gremlingo.GraphTraversal) (*gremlingo.GraphTraversal, error) {
	id, err := vlanClaimID(venueID, vlan)
	if err != nil {
		return nil, err
	}
	b := graphdb.AddClaim(__.Not(__.V(id)), LabelVLANClaim, id).
		Property(gremlingo.Cardinality.Single, string(schema.KeyVLAN), vlan).
		Property(gremlingo.Cardinality.Single, gremlinconsole.KeyVenueID, venueID)
	if cursorKey != "" {
		b = b.SideEffect(__.Select("venue").Property(gremlingo.Cardinality.Single, cursorKey, vlan))
	}
	return decorate(b, vlan), nil
}

// claimWindow appends to t (carrying the venue, labelled "venue") the claim of the first
// free VLAN of candidates, labelled "claim"; with one candidate given by the caller
// (manual VLAN) a taken VLAN fails with 409 naming vlan.
func claimWindow(t *gremlingo.GraphTraversal, venueID string, candidates []int64, cursorKey string, manual bool,
	decorate func(*gremlingo.GraphTraversal, int64) *gremlingo.GraphTraversal) (*gremlingo.GraphTraversal, error) {
	branches := make([]any, 0, len(candidates)+1)
	for _, v := range candidates {
		b, err := claimBranch(venueID, v, cursorKey, decorate)
		if err != nil {
			return nil, err
		}
		branches = append(branches, b)
	}
	if manual {
		branches = append(branches, __.Fail(graphdb.FailMessage(http.StatusConflict,
			fmt.Sprintf("vlan: VLAN %d is assigned to another unit at this venue.", candidates[0]))))
	} else {
		branches = append(branches, __.Fail(graphdb.FailMessage(http.StatusConflict, windowFullMessage)))
	}
	return t.Coalesce(branches...).As("claim"), nil
}

// purposeRange returns the auto-generated VLAN range of a purpose: the venue's own
// bounds, else the operator's, else the default 1050–4095. (Seed 003 says the operator's
// ranges come first with the venue's as fallback; a venue's explicitly configured range
// is the more specific setting, so it wins here.)
func purposeRange(purpose string, venue, operator map[string]any) (lo, hi int64, cursorKey string) {
	for _, r := range vlanRanges {
		if r.purpose != purpose {
			continue
		}
		lo, hi = DefaultMinAutoVLAN, DefaultMaxAutoVLAN
		if v, ok := operator[r.minKey]; ok {
			lo = toInt64(v)
		}
		if v, ok := operator[r.maxKey]; ok {
			hi = toInt64(v)
		}
		if v, ok := venue[r.minKey]; ok {
			lo = toInt64(v)
		}
		if v, ok := venue[r.maxKey]; ok {
			hi = toInt64(v)
		}
		return lo, hi, r.cursorKey
	}
	return DefaultMinAutoVLAN, DefaultMaxAutoVLAN, ""
}

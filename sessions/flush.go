package sessions

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graphdb"
	"github.com/wifivault/wifivault/policycache"
	"github.com/wifivault/wifivault/schema"
)

// Graph vocabulary of the accounting history.
const (
	labelSession       = string(schema.VertexSession)
	labelDailyUsage    = string(schema.VertexUnitDailyUsage)
	edgeSessionOfPSK   = string(schema.EdgeSessionOfPSK)
	edgeSessionAtUnit  = string(schema.EdgeSessionAtUnit)
	edgeDailyUsageUnit = string(schema.EdgeDailyUsageOfUnit)
	propAcctSessionID  = string(schema.KeyAcctSessionID)
	propMAC            = string(schema.KeyCallingStationID)
	propNASID          = string(schema.KeyNASIdentifier)
	propNASAddress     = string(schema.KeyNASAddress)
	propStarted        = string(schema.KeyStartDateTimeUTC)
	propUpdated        = string(schema.KeyLastUpdateDateTimeUTC)
	propIn             = string(schema.KeyAcctInputOctets)
	propOut            = string(schema.KeyAcctOutputOctets)
	propSessionTime    = string(schema.KeyAcctSessionTime)
	propActive         = string(schema.KeyActive)
	propDay            = string(schema.KeyDailyBWReportDateTimeUTC)
	propSessionCount   = string(schema.KeySessionCount)
)

// Flusher defaults.
const (
	// DefaultFlushInterval is how often the service flushes accounting to the graph.
	DefaultFlushInterval = 30 * time.Second
	// flushPage is how many queued changes one read takes.
	flushPage = 500
	// flushChunk is how many changes one graph traversal writes.
	flushChunk = 25
	// finalFlushTimeout bounds the flush Run does when it stops.
	finalFlushTimeout = 10 * time.Second
)

// Flusher copies the sessions and per-unit daily usage that radiusd's accounting changed in
// Redis (policycache's flush queue) to the graph, where the reports find them after Redis
// forgot them:
//
//   - a session vertex per venue and Acct-Session-Id (id schema.SessionKey) with its key,
//     unit, device, NAS, start and last-update times, octets, session time and Active,
//     linked to its key (session_of_psk) and unit (session_at_unit) when they exist;
//   - a unit_daily_usage vertex per venue, unit and UTC day (id schema.UnitDailyUsageKey)
//     with its octets and session count, linked to its unit (daily_usage_of_unit).
//
// Every write is an idempotent upsert (mergeV on the deterministic id) in which counters
// and the last-update time only grow (the larger of the graph's and Redis's value), the
// start time only shrinks, and a session once written as stopped stays stopped, so
// replaying a flush, or flushing after Redis was emptied and refilled, never lowers or
// double-counts anything. A change is acknowledged in Redis only after its write
// succeeded, and only if it did not change again meanwhile, so a racing update is flushed
// by the next pass.
//
// A session of a key is written only while the key's vertex exists: a removed key's or
// an erased subscriber's late accounting does not bring back what the graph dropped
// (deleteAccount drops the sessions through their keys).
type Flusher struct {
	DB    *graphdb.DB
	Cache *policycache.Store
	Log   *slog.Logger
}

// Run flushes every interval until ctx ends, then flushes once more (bounded by a
// timeout of its own) so that what was recorded before a shutdown reaches the graph.
func (f *Flusher) Run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), finalFlushTimeout)
			f.logged(final, "final")
			cancel()
			return
		case <-tick.C:
			f.logged(ctx, "periodic")
		}
	}
}

func (f *Flusher) logged(ctx context.Context, pass string) {
	n, err := f.Flush(ctx)
	switch {
	case err != nil && !errors.Is(err, context.Canceled):
		f.log().Error("accounting flush failed", "pass", pass, "flushed", n, "error", err)
	case n > 0:
		f.log().Debug("accounting flushed", "pass", pass, "flushed", n)
	}
}

func (f *Flusher) log() *slog.Logger {
	if f.Log == nil {
		return slog.Default()
	}
	return f.Log
}

// Flush writes every change queued before it started to the graph and acknowledges
// those it wrote; it returns how many it acknowledged. It ends once it passed the version
// current at its start, so changes queued while it runs may wait for the next call. A change that cannot be written stays queued (it is retried by the
// next call) and the first such error is returned after the others were written; a change
// whose ids are invalid (it can never be written) is logged and acknowledged.
func (f *Flusher) Flush(ctx context.Context) (int, error) {
	upto, err := f.Cache.ChangeVersion(ctx)
	if err != nil {
		return 0, err
	}
	var after int64
	flushed := 0
	var firstErr error
	for after < upto {
		page, err := f.Cache.ChangedSince(ctx, after, flushPage)
		if err != nil {
			return flushed, errors.Join(firstErr, err)
		}
		if len(page) == 0 {
			break
		}
		after = page[len(page)-1].Version
		n, err := f.FlushChanges(ctx, page)
		flushed += n
		if err != nil {
			if ctx.Err() != nil {
				return flushed, errors.Join(firstErr, err)
			}
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	return flushed, firstErr
}

// FlushChanges writes changes read with policycache.Store.ChangedSince to the graph and
// acknowledges those written; it returns how many left the queue. An entry that changed
// again since it was read is written as read but stays queued, so its newer state is
// flushed by the next pass. Writing the same changes again is harmless.
func (f *Flusher) FlushChanges(ctx context.Context, changes []policycache.Change) (int, error) {
	flushed := 0
	var firstErr error
	for start := 0; start < len(changes); start += flushChunk {
		done, err := f.writeChunk(changes[start:min(start+flushChunk, len(changes))])
		if err != nil && firstErr == nil {
			firstErr = err
		}
		n, err := f.Cache.MarkFlushed(ctx, done)
		flushed += n
		if err != nil {
			return flushed, errors.Join(firstErr, err)
		}
	}
	return flushed, firstErr
}

// writeChunk writes the changes in one traversal, or one by one when that fails, and
// returns those that need no further write.
func (f *Flusher) writeChunk(chunk []policycache.Change) ([]policycache.Change, error) {
	var done []policycache.Change
	var writes []*gremlingo.GraphTraversal
	var pending []policycache.Change
	for _, c := range chunk {
		w, err := changeWrite(c)
		switch {
		case err != nil:
			f.log().Warn("accounting change cannot be stored in the graph; dropped", "change", c.Member, "error", err)
			done = append(done, c)
		case w == nil:
			done = append(done, c) // gone from Redis: nothing to write
		default:
			writes, pending = append(writes, w), append(pending, c)
		}
	}
	if len(writes) == 0 {
		return done, nil
	}
	if err := graphdb.Exec(sideEffects(f.DB.G(), writes)); err == nil {
		return append(done, pending...), nil
	}
	var firstErr error
	for i, w := range writes {
		if err := graphdb.Exec(sideEffects(f.DB.G(), []*gremlingo.GraphTraversal{w})); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		done = append(done, pending[i])
	}
	return done, firstErr
}

func sideEffects(g *gremlingo.GraphTraversalSource, writes []*gremlingo.GraphTraversal) *gremlingo.GraphTraversal {
	t := g.Inject(0)
	for _, w := range writes {
		t = t.SideEffect(w)
	}
	return t
}

// changeWrite returns the anonymous traversal that stores c, or nil when there is
// nothing to store.
func changeWrite(c policycache.Change) (*gremlingo.GraphTraversal, error) {
	switch {
	case c.Session != nil:
		return sessionWrite(*c.Session)
	case c.Usage != nil:
		return usageWrite(*c.Usage)
	}
	return nil, nil
}

// sessionWrite upserts a session vertex (see Flusher).
func sessionWrite(x policycache.Session) (*gremlingo.GraphTraversal, error) {
	key, err := schema.SessionKey(x.VenueID, x.SessionID)
	if err != nil {
		return nil, err
	}
	search := map[any]any{gremlingo.T.Id: schema.GraphID(schema.VertexSession, key)}
	create := map[any]any{gremlingo.T.Label: labelSession, propVenue: x.VenueID, propAcctSessionID: x.SessionID}
	var t *gremlingo.GraphTraversal
	if x.KeyID != "" {
		t = __.V(keyVID(x.KeyID)).MergeV(search)
	} else {
		t = __.MergeV(search)
	}
	t = t.Option(gremlingo.Merge.OnCreate, create)
	for _, kv := range [][2]string{{propKeyID, x.KeyID}, {propUnit, x.UnitID}, {propMAC, x.MAC}, {propNASID, x.NASIdentifier}, {propNASAddress, x.NASAddress}} {
		if kv[1] != "" {
			t = t.Property(gremlingo.Cardinality.Single, kv[0], kv[1])
		}
	}
	t = atLeast(t, propIn, clampInt64(x.InputOctets))
	t = atLeast(t, propOut, clampInt64(x.OutputOctets))
	t = atLeast(t, propSessionTime, x.SessionTime)
	t = atLeast(t, propUpdated, x.Updated)
	if x.Started > 0 {
		t = t.SideEffect(__.Not(__.Values(propStarted).Is(gremlingo.P.Lte(x.Started))).Property(gremlingo.Cardinality.Single, propStarted, x.Started))
	}
	// Once written as stopped, a session stays stopped.
	t = t.SideEffect(__.Not(__.Has(propActive, false)).Property(gremlingo.Cardinality.Single, propActive, x.Active))
	if x.KeyID != "" {
		t = linkTo(t, edgeSessionOfPSK, keyVID(x.KeyID))
	}
	if x.UnitID != "" {
		t = linkTo(t, edgeSessionAtUnit, schema.GraphID(schema.VertexVenueUnit, x.UnitID))
	}
	return t, nil
}

// usageWrite upserts a unit_daily_usage vertex (see Flusher).
func usageWrite(u policycache.Usage) (*gremlingo.GraphTraversal, error) {
	key, err := schema.UnitDailyUsageKey(u.VenueID, u.UnitID, u.Day)
	if err != nil {
		return nil, err
	}
	dayStart, _ := schema.ParseUsageDay(u.Day)
	t := __.MergeV(map[any]any{gremlingo.T.Id: schema.GraphID(schema.VertexUnitDailyUsage, key)}).
		Option(gremlingo.Merge.OnCreate, map[any]any{gremlingo.T.Label: labelDailyUsage, propVenue: u.VenueID, propUnit: u.UnitID, propDay: dayStart.UnixMilli()})
	t = atLeast(t, propIn, clampInt64(u.InputOctets))
	t = atLeast(t, propOut, clampInt64(u.OutputOctets))
	t = atLeast(t, propSessionCount, u.Sessions)
	return linkTo(t, edgeDailyUsageUnit, schema.GraphID(schema.VertexVenueUnit, u.UnitID)), nil
}

// atLeast sets key to v unless it already holds as much. (Not property(key,
// union(values(key), constant(v)).max()): gremlin-go sends a constant() number that fits
// in 32 bits as an Int, and the keys are Long.)
func atLeast(t *gremlingo.GraphTraversal, key string, v int64) *gremlingo.GraphTraversal {
	return t.SideEffect(__.Not(__.Values(key).Is(gremlingo.P.Gte(v))).Property(gremlingo.Cardinality.Single, key, v))
}

// linkTo makes target the one vertex the current vertex's label edges lead to: edges of
// label to other vertices are dropped, and the edge is added when missing and target
// exists.
func linkTo(t *gremlingo.GraphTraversal, label, target string) *gremlingo.GraphTraversal {
	return t.SideEffect(__.OutE(label).Not(__.InV().HasId(target)).Drop()).
		SideEffect(__.Not(__.Out(label).HasId(target)).Filter(__.V(target)).AddE(label).To(__.V(target)))
}

func keyVID(keyID string) string { return schema.GraphID(schema.VertexPSK, keyID) }

func clampInt64(v uint64) int64 {
	if v > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(v)
}

package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log"
	"math"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble"
)

// Key space in Pebble: 'v'+id → vertex record, 'e'+id → edge record, metaCounterKey → the
// id counter (8 bytes big-endian).
const (
	prefixVertex = 'v'
	prefixEdge   = 'e'
)

var metaCounterKey = []byte("m/counter")

// Graph is a transactional property graph, durable when opened with a directory. It is safe
// for concurrent use.
type Graph struct {
	opts    Options
	indexes []Index
	// byLabel lists the numbers of the indexes declared for a label.
	byLabel map[string][]int
	// byLabelKey is the number of the index declared on (label, key).
	byLabelKey map[[2]string]int

	db *pebble.DB

	// wmu serializes writers: it is held from Write() to the end of the transaction and
	// while a Session commit validates and applies.
	wmu    sync.Mutex
	head   *state // latest committed state (guarded by wmu)
	closed bool   // guarded by wmu
	failed error  // a WAL sync failed: no further commits (guarded by wmu)

	pub    atomic.Pointer[state] // published (durable) state read by Read and Session
	nextID atomic.Int64          // last generated id
}

// Open opens (or creates) the graph in opts.Dir, recovering its committed state, or an
// empty in-memory graph when opts.Dir is "". Declared indexes are built from the data.
func Open(opts Options) (*Graph, error) {
	g := &Graph{
		opts:       opts,
		byLabel:    map[string][]int{},
		byLabelKey: map[[2]string]int{},
	}
	for _, ix := range opts.Indexes {
		lk := [2]string{ix.Label, ix.Key}
		if i, ok := g.byLabelKey[lk]; ok {
			g.indexes[i].Unique = g.indexes[i].Unique || ix.Unique
			continue
		}
		g.byLabelKey[lk] = len(g.indexes)
		g.byLabel[ix.Label] = append(g.byLabel[ix.Label], len(g.indexes))
		g.indexes = append(g.indexes, ix)
	}
	st := emptyState(len(g.indexes))
	if opts.Dir != "" {
		cache := pebble.NewCache(32 << 20)
		defer cache.Unref()
		db, err := pebble.Open(opts.Dir, &pebble.Options{
			Cache:                 cache,
			MemTableSize:          32 << 20,
			FormatMajorVersion:    pebble.FormatNewest,
			L0CompactionThreshold: 4,
			Logger:                fatalOnlyLogger{},
		})
		if err != nil {
			return nil, fmt.Errorf("store: open %s: %w", opts.Dir, err)
		}
		g.db = db
		if st, err = g.load(); err != nil {
			db.Close()
			return nil, err
		}
	}
	st.seq = 1
	g.head = st
	g.pub.Store(st)
	return g, nil
}

// Close waits for the running Write transaction, if any, then closes the graph. Later
// writes and commits return ErrClosed; reads keep seeing the last published state.
func (g *Graph) Close() error {
	g.wmu.Lock()
	defer g.wmu.Unlock()
	if g.closed {
		return nil
	}
	g.closed = true
	if g.db != nil {
		return g.db.Close()
	}
	return nil
}

// Indexes returns the declared indexes (a duplicate (label, key) declared once, unique if
// any declaration was).
func (g *Graph) Indexes() []Index { return append([]Index(nil), g.indexes...) }

// Read returns a read-only transaction on the published state. It never blocks.
func (g *Graph) Read() *Tx {
	return &Tx{g: g, kind: txRead, st: *g.pub.Load()}
}

// Write returns a sessionless write transaction on the latest committed state. It waits
// for the running Write transaction (writers are serialized) and must end with Commit or
// Rollback.
func (g *Graph) Write() *Tx {
	g.wmu.Lock()
	if g.closed {
		g.wmu.Unlock()
		return &Tx{g: g, kind: txWrite, done: true, err: ErrClosed, st: *g.pub.Load()}
	}
	return g.writeTxLocked()
}

func (g *Graph) writeTxLocked() *Tx {
	return &Tx{g: g, kind: txWrite, st: *g.head, base: g.head}
}

// Session returns an optimistic transaction on the published state. It holds no lock;
// Commit validates that nothing it read changed meanwhile (else ErrConflict) and applies
// its writes atomically.
func (g *Graph) Session() *Tx {
	base := g.pub.Load()
	return &Tx{g: g, kind: txSession, st: *base, base: base, reads: newReadSet()}
}

// commitLocked makes a write transaction's state the head, durably, and publishes it. It
// is called with wmu held and releases it.
func (g *Graph) commitLocked(tx *Tx) error {
	tx.done = true
	if g.closed {
		g.wmu.Unlock()
		return ErrClosed
	}
	if g.failed != nil {
		err := g.failed
		g.wmu.Unlock()
		return err
	}
	if len(tx.dirtyV) == 0 && len(tx.dirtyE) == 0 {
		g.wmu.Unlock()
		return nil
	}
	st := new(state)
	*st = tx.st
	st.seq = g.head.seq + 1
	var batch *pebble.Batch
	sync := g.db != nil && !g.opts.NoSync
	if g.db != nil {
		batch = g.encodeBatch(tx)
		var err error
		if sync {
			err = g.db.ApplyNoSyncWait(batch, pebble.Sync)
		} else {
			err = g.db.Apply(batch, pebble.NoSync)
		}
		if err != nil {
			batch.Close()
			g.wmu.Unlock()
			return fmt.Errorf("store: commit: %w", err)
		}
	}
	g.head = st
	g.wmu.Unlock()
	if sync {
		err := batch.SyncWait()
		batch.Close()
		if err != nil {
			err = fmt.Errorf("store: commit: WAL sync: %w", err)
			g.wmu.Lock()
			if g.failed == nil {
				g.failed = err
			}
			g.wmu.Unlock()
			return err
		}
	} else if batch != nil {
		batch.Close()
	}
	for {
		p := g.pub.Load()
		if p.seq >= st.seq || g.pub.CompareAndSwap(p, st) {
			return nil
		}
	}
}

// encodeBatch writes the transaction's changed records and the id counter into a batch.
func (g *Graph) encodeBatch(tx *Tx) *pebble.Batch {
	b := g.db.NewBatch()
	var key, val []byte
	for id := range tx.dirtyV {
		key = appendID(append(key[:0], prefixVertex), id, true)
		if vn := tx.st.vnode(id); vn != nil {
			val = appendVertexRecord(val[:0], vn.v)
			_ = b.Set(key, val, nil)
		} else {
			_ = b.Delete(key, nil)
		}
	}
	for id := range tx.dirtyE {
		key = appendID(append(key[:0], prefixEdge), id, true)
		if e := tx.st.edge(id); e != nil {
			val = appendEdgeRecord(val[:0], e)
			_ = b.Set(key, val, nil)
		} else {
			_ = b.Delete(key, nil)
		}
	}
	_ = b.Set(metaCounterKey, binary.BigEndian.AppendUint64(val[:0], uint64(g.nextID.Load())), nil)
	return b
}

// load rebuilds the state from the database: records, adjacency, label index, declared
// indexes and the id counter. The persistent maps are built by helper goroutines while
// the records are read and decoded.
func (g *Graph) load() (*state, error) {
	st := emptyState(len(g.indexes))
	maxID := int64(0)
	if raw, closer, err := g.db.Get(metaCounterKey); err == nil {
		if len(raw) == 8 {
			maxID = int64(binary.BigEndian.Uint64(raw))
		}
		closer.Close()
	} else if !errors.Is(err, pebble.ErrNotFound) {
		return nil, fmt.Errorf("store: read id counter: %w", err)
	}
	defer relaxGC()()
	dec := &decoder{intern: map[string]string{}, slab: true}
	var nodes []vnode
	byID := idIndex{ints: map[int64]*vnode{}, strs: map[string]*vnode{}}
	var vnodes []*vnode
	err := g.scanPrefix(prefixVertex, func(id any, rec []byte) error {
		v, err := dec.vertex(id, rec)
		if err != nil {
			return err
		}
		if n, ok := id.(int64); ok && n > maxID {
			maxID = n
		}
		for _, p := range v.Props {
			if p.ID > maxID {
				maxID = p.ID
			}
		}
		if len(nodes) == 0 {
			nodes = make([]vnode, slabSize)
		}
		vn := &nodes[0]
		nodes = nodes[1:]
		vn.v = v
		byID.put(id, vn)
		vnodes = append(vnodes, vn)
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Vertex maps and indexes, built while the edges load. It reads only vn.v; the edge
	// pass writes only vn.adj.
	vertexDone := make(chan struct{})
	go func() {
		defer close(vertexDone)
		g.buildVertexMaps(st, vnodes)
	}()

	edgeBatches := make(chan []*Edge, 16)
	edgesDone := make(chan struct{})
	go func() {
		defer close(edgesDone)
		eb := newEdgeBuilder()
		for batch := range edgeBatches {
			for _, e := range batch {
				eb.Set(e.ID, e)
			}
		}
		st.edges = eb.Map()
	}()
	batch := make([]*Edge, 0, 4096)
	var adjs adjacencySlab
	err = g.scanPrefix(prefixEdge, func(id any, rec []byte) error {
		e, err := dec.edge(id, rec)
		if err != nil {
			return err
		}
		if n, ok := id.(int64); ok && n > maxID {
			maxID = n
		}
		out, in := byID.get(e.Out), byID.get(e.In)
		if out == nil || in == nil {
			return fmt.Errorf("store: corrupt data: edge %v references a missing vertex", id)
		}
		e.Out, e.In = out.v.ID, in.v.ID // share the boxed ids
		if out.adj == nil {
			out.adj = adjs.new()
		}
		out.adj.addInPlace(dirOut, e.Label, id, e.In)
		if in.adj == nil {
			in.adj = adjs.new()
		}
		in.adj.addInPlace(dirIn, e.Label, id, e.Out)
		batch = append(batch, e)
		if len(batch) == cap(batch) {
			edgeBatches <- batch
			batch = make([]*Edge, 0, 4096)
		}
		return nil
	})
	edgeBatches <- batch
	close(edgeBatches)
	<-edgesDone
	<-vertexDone
	if err != nil {
		return nil, err
	}
	g.nextID.Store(maxID)
	return st, nil
}

// buildVertexMaps builds the vertex map, the label index and the declared indexes of st
// from the loaded vertices.
func (g *Graph) buildVertexMaps(st *state, vnodes []*vnode) {
	vb := newVNodeBuilder()
	labelIDs := map[string][]any{}
	indexIDs := make([]map[string][]any, len(g.indexes))
	for i := range indexIDs {
		indexIDs[i] = map[string][]any{}
	}
	for _, vn := range vnodes {
		v := vn.v
		vb.Set(v.ID, vn)
		labelIDs[v.Label] = append(labelIDs[v.Label], v.ID)
		for _, i := range g.byLabel[v.Label] {
			for _, p := range v.Props {
				if p.Key != g.indexes[i].Key {
					continue
				}
				vk := indexValueKey(p.Value)
				ids := indexIDs[i][vk]
				if len(ids) == 0 || ids[len(ids)-1] != v.ID {
					indexIDs[i][vk] = append(ids, v.ID)
				}
			}
		}
	}
	st.vertices = vb.Map()
	lb := newLabelBuilder()
	for label, ids := range labelIDs {
		lb.Set(label, newIDSet(ids))
	}
	st.labels = lb.Map()
	for i := range indexIDs {
		ib := newLabelBuilder()
		for vk, ids := range indexIDs[i] {
			ib.Set(vk, newIDSet(ids))
		}
		st.indexes[i] = ib.Map()
	}
}

// scanPrefix calls fn for every record whose key starts with prefix, in key order.
func (g *Graph) scanPrefix(prefix byte, fn func(id any, rec []byte) error) error {
	it, err := g.db.NewIter(&pebble.IterOptions{LowerBound: []byte{prefix}, UpperBound: []byte{prefix + 1}})
	if err != nil {
		return fmt.Errorf("store: load: %w", err)
	}
	for ok := it.First(); ok; ok = it.Next() {
		id, err := decodeKeyID(it.Key()[1:])
		if err != nil {
			it.Close()
			return err
		}
		if err := fn(id, it.Value()); err != nil {
			it.Close()
			return fmt.Errorf("store: load %v: %w", id, err)
		}
	}
	if err := it.Close(); err != nil {
		return fmt.Errorf("store: load: %w", err)
	}
	return nil
}

// fatalOnlyLogger drops Pebble's informational messages (WAL replay after a crash is
// routine here) and keeps its fatal ones.
type fatalOnlyLogger struct{}

func (fatalOnlyLogger) Infof(string, ...any) {}

func (fatalOnlyLogger) Fatalf(format string, args ...any) {
	log.Fatalf("store: pebble: "+format, args...)
}

// relaxGC makes the collector run less often while Open builds the state, which is almost
// all live data (collecting at the default pace spends ~40% of the load in marking), and
// returns the function restoring the previous settings. A soft memory limit keeps the
// process bounded meanwhile unless the program set its own.
func relaxGC() (restore func()) {
	oldPercent := debug.SetGCPercent(400)
	oldLimit := debug.SetMemoryLimit(-1)
	if oldLimit == math.MaxInt64 {
		debug.SetMemoryLimit(loadMemoryLimit)
	}
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}

// loadMemoryLimit is the soft memory limit while Open loads a graph.
const loadMemoryLimit = 3000 << 20

// idIndex maps ids to vertices while Open loads them: plain maps keyed by the concrete id
// type are much faster than the trie or a map keyed by interface for the edge pass.
type idIndex struct {
	ints map[int64]*vnode
	strs map[string]*vnode
}

func (x idIndex) put(id any, vn *vnode) {
	if n, ok := id.(int64); ok {
		x.ints[n] = vn
	} else {
		x.strs[id.(string)] = vn
	}
}

func (x idIndex) get(id any) *vnode {
	if n, ok := id.(int64); ok {
		return x.ints[n]
	}
	return x.strs[id.(string)]
}

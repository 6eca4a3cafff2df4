package store

import (
	"fmt"

	"github.com/benbjohnson/immutable"
	"github.com/wifivault/wifivault/graph/value"
)

// writable returns the error that forbids a write, if any.
func (tx *Tx) writable() error {
	switch {
	case tx.err != nil:
		return tx.err
	case tx.done:
		return ErrClosed
	case tx.kind == txRead:
		return ErrReadOnly
	}
	return nil
}

// run performs one write; in a Session it logs the write (with the ids it generated) for
// replay at commit. apply must leave the state unchanged when it fails.
func (tx *Tx) run(apply func(w *Tx) error) error {
	if err := tx.writable(); err != nil {
		return err
	}
	tx.allocLog = tx.allocLog[:0]
	if err := apply(tx); err != nil {
		return err
	}
	if tx.kind == txSession {
		tx.ops = append(tx.ops, sessionOp{apply: apply, ids: append([]int64(nil), tx.allocLog...)})
	}
	return nil
}

// newID generates an id: the next of the graph's counter, or while replaying a Session
// write, the id that write generated.
func (tx *Tx) newID() int64 {
	if len(tx.playback) > 0 {
		id := tx.playback[0]
		tx.playback = tx.playback[1:]
		return id
	}
	id := tx.g.nextID.Add(1)
	if tx.kind == txSession {
		tx.allocLog = append(tx.allocLog, id)
	}
	return id
}

func (tx *Tx) readVertex(id any) *vnode {
	if tx.recording() {
		tx.reads.vertices[id] = struct{}{}
	}
	return tx.st.vnode(id)
}

func (tx *Tx) readEdge(id any) *Edge {
	if tx.recording() {
		tx.reads.edges[id] = struct{}{}
	}
	return tx.st.edge(id)
}

func (tx *Tx) putVertex(id any, vn *vnode, dirty bool) {
	if vn == nil {
		tx.st.vertices = tx.st.vertices.Delete(id)
	} else {
		tx.st.vertices = tx.st.vertices.Set(id, vn)
	}
	if dirty {
		if tx.dirtyV == nil {
			tx.dirtyV = map[any]struct{}{}
		}
		tx.dirtyV[id] = struct{}{}
	}
}

func (tx *Tx) putEdge(id any, e *Edge) {
	if e == nil {
		tx.st.edges = tx.st.edges.Delete(id)
	} else {
		tx.st.edges = tx.st.edges.Set(id, e)
	}
	if tx.dirtyE == nil {
		tx.dirtyE = map[any]struct{}{}
	}
	tx.dirtyE[id] = struct{}{}
}

func (tx *Tx) setIndex(i int, m *immutable.Map[string, *idSet]) {
	if !tx.idxOwned {
		tx.st.indexes = append([]*immutable.Map[string, *idSet](nil), tx.st.indexes...)
		tx.idxOwned = true
	}
	tx.st.indexes[i] = m
}

// checkProp validates a property and returns the value to store.
func checkProp(key string, v any) (any, error) {
	if v == nil {
		return nil, fmt.Errorf("store: property %q: value is nil", key)
	}
	c, err := canonValue(v, false)
	if err != nil {
		return nil, fmt.Errorf("store: property %q: %w", key, err)
	}
	return c, nil
}

// AddVertex adds a vertex with props appended in order (a repeated key keeps every value,
// as List cardinality). id nil generates an int64 id. It returns ErrDuplicateID when the
// id exists and a *UniqueViolationError when a unique index would be violated.
func (tx *Tx) AddVertex(id any, label string, props []Property) (*Vertex, error) {
	var out *Vertex
	props = append([]Property(nil), props...)
	err := tx.run(func(w *Tx) error {
		v, err := w.addVertex(id, label, props)
		out = v
		return err
	})
	return out, err
}

func (tx *Tx) addVertex(id any, label string, props []Property) (*Vertex, error) {
	if id == nil {
		for {
			id = tx.newID()
			if tx.readVertex(id) == nil {
				break
			}
		}
	} else {
		var err error
		if id, err = NormalizeID(id); err != nil {
			return nil, err
		}
		if tx.readVertex(id) != nil {
			return nil, fmt.Errorf("%w: vertex %v", ErrDuplicateID, id)
		}
	}
	v := &Vertex{ID: id, Label: label}
	if len(props) > 0 {
		v.Props = make([]VertexProp, len(props))
		for i, p := range props {
			c, err := checkProp(p.Key, p.Value)
			if err != nil {
				return nil, err
			}
			v.Props[i] = VertexProp{ID: tx.newID(), Key: p.Key, Value: c}
		}
	}
	if err := tx.reindex(id, label, nil, v.Props); err != nil {
		return nil, err
	}
	tx.putVertex(id, &vnode{v: v}, true)
	tx.st.labels = tx.st.labels.Set(label, tx.st.labelSet(label).add(id))
	return v, nil
}

// reindex moves vertex id of label from the index entries of oldProps to those of
// newProps. It checks every unique index before changing anything.
func (tx *Tx) reindex(id any, label string, oldProps, newProps []VertexProp) error {
	idx := tx.g.byLabel[label]
	if len(idx) == 0 {
		return nil
	}
	type change struct {
		i      int
		vk     string
		remove bool
	}
	var changes []change
	for _, i := range idx {
		key := tx.g.indexes[i].Key
		oldKeys := propKeys(oldProps, key)
		newKeys := propKeys(newProps, key)
		for vk := range oldKeys {
			if _, ok := newKeys[vk]; !ok {
				changes = append(changes, change{i, vk, true})
			}
		}
		for vk, val := range newKeys {
			if _, ok := oldKeys[vk]; ok {
				continue
			}
			if tx.g.indexes[i].Unique {
				if tx.recording() {
					tx.reads.index[indexRead{i, vk}] = struct{}{}
				}
				if s := tx.st.indexSet(i, vk); s.len() > 0 && !s.has(id) {
					return &UniqueViolationError{Label: label, Key: key, Value: val}
				}
			}
			changes = append(changes, change{i, vk, false})
		}
	}
	for _, c := range changes {
		s := tx.st.indexSet(c.i, c.vk)
		if c.remove {
			s = s.remove(id)
		} else {
			s = s.add(id)
		}
		if s == nil {
			tx.setIndex(c.i, tx.st.indexes[c.i].Delete(c.vk))
		} else {
			tx.setIndex(c.i, tx.st.indexes[c.i].Set(c.vk, s))
		}
	}
	return nil
}

// propKeys maps the index keys of the values of key to one of those values.
func propKeys(props []VertexProp, key string) map[string]any {
	var m map[string]any
	for _, p := range props {
		if p.Key != key {
			continue
		}
		if m == nil {
			m = map[string]any{}
		}
		m[indexValueKey(p.Value)] = p.Value
	}
	return m
}

// SetVertexProperty writes a value of key on vertex vid: Single replaces every value of
// key (the new value takes the position of the first old one), List appends, Set appends
// unless an equal value exists. ErrNotFound when the vertex does not exist.
func (tx *Tx) SetVertexProperty(vid any, key string, card Cardinality, v any) error {
	c, err := checkProp(key, v)
	if err != nil {
		return err
	}
	return tx.run(func(w *Tx) error { return w.setVertexProperty(vid, key, card, c) })
}

func (tx *Tx) setVertexProperty(vid any, key string, card Cardinality, v any) error {
	vn, err := tx.writeVertex(vid)
	if err != nil {
		return err
	}
	old := vn.v.Props
	var props []VertexProp
	switch card {
	case Single:
		props = make([]VertexProp, 0, len(old)+1)
		placed := false
		for _, p := range old {
			if p.Key != key {
				props = append(props, p)
			} else if !placed {
				props = append(props, VertexProp{ID: tx.newID(), Key: key, Value: v})
				placed = true
			}
		}
		if !placed {
			props = append(props, VertexProp{ID: tx.newID(), Key: key, Value: v})
		}
	case List, Set:
		if card == Set {
			for _, p := range old {
				if p.Key == key && value.Equal(p.Value, v) {
					return nil
				}
			}
		}
		props = make([]VertexProp, len(old), len(old)+1)
		copy(props, old)
		props = append(props, VertexProp{ID: tx.newID(), Key: key, Value: v})
	default:
		return fmt.Errorf("store: unknown cardinality %d", card)
	}
	return tx.replaceProps(vn, props)
}

// writeVertex returns the vertex a write applies to, or ErrNotFound.
func (tx *Tx) writeVertex(vid any) (*vnode, error) {
	id, err := NormalizeID(vid)
	if err != nil {
		return nil, err
	}
	vn := tx.readVertex(id)
	if vn == nil {
		return nil, fmt.Errorf("%w: vertex %v", ErrNotFound, id)
	}
	return vn, nil
}

func (tx *Tx) replaceProps(vn *vnode, props []VertexProp) error {
	v := vn.v
	if err := tx.reindex(v.ID, v.Label, v.Props, props); err != nil {
		return err
	}
	if len(props) == 0 {
		props = nil
	}
	tx.putVertex(v.ID, &vnode{v: &Vertex{ID: v.ID, Label: v.Label, Props: props}, adj: vn.adj}, true)
	return nil
}

// RemoveVertexProperty removes every value of key from vertex vid; no error when it has
// none. ErrNotFound when the vertex does not exist.
func (tx *Tx) RemoveVertexProperty(vid any, key string) error {
	return tx.run(func(w *Tx) error {
		return w.removeVertexProps(vid, func(p VertexProp) bool { return p.Key == key })
	})
}

// RemoveVertexPropertyByID removes the value with property id propID from vertex vid; no
// error when there is none. ErrNotFound when the vertex does not exist.
func (tx *Tx) RemoveVertexPropertyByID(vid any, propID int64) error {
	return tx.run(func(w *Tx) error {
		return w.removeVertexProps(vid, func(p VertexProp) bool { return p.ID == propID })
	})
}

func (tx *Tx) removeVertexProps(vid any, drop func(VertexProp) bool) error {
	vn, err := tx.writeVertex(vid)
	if err != nil {
		return err
	}
	props := make([]VertexProp, 0, len(vn.v.Props))
	for _, p := range vn.v.Props {
		if !drop(p) {
			props = append(props, p)
		}
	}
	if len(props) == len(vn.v.Props) {
		return nil
	}
	return tx.replaceProps(vn, props)
}

// AddEdge adds an edge from vertex out to vertex in; props keep the last value of a
// repeated key. id nil generates an int64 id. ErrDuplicateID when the edge id exists,
// ErrNotFound when an end vertex does not.
func (tx *Tx) AddEdge(id any, label string, out, in any, props []Property) (*Edge, error) {
	var res *Edge
	props = append([]Property(nil), props...)
	err := tx.run(func(w *Tx) error {
		e, err := w.addEdge(id, label, out, in, props)
		res = e
		return err
	})
	return res, err
}

func (tx *Tx) addEdge(id any, label string, out, in any, props []Property) (*Edge, error) {
	outVN, err := tx.writeVertex(out)
	if err != nil {
		return nil, err
	}
	inVN, err := tx.writeVertex(in)
	if err != nil {
		return nil, err
	}
	e := &Edge{Label: label, Out: outVN.v.ID, In: inVN.v.ID}
	for _, p := range props {
		c, err := checkProp(p.Key, p.Value)
		if err != nil {
			return nil, err
		}
		e.Props = setEdgeProp(e.Props, p.Key, c)
	}
	if id == nil {
		for {
			id = tx.newID()
			if tx.readEdge(id) == nil {
				break
			}
		}
	} else {
		if id, err = NormalizeID(id); err != nil {
			return nil, err
		}
		if tx.readEdge(id) != nil {
			return nil, fmt.Errorf("%w: edge %v", ErrDuplicateID, id)
		}
	}
	e.ID = id
	tx.putEdge(id, e)
	tx.putVertex(e.Out, &vnode{v: outVN.v, adj: outVN.adj.withEdge(dirOut, label, id, e.In)}, false)
	inVN = tx.st.vnode(e.In) // the same vertex for a self-loop
	tx.putVertex(e.In, &vnode{v: inVN.v, adj: inVN.adj.withEdge(dirIn, label, id, e.Out)}, false)
	return e, nil
}

// setEdgeProp returns props with key set to v (in place of an existing value).
func setEdgeProp(props []Property, key string, v any) []Property {
	out := make([]Property, len(props), len(props)+1)
	copy(out, props)
	for i := range out {
		if out[i].Key == key {
			out[i].Value = v
			return out
		}
	}
	return append(out, Property{Key: key, Value: v})
}

// SetEdgeProperty sets key of edge eid to v. ErrNotFound when the edge does not exist.
func (tx *Tx) SetEdgeProperty(eid any, key string, v any) error {
	c, err := checkProp(key, v)
	if err != nil {
		return err
	}
	return tx.run(func(w *Tx) error {
		e, err := w.writeEdge(eid)
		if err != nil {
			return err
		}
		w.putEdge(e.ID, &Edge{ID: e.ID, Label: e.Label, Out: e.Out, In: e.In, Props: setEdgeProp(e.Props, key, c)})
		return nil
	})
}

// RemoveEdgeProperty removes key from edge eid; no error when it has none. ErrNotFound
// when the edge does not exist.
func (tx *Tx) RemoveEdgeProperty(eid any, key string) error {
	return tx.run(func(w *Tx) error {
		e, err := w.writeEdge(eid)
		if err != nil {
			return err
		}
		var props []Property
		for _, p := range e.Props {
			if p.Key != key {
				props = append(props, p)
			}
		}
		if len(props) == len(e.Props) {
			return nil
		}
		w.putEdge(e.ID, &Edge{ID: e.ID, Label: e.Label, Out: e.Out, In: e.In, Props: props})
		return nil
	})
}

func (tx *Tx) writeEdge(eid any) (*Edge, error) {
	id, err := NormalizeID(eid)
	if err != nil {
		return nil, err
	}
	e := tx.readEdge(id)
	if e == nil {
		return nil, fmt.Errorf("%w: edge %v", ErrNotFound, id)
	}
	return e, nil
}

// DropEdge removes edge eid; no error when it does not exist.
func (tx *Tx) DropEdge(eid any) error {
	return tx.run(func(w *Tx) error {
		id, err := NormalizeID(eid)
		if err != nil {
			return err
		}
		e := w.readEdge(id)
		if e == nil {
			return nil
		}
		w.putEdge(id, nil)
		is := func(x any) bool { return x == id }
		out := w.st.vnode(e.Out)
		w.putVertex(e.Out, &vnode{v: out.v, adj: out.adj.withoutEdges(dirOut, e.Label, is)}, false)
		in := w.st.vnode(e.In)
		w.putVertex(e.In, &vnode{v: in.v, adj: in.adj.withoutEdges(dirIn, e.Label, is)}, false)
		return nil
	})
}

// DropVertex removes vertex vid and its edges; no error when it does not exist.
func (tx *Tx) DropVertex(vid any) error {
	return tx.run(func(w *Tx) error {
		id, err := NormalizeID(vid)
		if err != nil {
			return err
		}
		vn := w.readVertex(id)
		if w.recording() {
			w.reads.adjacencies[id] = struct{}{}
		}
		if vn == nil {
			return nil
		}
		w.dropEdgesOf(vn)
		if err := w.reindex(id, vn.v.Label, vn.v.Props, nil); err != nil {
			return err // removals only: cannot happen
		}
		w.putVertex(id, nil, true)
		if s := w.st.labelSet(vn.v.Label).remove(id); s == nil {
			w.st.labels = w.st.labels.Delete(vn.v.Label)
		} else {
			w.st.labels = w.st.labels.Set(vn.v.Label, s)
		}
		return nil
	})
}

// dropEdgesOf removes every edge of vn, updating the adjacency of the other ends once per
// (vertex, side, label).
func (tx *Tx) dropEdgesOf(vn *vnode) {
	type side struct {
		vertex any
		d      direction
		label  string
	}
	gone := map[any]struct{}{}
	others := map[side]struct{}{}
	for _, d := range []direction{dirOut, dirIn} {
		vn.adj.each(d, nil, func(eid any) bool {
			if _, ok := gone[eid]; ok {
				return true // a self-loop, seen from the other side
			}
			e := tx.st.edge(eid)
			gone[eid] = struct{}{}
			tx.putEdge(eid, nil)
			if d == dirOut && e.In != vn.v.ID {
				others[side{e.In, dirIn, e.Label}] = struct{}{}
			} else if d == dirIn && e.Out != vn.v.ID {
				others[side{e.Out, dirOut, e.Label}] = struct{}{}
			}
			return true
		})
	}
	isGone := func(x any) bool { _, ok := gone[x]; return ok }
	for s := range others {
		o := tx.st.vnode(s.vertex)
		tx.putVertex(s.vertex, &vnode{v: o.v, adj: o.adj.withoutEdges(s.d, s.label, isGone)}, false)
	}
}

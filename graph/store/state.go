package store

import "github.com/benbjohnson/immutable"

// vnode is a vertex with its adjacency. Both are immutable; a change to either makes a new
// vnode, so a pointer comparison tells whether a vertex (or its edges) changed.
type vnode struct {
	v   *Vertex
	adj *adjacency
}

// state is one immutable version of the graph. The maps are persistent: a transaction
// derives its working state by copying this struct and replacing roots as it writes.
type state struct {
	seq      uint64
	vertices *immutable.Map[any, *vnode]
	edges    *immutable.Map[any, *Edge]
	// labels maps a vertex label to the ids of its vertices (only non-empty sets).
	labels *immutable.Map[string, *idSet]
	// indexes[i] maps value.Key(value) to the ids of the vertices of Graph.indexes[i].Label
	// whose Graph.indexes[i].Key has that value (only non-empty sets).
	indexes []*immutable.Map[string, *idSet]
}

func emptyState(nIndexes int) *state {
	st := &state{
		vertices: immutable.NewMap[any, *vnode](idHasher{}),
		edges:    immutable.NewMap[any, *Edge](idHasher{}),
		labels:   immutable.NewMap[string, *idSet](stringHasher{}),
		indexes:  make([]*immutable.Map[string, *idSet], nIndexes),
	}
	for i := range st.indexes {
		st.indexes[i] = immutable.NewMap[string, *idSet](stringHasher{})
	}
	return st
}

func (st *state) vnode(id any) *vnode {
	vn, _ := st.vertices.Get(id)
	return vn
}

func (st *state) edge(id any) *Edge {
	e, _ := st.edges.Get(id)
	return e
}

func (st *state) labelSet(label string) *idSet {
	s, _ := st.labels.Get(label)
	return s
}

func (st *state) indexSet(i int, vk string) *idSet {
	s, _ := st.indexes[i].Get(vk)
	return s
}

func newVNodeBuilder() *immutable.MapBuilder[any, *vnode] {
	return immutable.NewMapBuilder[any, *vnode](idHasher{})
}

func newEdgeBuilder() *immutable.MapBuilder[any, *Edge] {
	return immutable.NewMapBuilder[any, *Edge](idHasher{})
}

func newLabelBuilder() *immutable.MapBuilder[string, *idSet] {
	return immutable.NewMapBuilder[string, *idSet](stringHasher{})
}

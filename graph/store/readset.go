package store

// readSet is what a Session read from its snapshot. At commit, every entry is compared
// with the head state; records are immutable and copied on write, so an unchanged pointer
// means an unchanged element.
type readSet struct {
	vertices    map[any]struct{} // vertex records (existence, label, properties)
	adjacencies map[any]struct{} // vertex adjacencies (edges in and out)
	edges       map[any]struct{}
	labels      map[string]struct{}
	index       map[indexRead]struct{}
	allVertices bool // a vertex scan or count
	allEdges    bool // an edge scan or count
	allLabels   bool // the set of labels in use
}

type indexRead struct {
	index int
	key   string
}

func newReadSet() *readSet {
	return &readSet{
		vertices:    map[any]struct{}{},
		adjacencies: map[any]struct{}{},
		edges:       map[any]struct{}{},
		labels:      map[string]struct{}{},
		index:       map[indexRead]struct{}{},
	}
}

// unchanged reports whether everything in the read set is the same in base and head.
func (r *readSet) unchanged(base, head *state) bool {
	if r.allVertices && base.vertices != head.vertices {
		return false
	}
	if r.allEdges && base.edges != head.edges {
		return false
	}
	if r.allLabels && base.labels != head.labels {
		return false
	}
	for id := range r.vertices {
		b, h := base.vnode(id), head.vnode(id)
		if (b == nil) != (h == nil) || (b != nil && b.v != h.v) {
			return false
		}
	}
	for id := range r.adjacencies {
		b, h := base.vnode(id), head.vnode(id)
		var ba, ha *adjacency
		if b != nil {
			ba = b.adj
		}
		if h != nil {
			ha = h.adj
		}
		if ba != ha {
			return false
		}
	}
	for id := range r.edges {
		if base.edge(id) != head.edge(id) {
			return false
		}
	}
	for l := range r.labels {
		if base.labelSet(l) != head.labelSet(l) {
			return false
		}
	}
	for ir := range r.index {
		if base.indexSet(ir.index, ir.key) != head.indexSet(ir.index, ir.key) {
			return false
		}
	}
	return true
}

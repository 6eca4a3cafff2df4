package store

// edgeChunk is the size of the chunks of an edgeList. Appending copies the chunk table and
// the last chunk, so adding an edge to a vertex of degree n costs O(n/edgeChunk + edgeChunk).
const edgeChunk = 64

// adjEntry is one edge in a vertex's adjacency: its id and the id of the vertex at its
// other end (both immutable for the edge's life), so that walking to the neighbours needs
// no edge record.
type adjEntry struct {
	edge, other any
}

// edgeList is an immutable, insertion-ordered list of edges.
type edgeList struct {
	chunks [][]adjEntry
	n      int
}

// appended returns the list with x added at the end.
func (l edgeList) appended(x adjEntry) edgeList {
	k := len(l.chunks)
	if k > 0 && len(l.chunks[k-1]) < edgeChunk {
		chunks := make([][]adjEntry, k)
		copy(chunks, l.chunks)
		last := make([]adjEntry, len(l.chunks[k-1])+1)
		copy(last, l.chunks[k-1])
		last[len(last)-1] = x
		chunks[k-1] = last
		return edgeList{chunks: chunks, n: l.n + 1}
	}
	chunks := make([][]adjEntry, k+1)
	copy(chunks, l.chunks)
	chunks[k] = []adjEntry{x}
	return edgeList{chunks: chunks, n: l.n + 1}
}

// appendInPlace adds x at the end, mutating the list. Only for lists nobody else sees
// (building the state at Open).
func (l *edgeList) appendInPlace(x adjEntry) {
	k := len(l.chunks)
	if k > 0 && len(l.chunks[k-1]) < edgeChunk {
		l.chunks[k-1] = append(l.chunks[k-1], x)
	} else {
		l.chunks = append(l.chunks, append(make([]adjEntry, 0, 2), x))
	}
	l.n++
}

// without returns the list without the edges whose id drop is true for, and whether any was.
func (l edgeList) without(drop func(any) bool) (edgeList, bool) {
	var out [][]adjEntry
	changed := false
	for i, c := range l.chunks {
		hit := -1
		for j, x := range c {
			if drop(x.edge) {
				hit = j
				break
			}
		}
		if hit < 0 {
			if changed {
				out = append(out, c)
			}
			continue
		}
		if !changed {
			changed = true
			out = make([][]adjEntry, i, len(l.chunks))
			copy(out, l.chunks[:i])
		}
		kept := make([]adjEntry, 0, len(c)-1)
		kept = append(kept, c[:hit]...)
		for _, x := range c[hit+1:] {
			if !drop(x.edge) {
				kept = append(kept, x)
			}
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	if !changed {
		return l, false
	}
	n := 0
	for _, c := range out {
		n += len(c)
	}
	return edgeList{chunks: out, n: n}, true
}

func (l edgeList) each(fn func(any) bool) bool {
	for _, c := range l.chunks {
		for _, x := range c {
			if !fn(x.edge) {
				return false
			}
		}
	}
	return true
}

// adjGroup is the edges of one label in one direction.
type adjGroup struct {
	label string
	edges edgeList
}

// direction selects the outgoing or incoming side of an adjacency.
type direction uint8

const (
	dirOut direction = iota
	dirIn
)

// adjacency is the immutable edge index of one vertex: its outgoing and incoming edge ids,
// grouped by label (groups in the order their label first appeared).
type adjacency struct {
	out, in []adjGroup
}

func (a *adjacency) side(d direction) []adjGroup {
	if a == nil {
		return nil
	}
	if d == dirOut {
		return a.out
	}
	return a.in
}

func (a *adjacency) withSide(d direction, groups []adjGroup) *adjacency {
	var c adjacency
	if a != nil {
		c = *a
	}
	if d == dirOut {
		c.out = groups
	} else {
		c.in = groups
	}
	if len(c.out) == 0 && len(c.in) == 0 {
		return nil
	}
	return &c
}

// withEdge returns the adjacency with edge id, whose other end is vertex other, added
// under label on side d.
func (a *adjacency) withEdge(d direction, label string, id, other any) *adjacency {
	x := adjEntry{edge: id, other: other}
	old := a.side(d)
	groups := make([]adjGroup, len(old), len(old)+1)
	copy(groups, old)
	for i := range groups {
		if groups[i].label == label {
			groups[i].edges = groups[i].edges.appended(x)
			return a.withSide(d, groups)
		}
	}
	groups = append(groups, adjGroup{label: label, edges: edgeList{}.appended(x)})
	return a.withSide(d, groups)
}

// addInPlace adds edge id, whose other end is vertex other, under label on side d,
// mutating a (building the state at Open).
func (a *adjacency) addInPlace(d direction, label string, id, other any) {
	x := adjEntry{edge: id, other: other}
	groups := &a.out
	if d == dirIn {
		groups = &a.in
	}
	for i := range *groups {
		if (*groups)[i].label == label {
			(*groups)[i].edges.appendInPlace(x)
			return
		}
	}
	g := adjGroup{label: label}
	g.edges.appendInPlace(x)
	*groups = append(*groups, g)
}

// withoutEdges returns the adjacency without the edges of label on side d for which drop
// is true.
func (a *adjacency) withoutEdges(d direction, label string, drop func(any) bool) *adjacency {
	old := a.side(d)
	for i := range old {
		if old[i].label != label {
			continue
		}
		l, changed := old[i].edges.without(drop)
		if !changed {
			return a
		}
		groups := make([]adjGroup, 0, len(old))
		groups = append(groups, old[:i]...)
		if l.n > 0 {
			groups = append(groups, adjGroup{label: label, edges: l})
		}
		groups = append(groups, old[i+1:]...)
		return a.withSide(d, groups)
	}
	return a
}

// each calls fn for the edge ids on side d whose label is in labels (nil = all), until fn
// returns false; it reports whether it ran to the end.
func (a *adjacency) each(d direction, labels []string, fn func(any) bool) bool {
	for _, g := range a.side(d) {
		if labels != nil && !containsString(labels, g.label) {
			continue
		}
		if !g.edges.each(fn) {
			return false
		}
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// adjacencySlab hands out adjacencies carved from large arrays (building the state at
// Open), with room for a first group on each side.
type adjacencySlab struct {
	adjs   []adjacency
	groups []adjGroup
}

func (s *adjacencySlab) new() *adjacency {
	if len(s.adjs) == 0 {
		s.adjs = make([]adjacency, slabSize)
		s.groups = make([]adjGroup, 2*slabSize)
	}
	a := &s.adjs[0]
	s.adjs = s.adjs[1:]
	a.out, a.in = s.groups[0:0:1], s.groups[1:1:2]
	s.groups = s.groups[2:]
	return a
}

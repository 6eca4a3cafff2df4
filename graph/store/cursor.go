package store

import "github.com/benbjohnson/immutable"

// Adjacent is one edge of a vertex as seen from the vertex.
type Adjacent struct {
	Edge    any    // the edge's id
	Label   string // the edge's label
	OtherID any    // the id of the vertex at the other end (the vertex itself for a self-loop)
	Other   *Vertex
}

// EdgeCursor pulls the edges on one side of a vertex one at a time, in the order OutEdges
// and InEdges use, each with the vertex at its other end; it reads no edge record. It reads
// the transaction's state as it stood when the cursor was made: writes made through the
// transaction afterwards change nothing it yields, exactly as if the edges had been listed
// at that moment. The zero EdgeCursor yields nothing.
type EdgeCursor struct {
	tx       *Tx
	vertices *immutable.Map[any, *vnode]
	groups   []adjGroup
	labels   []string
	g, c, i  int // position: group, chunk of the group's list, index in the chunk
}

// OutCursor returns a cursor over the outgoing edges of vertex vid whose label is in labels
// (nil = all), each with its in-vertex. An unknown vertex yields nothing.
func (tx *Tx) OutCursor(vid any, labels []string) EdgeCursor {
	return tx.cursor(vid, dirOut, labels)
}

// InCursor returns a cursor over the incoming edges of vertex vid whose label is in labels
// (nil = all), each with its out-vertex. An unknown vertex yields nothing.
func (tx *Tx) InCursor(vid any, labels []string) EdgeCursor {
	return tx.cursor(vid, dirIn, labels)
}

func (tx *Tx) cursor(vid any, d direction, labels []string) EdgeCursor {
	vid, err := NormalizeID(vid)
	if err != nil {
		return EdgeCursor{}
	}
	if tx.recording() {
		tx.reads.adjacencies[vid] = struct{}{}
	}
	vn := tx.st.vnode(vid)
	if vn == nil {
		return EdgeCursor{}
	}
	return EdgeCursor{tx: tx, vertices: tx.st.vertices, groups: vn.adj.side(d), labels: labels}
}

// Next returns the next edge; ok is false at the end. Its Other is never nil while the
// store is consistent.
func (c *EdgeCursor) Next() (a Adjacent, ok bool) {
	for c.g < len(c.groups) {
		gr := &c.groups[c.g]
		if c.labels != nil && !containsString(c.labels, gr.label) {
			c.g, c.c, c.i = c.g+1, 0, 0
			continue
		}
		chunks := gr.edges.chunks
		if c.c >= len(chunks) {
			c.g, c.c, c.i = c.g+1, 0, 0
			continue
		}
		chunk := chunks[c.c]
		if c.i >= len(chunk) {
			c.c, c.i = c.c+1, 0
			continue
		}
		x := chunk[c.i]
		c.i++
		if c.tx.recording() {
			c.tx.reads.edges[x.edge] = struct{}{}
			c.tx.reads.vertices[x.other] = struct{}{}
		}
		a = Adjacent{Edge: x.edge, Label: gr.label, OtherID: x.other}
		if vn, _ := c.vertices.Get(x.other); vn != nil {
			a.Other = vn.v
		}
		return a, true
	}
	return Adjacent{}, false
}

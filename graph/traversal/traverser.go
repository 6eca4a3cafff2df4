package traversal

import (
	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

// traverser is one object moving through the pipeline with its bulk, the path that led to
// it (only when the traversal needs paths) and its loop counters.
type traverser struct {
	obj   any
	bulk  int64
	path  *pathNode
	loops []loopCount
	// rec, when set, is the stored record of obj (a value.Vertex), read from a snapshot
	// that cannot change (env.snapshot): steps reading the vertex use it instead of
	// looking it up again. Whatever replaces obj (split) drops it.
	rec *store.Vertex
}

// loopCount is how many times a traverser went round one repeat() (innermost last).
type loopCount struct {
	name string
	n    int
}

// pathNode is one element of an immutable, shared path list (newest first).
type pathNode struct {
	parent *pathNode
	obj    any
	labels []string
}

// split derives a traverser for a new object, extending the path when paths are tracked.
func (t *traverser) split(obj any, track bool) *traverser {
	n := &traverser{obj: obj, bulk: t.bulk, loops: t.loops, path: t.path}
	if track {
		n.path = &pathNode{parent: t.path, obj: obj}
	}
	return n
}

// splitVertex is split for a vertex whose stored record the step has in hand: the record
// travels with it when the transaction is a snapshot.
func (t *traverser) splitVertex(ref value.Vertex, rec *store.Vertex, e *env) *traverser {
	n := t.split(ref, e.trackPaths)
	if e.snapshot {
		n.rec = rec
	}
	return n
}

// clone copies the traverser with the same object.
func (t *traverser) clone() *traverser {
	c := *t
	return &c
}

// label adds step labels to the newest path element.
func (t *traverser) label(labels []string) *traverser {
	c := t.clone()
	if c.path == nil {
		c.path = &pathNode{obj: t.obj, labels: labels}
		return c
	}
	p := *c.path
	p.labels = append(append([]string(nil), p.labels...), labels...)
	c.path = &p
	return c
}

// pathObjects returns the path oldest first.
func (t *traverser) pathObjects() ([]any, [][]string) {
	var objs []any
	var labels [][]string
	for p := t.path; p != nil; p = p.parent {
		objs = append(objs, p.obj)
		ls := p.labels
		if ls == nil {
			ls = []string{}
		}
		labels = append(labels, ls)
	}
	for i, j := 0, len(objs)-1; i < j; i, j = i+1, j-1 {
		objs[i], objs[j] = objs[j], objs[i]
		labels[i], labels[j] = labels[j], labels[i]
	}
	return objs, labels
}

// labelled returns the objects of the path labelled name, oldest first.
func (t *traverser) labelled(name string) []any {
	var out []any
	for p := t.path; p != nil; p = p.parent {
		for _, l := range p.labels {
			if l == name {
				out = append(out, p.obj)
				break
			}
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// loopsOf returns the loop count of the innermost repeat, or of the repeat named name.
func (t *traverser) loopsOf(name string) int {
	for i := len(t.loops) - 1; i >= 0; i-- {
		if name == "" || t.loops[i].name == name {
			return t.loops[i].n
		}
	}
	return 0
}

package traversal

import (
	"fmt"

	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

var navigationSteps = map[string]stepBuilder{
	"out":    newAdjacent(true, false, false),
	"in":     newAdjacent(false, true, false),
	"both":   newAdjacent(true, true, false),
	"outE":   newAdjacent(true, false, true),
	"inE":    newAdjacent(false, true, true),
	"bothE":  newAdjacent(true, true, true),
	"outV":   newEdgeEnd("outV"),
	"inV":    newEdgeEnd("inV"),
	"bothV":  newEdgeEnd("bothV"),
	"otherV": newEdgeEnd("otherV"),
	"to":     newToStep,
	"toE":    newToE,
	"toV":    newToV,
}

// direction reads the Direction argument of toE()/toV().
func direction(name string, args []any) (value.Direction, []any, error) {
	if len(args) == 0 {
		return "", nil, argError(name, "needs a Direction")
	}
	d, ok := args[0].(value.Direction)
	if !ok {
		return "", nil, argError(name, "needs a Direction, got %s", typeName(args[0]))
	}
	return d, args[1:], nil
}

// newToE is toE(Direction, labels...): outE/inE/bothE.
func newToE(c *compiler, name string, args []any) (step, error) {
	d, rest, err := direction(name, args)
	if err != nil {
		return nil, err
	}
	switch d {
	case "OUT":
		return newAdjacent(true, false, true)(c, "outE", rest)
	case "IN":
		return newAdjacent(false, true, true)(c, "inE", rest)
	}
	return newAdjacent(true, true, true)(c, "bothE", rest)
}

// newToV is toV(Direction): outV/inV/bothV.
func newToV(c *compiler, name string, args []any) (step, error) {
	d, rest, err := direction(name, args)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		return nil, argError(name, "takes only a Direction")
	}
	switch d {
	case "OUT":
		return newEdgeEnd("outV")(c, "outV", nil)
	case "IN":
		return newEdgeEnd("inV")(c, "inV", nil)
	}
	return newEdgeEnd("bothV")(c, "bothV", nil)
}

func newAdjacent(out, in, edges bool) stepBuilder {
	return func(c *compiler, name string, args []any) (step, error) {
		labels, err := argStrings(name, args)
		if err != nil {
			return nil, err
		}
		if len(labels) == 0 {
			labels = nil
		}
		return &flatIterStep{fn: func(e *env, t *traverser) (iter, error) {
			v, ok := t.obj.(value.Vertex)
			if !ok {
				return nil, fmt.Errorf("%s() needs a vertex, got %s", name, typeName(t.obj))
			}
			it := &adjacentIter{e: e, t: t, v: v, edges: edges}
			if edges && out && in {
				it.skipLoopsOf, _ = store.NormalizeID(v.ID)
			}
			if out {
				it.out = e.tx.OutCursor(v.ID, labels)
			}
			if in {
				it.in = e.tx.InCursor(v.ID, labels)
			}
			return it, nil
		}}, nil
	}
}

// adjacentIter streams the edges or neighbours of one vertex: its outgoing side, then its
// incoming side, each as the transaction stood when the step reached the vertex (the
// cursors were made then).
type adjacentIter struct {
	e       *env
	t       *traverser
	v       value.Vertex
	edges   bool // yield the edges, not the vertices at their other ends
	out, in store.EdgeCursor
	inSide  bool // the outgoing side is done
	// skipLoopsOf, for bothE(), is the vertex's id: a self-loop, listed with the outgoing
	// side, is not listed again with the incoming one.
	skipLoopsOf any
}

func (a *adjacentIter) next() (*traverser, error) {
	for {
		var adj store.Adjacent
		var ok bool
		if !a.inSide {
			if adj, ok = a.out.Next(); !ok {
				a.inSide = true
				continue
			}
		} else {
			if adj, ok = a.in.Next(); !ok {
				return nil, nil
			}
			if a.skipLoopsOf != nil && adj.OtherID == a.skipLoopsOf {
				continue
			}
		}
		if err := a.e.checkCtx(); err != nil {
			return nil, err
		}
		ref := value.Vertex{ID: adj.OtherID}
		if adj.Other != nil {
			ref.Label = adj.Other.Label
		}
		if !a.edges {
			return a.t.splitVertex(ref, adj.Other, a.e), nil
		}
		r := value.Edge{ID: adj.Edge, Label: adj.Label, OutV: a.v, InV: ref}
		if a.inSide {
			r.OutV, r.InV = ref, a.v
		}
		return a.t.split(r, a.e.trackPaths), nil
	}
}

// labelled makes the reference of the vertex with id, with its label.
func labelled(e *env, id any) value.Vertex {
	if sv, ok := e.tx.Vertex(id); ok {
		return value.Vertex{ID: id, Label: sv.Label}
	}
	return value.Vertex{ID: id}
}

func newEdgeEnd(which string) stepBuilder {
	return func(c *compiler, name string, args []any) (step, error) {
		if len(args) > 0 {
			return nil, argError(name, "takes no arguments")
		}
		if which == "otherV" {
			c.trackPaths = true
		}
		return &flatMapStep{fn: func(e *env, t *traverser) ([]any, error) {
			ed, ok := t.obj.(value.Edge)
			if !ok {
				return nil, fmt.Errorf("%s() needs an edge, got %s", name, typeName(t.obj))
			}
			switch which {
			case "outV":
				return []any{ed.OutV}, nil
			case "inV":
				return []any{ed.InV}, nil
			case "bothV":
				return []any{ed.OutV, ed.InV}, nil
			}
			// otherV: the end that is not the element before the edge on the path.
			var prev any
			if t.path != nil && t.path.parent != nil {
				prev = t.path.parent.obj
			}
			if pv, ok := prev.(value.Vertex); ok && value.Equal(pv.ID, ed.OutV.ID) {
				return []any{ed.InV}, nil
			}
			return []any{ed.OutV}, nil
		}}, nil
	}
}

// newToStep is to(Direction, labels...) used as a step (not the addE modulator).
func newToStep(c *compiler, name string, args []any) (step, error) {
	if len(args) == 0 {
		return nil, argError(name, "needs a direction")
	}
	d, ok := args[0].(value.Direction)
	if !ok {
		return nil, argError(name, "outside addE() needs a Direction")
	}
	switch d {
	case "OUT":
		return newAdjacent(true, false, false)(c, "out", args[1:])
	case "IN":
		return newAdjacent(false, true, false)(c, "in", args[1:])
	}
	return newAdjacent(true, true, false)(c, "both", args[1:])
}

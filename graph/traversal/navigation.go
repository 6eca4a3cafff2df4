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
		return &flatMapStep{fn: func(e *env, t *traverser) ([]any, error) {
			v, ok := t.obj.(value.Vertex)
			if !ok {
				return nil, fmt.Errorf("%s() needs a vertex, got %s", name, typeName(t.obj))
			}
			return adjacent(e, v, out, in, edges, labels), nil
		}}, nil
	}
}

// adjacent lists the edges or neighbours of a vertex.
func adjacent(e *env, v value.Vertex, out, in, edges bool, labels []string) []any {
	var res []any
	if out {
		e.tx.OutEdges(v.ID, labels, func(ed *store.Edge) bool {
			if edges {
				res = append(res, value.Edge{ID: ed.ID, Label: ed.Label, OutV: v, InV: labelled(e, ed.In)})
			} else {
				res = append(res, labelled(e, ed.In))
			}
			return true
		})
	}
	if in {
		e.tx.InEdges(v.ID, labels, func(ed *store.Edge) bool {
			if edges {
				if out && ed.Out == ed.In { // a self-loop is listed once by bothE()
					return true
				}
				res = append(res, value.Edge{ID: ed.ID, Label: ed.Label, OutV: labelled(e, ed.Out), InV: v})
			} else {
				res = append(res, labelled(e, ed.Out))
			}
			return true
		})
	}
	return res
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

package traversal

import (
	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

var sourceSteps = map[string]stepBuilder{
	"V":      newVStep,
	"E":      newEStep,
	"inject": newInject,
}

// vStep is V(ids...): all vertices, or those with the given ids. The optimizer may give it
// the labels and an equality condition of the has() steps that follow, to use an index.
type vStep struct {
	ids      []any
	hasIDs   bool
	labels   []string
	eqKey    string
	eqValues []any
}

func newVStep(c *compiler, name string, args []any) (step, error) {
	ids, err := idArgs(name, args)
	if err != nil {
		return nil, err
	}
	return &vStep{ids: ids, hasIDs: len(args) > 0}, nil
}

// idArgs reads element ids given as ids, elements or lists of them.
func idArgs(step string, args []any) ([]any, error) {
	var ids []any
	for _, a := range flattenArgs(args) {
		switch x := a.(type) {
		case value.Vertex:
			a = x.ID
		case value.Edge:
			a = x.ID
		case *value.Vertex:
			a = x.ID
		case *value.Edge:
			a = x.ID
		case nil:
			continue
		}
		id, err := store.NormalizeID(a)
		if err != nil {
			return nil, argError(step, "%v", err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (s *vStep) build(in iter, e *env) iter {
	return (&flatIterStep{fn: func(e *env, t *traverser) (iter, error) {
		recs := s.vertices(e)
		items := make([]*traverser, len(recs))
		for i, r := range recs {
			items[i] = t.splitVertex(vertexRef(r), r, e)
		}
		return &sliceIter{items: items}, nil
	}}).build(in, e)
}

// vertices finds the vertices V() starts from.
func (s *vStep) vertices(e *env) []*store.Vertex {
	var out []*store.Vertex
	add := func(v *store.Vertex) bool {
		out = append(out, v)
		return true
	}
	switch {
	case s.hasIDs:
		for _, id := range s.ids {
			if v, ok := e.tx.Vertex(id); ok {
				add(v)
			}
		}
	case s.eqKey != "" && s.lookup(e, add):
	case len(s.labels) > 0:
		for _, l := range s.labels {
			e.tx.VerticesByLabel(l, add)
		}
	default:
		e.tx.ScanVertices(add)
	}
	return out
}

// lookup uses a declared index for the equality hint; false when none covers it.
func (s *vStep) lookup(e *env, add func(*store.Vertex) bool) bool {
	seen := map[any]bool{}
	for i, v := range s.eqValues {
		ok := e.tx.LookupVertices(s.labels, s.eqKey, v, func(x *store.Vertex) bool {
			if len(s.eqValues) > 1 {
				if seen[x.ID] {
					return true
				}
				seen[x.ID] = true
			}
			return add(x)
		})
		if !ok {
			if i > 0 {
				panic("store index coverage changed during a lookup")
			}
			return false
		}
	}
	return true
}

// eStep is E(ids...).
type eStep struct {
	ids    []any
	hasIDs bool
}

func newEStep(c *compiler, name string, args []any) (step, error) {
	ids, err := idArgs(name, args)
	if err != nil {
		return nil, err
	}
	return &eStep{ids: ids, hasIDs: len(args) > 0}, nil
}

func (s *eStep) build(in iter, e *env) iter {
	return (&flatIterStep{fn: func(e *env, t *traverser) (iter, error) {
		var items []*traverser
		add := func(ed *store.Edge) bool {
			items = append(items, t.split(edgeRef(e, ed), e.trackPaths))
			return true
		}
		if s.hasIDs {
			for _, id := range s.ids {
				if ed, ok := e.tx.Edge(id); ok {
					add(ed)
				}
			}
		} else {
			e.tx.ScanEdges(add)
		}
		return &sliceIter{items: items}, nil
	}}).build(in, e)
}

// injectStep is inject(values...): the values come first, then the stream.
type injectStep struct{ values []any }

func newInject(c *compiler, name string, args []any) (step, error) {
	return &injectStep{values: args}, nil
}

func (s *injectStep) build(in iter, e *env) iter {
	i := 0
	return iterFunc(func() (*traverser, error) {
		if i < len(s.values) {
			v := s.values[i]
			i++
			return fresh(v, e), nil
		}
		for {
			t, err := in.next()
			if t == nil || err != nil {
				return nil, err
			}
			if !isSeed(t) {
				return t, nil
			}
		}
	})
}

// countAllStep answers V().count() and E().count() from the store's counters.
type countAllStep struct{ edges bool }

func (s *countAllStep) build(in iter, e *env) iter {
	return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		if s.edges {
			return e.tx.CountEdges(), false, nil
		}
		return e.tx.CountVertices(), false, nil
	}}).build(in, e)
}

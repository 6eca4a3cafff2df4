package traversal

import (
	"fmt"

	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

// mapArg is a map argument of mergeV/mergeE/option: a literal map, a traversal producing
// one, or (nil) the incoming object.
type mapArg struct {
	literal *value.Map
	prog    *program
	given   bool
}

func parseMapArg(c *compiler, step string, a any) (*mapArg, error) {
	switch m := a.(type) {
	case *value.Map:
		return &mapArg{literal: m, given: true}, nil
	case *value.Bytecode:
		p, err := c.child(step, m)
		if err != nil {
			return nil, err
		}
		return &mapArg{prog: p, given: true}, nil
	case nil:
		return &mapArg{given: true}, nil
	}
	return nil, argError(step, "takes a map or a traversal, got %s", typeName(a))
}

// get evaluates the map for traverser t; nil when there is none.
func (m *mapArg) get(e *env, t *traverser, step string) (*value.Map, error) {
	var obj any
	switch {
	case m == nil || !m.given:
		obj = t.obj
	case m.literal != nil:
		return m.literal, nil
	case m.prog != nil:
		r, err := m.prog.first(t, e)
		if err != nil {
			return nil, err
		}
		if r == nil {
			return nil, nil
		}
		obj = r.obj
	default:
		return nil, nil
	}
	if obj == nil {
		return nil, nil
	}
	mm, ok := obj.(*value.Map)
	if !ok {
		return nil, fmt.Errorf("%s() needs a map, got %s", step, typeName(obj))
	}
	return mm, nil
}

// mergeVStep is mergeV(search).option(Merge.onCreate, map).option(Merge.onMatch, map).
type mergeVStep struct {
	search   *mapArg
	onCreate *mapArg
	onMatch  *mapArg
}

// searchArg reads the optional search map of mergeV()/mergeE().
func searchArg(c *compiler, name string, args []any) (*mapArg, error) {
	switch len(args) {
	case 0:
		return nil, nil
	case 1:
		return parseMapArg(c, name, args[0])
	}
	return nil, argError(name, "takes at most one map or traversal")
}

// mergeOption reads option(Merge token, map or traversal) of mergeV()/mergeE().
func mergeOption(c *compiler, step string, args []any) (value.Merge, *mapArg, error) {
	if len(args) != 2 {
		return "", nil, argError("option", "takes a Merge token and a map or traversal")
	}
	tok, ok := args[0].(value.Merge)
	if !ok {
		return "", nil, argError("option", "%s() options are Merge tokens, got %s", step, typeName(args[0]))
	}
	m, err := parseMapArg(c, "option", args[1])
	return tok, m, err
}

func newMergeV(c *compiler, name string, args []any) (step, error) {
	m, err := searchArg(c, name, args)
	if err != nil {
		return nil, err
	}
	return &mergeVStep{search: m}, nil
}

func (s *mergeVStep) modulate(c *compiler, op string, args []any) error {
	if op != "option" {
		return argError(op, "does not modulate mergeV()")
	}
	tok, m, err := mergeOption(c, "mergeV", args)
	if err != nil {
		return err
	}
	switch tok {
	case "onCreate":
		s.onCreate = m
	case "onMatch":
		s.onMatch = m
	default:
		return argError("option", "mergeV() does not take Merge.%s", tok)
	}
	return nil
}

// matches reports whether an element has every entry of the search map.
func vertexMatches(v *store.Vertex, search *value.Map) bool {
	ok := true
	search.Range(func(k, want any) bool {
		switch key := k.(type) {
		case value.T:
			switch key {
			case "id":
				ok = value.Equal(v.ID, want)
			case "label":
				ok = v.Label == want
			}
		case string:
			found := false
			for _, p := range v.Props {
				if p.Key == key && value.Equal(p.Value, unwrapValue(want)) {
					found = true
					break
				}
			}
			ok = found
		default:
			ok = false
		}
		return ok
	})
	return ok
}

func unwrapValue(v any) any {
	if cv, ok := unwrapCardinality(v).(cardinalityValue); ok {
		return cv.value
	}
	return v
}

// findVertices finds the vertices matching a search map, by id, index, label or scan.
func findVertices(e *env, search *value.Map) ([]*store.Vertex, error) {
	var out []*store.Vertex
	collect := func(v *store.Vertex) bool {
		if vertexMatches(v, search) {
			out = append(out, v)
		}
		return true
	}
	if id, ok := search.Get(value.T("id")); ok {
		nid, err := store.NormalizeID(id)
		if err != nil {
			return nil, fmt.Errorf("mergeV(): %w", err)
		}
		if v, ok := e.tx.Vertex(nid); ok {
			collect(v)
		}
		return out, nil
	}
	var labels []string
	if l, ok := search.Get(value.T("label")); ok {
		ls, isStr := l.(string)
		if !isStr {
			return nil, fmt.Errorf("mergeV(): T.label must be a string")
		}
		labels = []string{ls}
	}
	for _, k := range search.Keys() {
		key, ok := k.(string)
		if !ok {
			continue
		}
		want, _ := search.Get(k)
		if e.tx.LookupVertices(labels, key, unwrapValue(want), collect) {
			return out, nil
		}
	}
	if labels != nil {
		e.tx.VerticesByLabel(labels[0], collect)
	} else {
		e.tx.ScanVertices(collect)
	}
	return out, nil
}

func validateMergeMap(step string, m *value.Map, allowDirections bool) error {
	var err error
	m.Range(func(k, v any) bool {
		switch key := k.(type) {
		case string:
		case value.T:
			if key != "id" && key != "label" {
				err = fmt.Errorf("%s(): map keys may be T.id, T.label or strings, not T.%s", step, key)
			}
		case value.Direction:
			if !allowDirections {
				err = fmt.Errorf("%s(): Direction keys belong to mergeE()", step)
			}
		default:
			err = fmt.Errorf("%s(): map keys may be T.id, T.label or strings, got %s", step, typeName(k))
		}
		return err == nil
	})
	return err
}

func (s *mergeVStep) build(in iter, e *env) iter {
	return (&flatMapStep{fn: func(e *env, t *traverser) ([]any, error) {
		search, err := s.search.get(e, t, "mergeV")
		if err != nil {
			return nil, err
		}
		if search == nil {
			search = value.NewMap(0)
		}
		if err := validateMergeMap("mergeV", search, false); err != nil {
			return nil, err
		}
		found, err := findVertices(e, search)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			cr := &creation{label: "vertex"}
			for _, k := range search.Keys() {
				v, _ := search.Get(k)
				if err := cr.set(k, unwrapCardinality(v), store.Single, false); err != nil {
					return nil, fmt.Errorf("mergeV(): %w", err)
				}
			}
			if s.onCreate != nil {
				oc, err := s.onCreate.get(e, t, "mergeV")
				if err != nil {
					return nil, err
				}
				if oc != nil {
					if err := validateMergeMap("mergeV", oc, false); err != nil {
						return nil, err
					}
					var cerr error
					oc.Range(func(k, v any) bool {
						if sv, inSearch := search.Get(k); inSearch && !value.Equal(sv, v) {
							cerr = fmt.Errorf("mergeV(): onCreate cannot override %v given in the search map", k)
							return false
						}
						cerr = cr.set(k, unwrapCardinality(v), store.Single, false)
						return cerr == nil
					})
					if cerr != nil {
						return nil, cerr
					}
				}
			}
			v, err := e.tx.AddVertex(cr.id, cr.label, cr.props)
			if err != nil {
				return nil, writeError("mergeV", err)
			}
			return []any{vertexRef(v)}, nil
		}
		out := make([]any, 0, len(found))
		for _, v := range found {
			ref := vertexRef(v)
			if s.onMatch != nil {
				om, err := s.onMatch.get(e, t.split(ref, false), "mergeV")
				if err != nil {
					return nil, err
				}
				if om != nil {
					if err := applyOnMatch(e, ref, om); err != nil {
						return nil, err
					}
				}
			}
			out = append(out, ref)
		}
		return out, nil
	}}).build(in, e)
}

func applyOnMatch(e *env, el any, om *value.Map) error {
	var err error
	om.Range(func(k, v any) bool {
		key, ok := k.(string)
		if !ok {
			err = fmt.Errorf("onMatch cannot set %v: only properties can change on a match", k)
			return false
		}
		err = setProperty(e, el, key, unwrapCardinality(v), store.Single)
		return err == nil
	})
	return err
}

// mergeEStep is mergeE(search) with options onCreate, onMatch, outV and inV.
type mergeEStep struct {
	search            *mapArg
	onCreate, onMatch *mapArg
	outVArg, inVArg   *mapArg
}

func newMergeE(c *compiler, name string, args []any) (step, error) {
	m, err := searchArg(c, name, args)
	if err != nil {
		return nil, err
	}
	return &mergeEStep{search: m}, nil
}

func (s *mergeEStep) modulate(c *compiler, op string, args []any) error {
	if op != "option" {
		return argError(op, "does not modulate mergeE()")
	}
	tok, m, err := mergeOption(c, "mergeE", args)
	if err != nil {
		return err
	}
	switch tok {
	case "onCreate":
		s.onCreate = m
	case "onMatch":
		s.onMatch = m
	case "outV":
		s.outVArg = m
	case "inV":
		s.inVArg = m
	}
	return nil
}

// endVertex resolves a Direction value of a mergeE map to a vertex id.
func (s *mergeEStep) endVertex(e *env, t *traverser, v any, placeholder *mapArg) (any, error) {
	if m, ok := v.(value.Merge); ok {
		if placeholder == nil {
			return nil, fmt.Errorf("mergeE(): Merge.%s needs option(Merge.%s, ...)", m, m)
		}
		if placeholder.prog != nil {
			r, err := placeholder.prog.first(t, e)
			if err != nil {
				return nil, err
			}
			if r == nil {
				return nil, fmt.Errorf("mergeE(): option(Merge.%s) produced nothing", m)
			}
			v = r.obj
		} else {
			v = placeholder.literal
		}
	}
	switch x := v.(type) {
	case value.Vertex:
		return x.ID, nil
	case *value.Vertex:
		return x.ID, nil
	case *value.Map:
		vs, err := findVertices(e, x)
		if err != nil {
			return nil, err
		}
		if len(vs) != 1 {
			return nil, fmt.Errorf("mergeE(): the vertex map matched %d vertices, need exactly one", len(vs))
		}
		return vs[0].ID, nil
	}
	return store.NormalizeID(v)
}

func edgeMatches(ed *store.Edge, search *value.Map, out, in any) bool {
	if out != nil && !value.Equal(ed.Out, out) || in != nil && !value.Equal(ed.In, in) {
		return false
	}
	ok := true
	search.Range(func(k, want any) bool {
		switch key := k.(type) {
		case value.T:
			if key == "id" {
				ok = value.Equal(ed.ID, want)
			} else {
				ok = ed.Label == want
			}
		case string:
			found := false
			for _, p := range ed.Props {
				if p.Key == key && value.Equal(p.Value, want) {
					found = true
				}
			}
			ok = found
		}
		return ok
	})
	return ok
}

func (s *mergeEStep) build(in iter, e *env) iter {
	return (&flatMapStep{fn: func(e *env, t *traverser) ([]any, error) {
		search, err := s.search.get(e, t, "mergeE")
		if err != nil {
			return nil, err
		}
		if search == nil {
			search = value.NewMap(0)
		}
		if err := validateMergeMap("mergeE", search, true); err != nil {
			return nil, err
		}
		var outID, inID any
		if v, ok := search.Get(value.Direction("OUT")); ok {
			if outID, err = s.endVertex(e, t, v, s.outVArg); err != nil {
				return nil, err
			}
		}
		if v, ok := search.Get(value.Direction("IN")); ok {
			if inID, err = s.endVertex(e, t, v, s.inVArg); err != nil {
				return nil, err
			}
		}
		var found []*store.Edge
		collect := func(ed *store.Edge) bool {
			if edgeMatches(ed, search, outID, inID) {
				found = append(found, ed)
			}
			return true
		}
		if id, ok := search.Get(value.T("id")); ok {
			nid, err := store.NormalizeID(id)
			if err != nil {
				return nil, err
			}
			if ed, ok := e.tx.Edge(nid); ok {
				collect(ed)
			}
		} else if outID != nil {
			e.tx.OutEdges(outID, nil, collect)
		} else if inID != nil {
			e.tx.InEdges(inID, nil, collect)
		} else {
			e.tx.ScanEdges(collect)
		}
		if len(found) == 0 {
			cr := &creation{}
			merged := search.Clone()
			if s.onCreate != nil {
				oc, err := s.onCreate.get(e, t, "mergeE")
				if err != nil {
					return nil, err
				}
				if oc != nil {
					if err := validateMergeMap("mergeE", oc, true); err != nil {
						return nil, err
					}
					oc.Range(func(k, v any) bool { merged.Put(k, v); return true })
				}
			}
			if v, ok := merged.Get(value.Direction("OUT")); ok && outID == nil {
				if outID, err = s.endVertex(e, t, v, s.outVArg); err != nil {
					return nil, err
				}
			}
			if v, ok := merged.Get(value.Direction("IN")); ok && inID == nil {
				if inID, err = s.endVertex(e, t, v, s.inVArg); err != nil {
					return nil, err
				}
			}
			if outID == nil || inID == nil {
				return nil, fmt.Errorf("mergeE(): creating an edge needs Direction.OUT and Direction.IN")
			}
			var serr error
			merged.Range(func(k, v any) bool {
				if _, isDir := k.(value.Direction); isDir {
					return true
				}
				serr = cr.set(k, v, store.Single, true)
				return serr == nil
			})
			if serr != nil {
				return nil, fmt.Errorf("mergeE(): %w", serr)
			}
			if cr.label == "" {
				cr.label = "edge"
			}
			ed, err := e.tx.AddEdge(cr.id, cr.label, outID, inID, cr.props)
			if err != nil {
				return nil, writeError("mergeE", err)
			}
			return []any{edgeRef(e, ed)}, nil
		}
		out := make([]any, 0, len(found))
		for _, ed := range found {
			ref := edgeRef(e, ed)
			if s.onMatch != nil {
				om, err := s.onMatch.get(e, t.split(ref, false), "mergeE")
				if err != nil {
					return nil, err
				}
				if om != nil {
					if err := applyOnMatch(e, ref, om); err != nil {
						return nil, err
					}
				}
			}
			out = append(out, ref)
		}
		return out, nil
	}}).build(in, e)
}

package traversal

import (
	"fmt"

	"github.com/wifivault/wifivault/graph/store"

	"github.com/wifivault/wifivault/graph/value"
)

var mapSteps = map[string]stepBuilder{
	"id":         newTokenMap("id"),
	"label":      newTokenMap("label"),
	"key":        newTokenMap("key"),
	"value":      newTokenMap("value"),
	"values":     newValues,
	"properties": newProperties,
	"valueMap":   newValueMap,
	"elementMap": newElementMap,
	"project":    newProject,
	"select":     newSelect,
	"constant":   newConstant,
	"path":       newPath,
	"unfold":     newUnfold,
	"loops":      newLoops,
	"math":       newMath,
}

func newTokenMap(tok value.T) stepBuilder {
	return func(c *compiler, name string, args []any) (step, error) {
		if len(args) > 0 {
			return nil, argError(name, "takes no arguments")
		}
		return &mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
			v, ok, err := tokenValue(t.obj, tok)
			return v, !ok, err
		}}, nil
	}
}

func newValues(c *compiler, name string, args []any) (step, error) {
	keys, err := argStrings(name, args)
	if err != nil {
		return nil, err
	}
	return &flatMapStep{fn: func(e *env, t *traverser) ([]any, error) {
		return propertyValues(e, t, keys)
	}}, nil
}

func newProperties(c *compiler, name string, args []any) (step, error) {
	keys, err := argStrings(name, args)
	if err != nil {
		return nil, err
	}
	return &flatMapStep{fn: func(e *env, t *traverser) ([]any, error) {
		return propertiesOf(e, t, keys)
	}}, nil
}

// WithOptions token bits of valueMap().with(WithOptions.tokens, ...).
const (
	withIDs    = 1
	withLabels = 2
	withKeys   = 4
	withValues = 8
)

// valueMapStep is valueMap([includeTokens], keys...) with by() applied to each value list.
type valueMapStep struct {
	keys   []string
	tokens int64
	by     *byMod
}

func newValueMap(c *compiler, name string, args []any) (step, error) {
	s := &valueMapStep{}
	if len(args) > 0 {
		if b, ok := args[0].(bool); ok {
			if b {
				s.tokens = withIDs | withLabels
			}
			args = args[1:]
		}
	}
	keys, err := argStrings(name, args)
	if err != nil {
		return nil, err
	}
	s.keys = keys
	return s, nil
}

func (s *valueMapStep) modulate(c *compiler, op string, args []any) error {
	switch op {
	case "by":
		b, err := parseBy(c, "valueMap", args)
		s.by = b
		return err
	case "with":
		return s.with(args)
	}
	return argError(op, "does not modulate valueMap()")
}

func (s *valueMapStep) with(args []any) error {
	if len(args) == 0 {
		return argError("with", "needs a key")
	}
	k, _ := args[0].(string)
	if k != "~tinkerpop.valueMap.tokens" {
		return unsupported("valueMap().with(%v)", args[0])
	}
	s.tokens = withIDs | withLabels | withKeys | withValues
	if len(args) > 1 {
		n, err := argInt("with", args[1])
		if err != nil {
			return err
		}
		s.tokens = n
	}
	return nil
}

func (s *valueMapStep) build(in iter, e *env) iter {
	return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		switch el := t.obj.(type) {
		case value.Vertex:
			v, err := e.vertexOf(t, el)
			if err != nil {
				return nil, false, err
			}
			var scratch [8]propGroup
			groups := groupProps(scratch[:0], v.Props, s.keys)
			e.keyBoxes.begin()
			// One allocation holds the keys (first half) and the values (second half).
			n := len(groups) + 2
			kv := make([]any, 2*n)
			keys, vals := kv[:0:n], kv[n:n]
			if s.tokens&withIDs != 0 {
				keys, vals = append(keys, value.T("id")), append(vals, v.ID)
			}
			if s.tokens&withLabels != 0 {
				keys, vals = append(keys, value.T("label")), append(vals, e.keyBoxes.box(0, v.Label))
			}
			for j, gr := range groups {
				var bv any = gr.values
				if s.by != nil {
					r, ok, err := s.by.apply(e, t.split(gr.values, false))
					if err != nil {
						return nil, false, err
					}
					if ok {
						bv = r
					}
				}
				keys, vals = append(keys, e.keyBoxes.box(j+1, gr.key)), append(vals, bv)
			}
			return value.NewMapOf(keys, vals), false, nil
		case value.Edge:
			ed, err := e.edge(el)
			if err != nil {
				return nil, false, err
			}
			m := value.NewMap(len(ed.Props) + 2)
			if s.tokens&withIDs != 0 {
				m.Put(value.T("id"), ed.ID)
			}
			if s.tokens&withLabels != 0 {
				m.Put(value.T("label"), ed.Label)
			}
			for _, p := range ed.Props {
				if len(s.keys) == 0 || contains(s.keys, p.Key) {
					m.Put(p.Key, p.Value)
				}
			}
			return m, false, nil
		}
		return nil, false, fmt.Errorf("valueMap() needs an element, got %s", typeName(t.obj))
	}}).build(in, e)
}

func newElementMap(c *compiler, name string, args []any) (step, error) {
	keys, err := argStrings(name, args)
	if err != nil {
		return nil, err
	}
	return &mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		m, err := elementMap(e, t, keys)
		return m, false, err
	}}, nil
}

// elementMap renders an element as {T.id, T.label, (Direction.IN, Direction.OUT,) props}.
func elementMap(e *env, t *traverser, keys []string) (*value.Map, error) {
	obj := t.obj
	switch el := obj.(type) {
	case value.Vertex:
		v, err := e.vertexOf(t, el)
		if err != nil {
			return nil, err
		}
		e.keyBoxes.begin()
		// One allocation holds the keys (first half) and the values (second half).
		n := len(v.Props) + 2
		kv := make([]any, 2*n)
		ks, vs := kv[:2:n], kv[n:n+2]
		ks[0], ks[1], vs[0], vs[1] = value.T("id"), value.T("label"), v.ID, e.keyBoxes.box(0, v.Label)
		if len(v.Props) > 32 { // many properties: group them in one pass instead
			for _, gr := range groupProps(nil, v.Props, keys) {
				ks, vs = append(ks, e.keyBoxes.box(len(ks)-1, gr.key)), append(vs, gr.values[0])
			}
			return value.NewMapOf(ks, vs), nil
		}
	props:
		for i, p := range v.Props {
			if len(keys) > 0 && !contains(keys, p.Key) {
				continue
			}
			for _, q := range v.Props[:i] { // the first value of a key wins
				if q.Key == p.Key {
					continue props
				}
			}
			ks, vs = append(ks, e.keyBoxes.box(len(ks)-1, p.Key)), append(vs, p.Value)
		}
		return value.NewMapOf(ks, vs), nil
	case value.Edge:
		ed, err := e.edge(el)
		if err != nil {
			return nil, err
		}
		m := value.NewMap(len(ed.Props) + 4)
		m.Put(value.T("id"), ed.ID)
		m.Put(value.T("label"), ed.Label)
		in := labelled(e, ed.In)
		out := labelled(e, ed.Out)
		inMap := value.NewMap(2)
		inMap.Put(value.T("id"), in.ID)
		inMap.Put(value.T("label"), in.Label)
		outMap := value.NewMap(2)
		outMap.Put(value.T("id"), out.ID)
		outMap.Put(value.T("label"), out.Label)
		m.Put(value.Direction("IN"), inMap)
		m.Put(value.Direction("OUT"), outMap)
		for _, p := range ed.Props {
			if len(keys) == 0 || contains(keys, p.Key) {
				m.Put(p.Key, p.Value)
			}
		}
		return m, nil
	case value.VertexProperty:
		m := value.NewMap(3)
		m.Put(value.T("id"), el.ID)
		m.Put(value.T("key"), el.Key)
		m.Put(value.T("value"), el.Value)
		return m, nil
	}
	return nil, fmt.Errorf("elementMap() needs an element, got %s", typeName(obj))
}

// projectStep is project(keys...).by(...)...: one map per traverser.
type projectStep struct {
	keys []string
	bys  byList
}

func newProject(c *compiler, name string, args []any) (step, error) {
	keys, err := argStrings(name, args)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, argError(name, "needs at least one key")
	}
	return &projectStep{keys: keys}, nil
}

func (s *projectStep) modulate(c *compiler, op string, args []any) error {
	if op != "by" {
		return argError(op, "does not modulate project()")
	}
	b, err := parseBy(c, "project", args)
	if err != nil {
		return err
	}
	if len(s.bys) >= len(s.keys) {
		return argError("by", "project() has %d keys and more by() modulators", len(s.keys))
	}
	s.bys = append(s.bys, b)
	return nil
}

func (s *projectStep) build(in iter, e *env) iter {
	return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		m := value.NewMap(len(s.keys))
		for i, k := range s.keys {
			v, ok, err := s.bys.get(i).apply(e, t)
			if err != nil {
				return nil, false, err
			}
			if ok {
				m.Put(k, v)
			}
		}
		return m, false, nil
	}}).build(in, e)
}

// selectStep is select(labels...), select(Pop, labels...), select(Column) and
// select(traversal).
type selectStep struct {
	pop    value.Pop
	labels []string
	column value.Column
	prog   *program
	bys    byList
}

func newSelect(c *compiler, name string, args []any) (step, error) {
	s := &selectStep{pop: "last"}
	if len(args) == 0 {
		return nil, argError(name, "needs a label")
	}
	switch a := args[0].(type) {
	case value.Column:
		if len(args) > 1 {
			return nil, argError(name, "select(Column) takes one argument")
		}
		s.column = a
		return s, nil
	case value.Pop:
		s.pop = a
		args = args[1:]
	case *value.Bytecode:
		p, err := c.child(name, a)
		if err != nil {
			return nil, err
		}
		s.prog = p
		return s, nil
	}
	labels, err := argStrings(name, args)
	if err != nil {
		return nil, err
	}
	if len(labels) == 0 {
		return nil, argError(name, "needs a label")
	}
	s.labels = labels
	c.trackPaths = true
	return s, nil
}

func (s *selectStep) modulate(c *compiler, op string, args []any) error {
	if op != "by" {
		return argError(op, "does not modulate select()")
	}
	b, err := parseBy(c, "select", args)
	if err != nil {
		return err
	}
	s.bys = append(s.bys, b)
	return nil
}

func (s *selectStep) build(in iter, e *env) iter {
	return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		if s.column != "" {
			v, ok, err := columnValue(t.obj, s.column)
			return v, !ok, err
		}
		if s.prog != nil {
			r, err := s.prog.first(t, e)
			if err != nil || r == nil {
				return nil, true, err
			}
			key := r.obj
			ls, ok := key.(string)
			if !ok {
				if m, isMap := t.obj.(*value.Map); isMap {
					v, found := m.Get(key)
					return v, !found, nil
				}
				return nil, true, nil
			}
			v, found := scopeValue(e, t, ls, s.pop)
			return v, !found, nil
		}
		if len(s.labels) == 1 {
			v, ok := scopeValue(e, t, s.labels[0], s.pop)
			if !ok {
				return nil, true, nil
			}
			bv, ok, err := s.bys.get(0).apply(e, t.split(v, false))
			return bv, !ok, err
		}
		m := value.NewMap(len(s.labels))
		for i, l := range s.labels {
			v, ok := scopeValue(e, t, l, s.pop)
			if !ok {
				return nil, true, nil
			}
			bv, ok, err := s.bys.get(i).apply(e, t.split(v, false))
			if err != nil || !ok {
				return nil, true, err
			}
			m.Put(l, bv)
		}
		return m, false, nil
	}}).build(in, e)
}

func newConstant(c *compiler, name string, args []any) (step, error) {
	if len(args) != 1 {
		return nil, argError(name, "takes one value")
	}
	v := args[0]
	return &mapStep{fn: func(*env, *traverser) (any, bool, error) { return v, false, nil }}, nil
}

// pathStep is path() with by() modulators applied round-robin to the path's objects.
type pathStep struct{ bys byList }

func newPath(c *compiler, name string, args []any) (step, error) {
	if len(args) > 0 {
		return nil, argError(name, "takes no arguments")
	}
	return &pathStep{}, nil
}

func (s *pathStep) modulate(c *compiler, op string, args []any) error {
	if op != "by" {
		return argError(op, "does not modulate path()")
	}
	b, err := parseBy(c, "path", args)
	if err != nil {
		return err
	}
	s.bys = append(s.bys, b)
	return nil
}

func (s *pathStep) build(in iter, e *env) iter {
	return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		objs, labels := t.pathObjects()
		if len(s.bys) > 0 {
			for i, o := range objs {
				v, ok, err := s.bys.get(i).apply(e, t.split(o, false))
				if err != nil {
					return nil, false, err
				}
				if !ok {
					return nil, true, nil
				}
				objs[i] = v
			}
		}
		return value.Path{Labels: labels, Objects: objs}, false, nil
	}}).build(in, e)
}

func newUnfold(c *compiler, name string, args []any) (step, error) {
	if len(args) > 0 {
		return nil, argError(name, "takes no arguments")
	}
	return &flatMapStep{fn: func(e *env, t *traverser) ([]any, error) {
		if items, ok := collection(t.obj); ok {
			if _, isPath := t.obj.(value.Path); !isPath {
				return items, nil
			}
		}
		return []any{t.obj}, nil
	}}, nil
}

func newLoops(c *compiler, name string, args []any) (step, error) {
	var loopName string
	if len(args) == 1 {
		s, err := argString(name, args[0])
		if err != nil {
			return nil, err
		}
		loopName = s
	}
	return &mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		return int32(t.loopsOf(loopName)), false, nil
	}}, nil
}

// propGroup is every value of one vertex property key, in stored order.
type propGroup struct {
	key    string
	values []any
}

// groupProps groups a vertex's properties by key in order of first appearance,
// restricted to keys when given, appending the groups to dst. The value lists share one
// array, each with its own length as capacity.
func groupProps(dst []propGroup, props []store.VertexProp, keys []string) []propGroup {
	groups := dst[:0]
	if cap(groups) < len(props) {
		groups = make([]propGroup, 0, len(props))
	}
	var index map[string]int
	var atScratch, countScratch [32]int
	at := atScratch[:0] // the group of each property, -1 when keys leave it out
	if len(props) > len(atScratch) {
		index = make(map[string]int, len(props))
		at = make([]int, 0, len(props))
	}
	kept := 0
	for _, p := range props {
		if len(keys) > 0 && !contains(keys, p.Key) {
			at = append(at, -1)
			continue
		}
		kept++
		g := -1
		if index != nil {
			if i, ok := index[p.Key]; ok {
				g = i
			}
		} else {
			for i := range groups {
				if groups[i].key == p.Key {
					g = i
					break
				}
			}
		}
		if g < 0 {
			g = len(groups)
			if index != nil {
				index[p.Key] = g
			}
			groups = append(groups, propGroup{key: p.Key})
		}
		at = append(at, g)
	}
	counts := countScratch[:0]
	if len(groups) > len(countScratch) {
		counts = make([]int, 0, len(groups))
	}
	counts = counts[:len(groups)]
	for _, g := range at {
		if g >= 0 {
			counts[g]++
		}
	}
	all := make([]any, kept)
	off := 0
	for i := range groups {
		groups[i].values = all[off : off : off+counts[i]]
		off += counts[i]
	}
	for i, g := range at {
		if g >= 0 {
			groups[g].values = append(groups[g].values, props[i].Value)
		}
	}
	return groups
}

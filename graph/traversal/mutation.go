package traversal

import (
	"errors"
	"fmt"

	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

var mutationSteps = map[string]stepBuilder{
	"addV":     newAddV,
	"addE":     newAddE,
	"property": newProperty,
	"drop":     newDrop,
	"mergeV":   newMergeV,
	"mergeE":   newMergeE,
}

// propArg is one property(...) argument set, evaluated per traverser.
type propArg struct {
	card     store.Cardinality
	cardSet  bool
	key      any // string or value.T
	val      any
	valProg  *program
	mapValue bool // property(Map)
}

func parsePropertyArgs(c *compiler, args []any) (*propArg, error) {
	p := &propArg{card: store.Single}
	if len(args) > 0 {
		if cd, ok := args[0].(value.Cardinality); ok {
			switch cd {
			case "single":
				p.card = store.Single
			case "list":
				p.card = store.List
			case "set":
				p.card = store.Set
			default:
				return nil, argError("property", "unknown Cardinality %q", cd)
			}
			p.cardSet = true
			args = args[1:]
		}
	}
	if len(args) == 1 {
		if m, ok := args[0].(*value.Map); ok {
			p.mapValue, p.val = true, m
			return p, nil
		}
		return nil, argError("property", "takes a key and a value, or a map")
	}
	if len(args) < 2 {
		return nil, argError("property", "takes a key and a value")
	}
	if len(args) > 2 {
		return nil, unsupported("meta-properties (property() with more than a key and a value)")
	}
	switch k := args[0].(type) {
	case string:
		p.key = k
	case value.T:
		if k != "id" && k != "label" {
			return nil, argError("property", "cannot set T.%s", k)
		}
		p.key = k
	default:
		return nil, argError("property", "key must be a string or T, got %s", typeName(args[0]))
	}
	if isTraversal(args[1]) {
		prog, err := c.child("property", args[1])
		if err != nil {
			return nil, err
		}
		p.valProg = prog
	} else {
		p.val = args[1]
	}
	return p, nil
}

// resolve evaluates the property's key/value pairs against t.
func (p *propArg) resolve(e *env, t *traverser) ([]any, []any, error) {
	if p.mapValue {
		m := p.val.(*value.Map)
		return m.Keys(), m.Values(), nil
	}
	v := p.val
	if p.valProg != nil {
		r, err := p.valProg.first(t, e)
		if err != nil {
			return nil, nil, err
		}
		if r == nil {
			return nil, nil, fmt.Errorf("property(%v): the value traversal produced nothing", p.key)
		}
		v = r.obj
	}
	return []any{p.key}, []any{unwrapCardinality(v)}, nil
}

// creation collects the id, label and properties of an element about to be created.
type creation struct {
	id    any
	label string
	props []store.Property
	cards []store.Cardinality
}

func (cr *creation) set(key any, v any, card store.Cardinality, edge bool) error {
	switch k := key.(type) {
	case value.T:
		switch k {
		case "id":
			id, err := store.NormalizeID(v)
			if err != nil {
				return err
			}
			cr.id = id
		case "label":
			l, ok := v.(string)
			if !ok {
				return fmt.Errorf("T.label must be a string, got %s", typeName(v))
			}
			cr.label = l
		default:
			return fmt.Errorf("cannot set T.%s", k)
		}
		return nil
	case string:
		if v == nil {
			return nil
		}
		if cv, ok := v.(cardinalityValue); ok {
			card, v = cv.card, cv.value
		}
		if card == store.Single || edge {
			for i := range cr.props {
				if cr.props[i].Key == k {
					cr.props[i].Value = v
					return nil
				}
			}
		}
		if card == store.Set {
			for _, p := range cr.props {
				if p.Key == k && value.Equal(p.Value, v) {
					return nil
				}
			}
		}
		cr.props = append(cr.props, store.Property{Key: k, Value: v})
		return nil
	}
	return fmt.Errorf("property key must be a string or T, got %s", typeName(key))
}

// addVStep is addV(label) with the property() steps that follow it folded in (so that
// property(T.id, ...) names the new vertex, as TinkerPop does).
type addVStep struct {
	label     string
	labelProg *program
	props     []*propArg
}

func newAddV(c *compiler, name string, args []any) (step, error) {
	s := &addVStep{label: "vertex"}
	if len(args) > 1 {
		return nil, argError(name, "takes at most a label")
	}
	if len(args) == 1 {
		switch a := args[0].(type) {
		case string:
			s.label = a
		case *value.Bytecode:
			p, err := c.child(name, a)
			if err != nil {
				return nil, err
			}
			s.labelProg = p
		default:
			return nil, argError(name, "label must be a string or a traversal, got %s", typeName(a))
		}
	}
	return s, nil
}

// fold takes a following property() into the creation; false when it cannot.
func (s *addVStep) fold(p *propArg) bool {
	if p.cardSet && p.card != store.Single {
		return false
	}
	s.props = append(s.props, p)
	return true
}

func (s *addVStep) modulate(c *compiler, op string, args []any) error {
	return argError(op, "does not modulate addV()")
}

func (s *addVStep) build(in iter, e *env) iter {
	return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		cr := &creation{label: s.label}
		if s.labelProg != nil {
			r, err := s.labelProg.first(t, e)
			if err != nil {
				return nil, false, err
			}
			if r == nil {
				return nil, false, fmt.Errorf("addV(): the label traversal produced nothing")
			}
			l, ok := r.obj.(string)
			if !ok {
				return nil, false, fmt.Errorf("addV(): the label traversal must produce a string")
			}
			cr.label = l
		}
		if err := applyProps(e, t, s.props, cr, false); err != nil {
			return nil, false, err
		}
		v, err := e.tx.AddVertex(cr.id, cr.label, cr.props)
		if err != nil {
			return nil, false, writeError("addV", err)
		}
		return vertexRef(v), false, nil
	}}).build(in, e)
}

func applyProps(e *env, t *traverser, props []*propArg, cr *creation, edge bool) error {
	for _, p := range props {
		keys, vals, err := p.resolve(e, t)
		if err != nil {
			return err
		}
		for i := range keys {
			if err := cr.set(keys[i], vals[i], p.card, edge); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeError names the step a store error came from.
func writeError(step string, err error) error {
	if err == nil {
		return nil
	}
	var uv *store.UniqueViolationError
	switch {
	case errors.As(err, &uv):
		return err
	case errors.Is(err, store.ErrDuplicateID):
		return fmt.Errorf("%s(): %w", step, err)
	}
	return fmt.Errorf("%s(): %w", step, err)
}

// addEStep is addE(label).from(...).to(...) with folded property() steps.
type addEStep struct {
	label     string
	labelProg *program
	from, to  *endpoint
	props     []*propArg
}

// endpoint is a from()/to() argument: a step label, a traversal or a vertex.
type endpoint struct {
	label  string
	prog   *program
	vertex any
}

func parseEndpoint(c *compiler, step string, args []any) (*endpoint, error) {
	if len(args) != 1 {
		return nil, argError(step, "takes one step label, traversal or vertex")
	}
	switch a := args[0].(type) {
	case string:
		return &endpoint{label: a}, nil
	case *value.Bytecode:
		p, err := c.child(step, a)
		if err != nil {
			return nil, err
		}
		return &endpoint{prog: p}, nil
	case value.Vertex:
		return &endpoint{vertex: a.ID}, nil
	case *value.Vertex:
		return &endpoint{vertex: a.ID}, nil
	}
	id, err := store.NormalizeID(args[0])
	if err != nil {
		return nil, argError(step, "takes a step label, traversal or vertex, got %s", typeName(args[0]))
	}
	return &endpoint{vertex: id}, nil
}

// resolve finds the vertex id an endpoint names for traverser t (nil endpoint: t itself).
func (ep *endpoint) resolve(e *env, t *traverser, which string) (any, error) {
	var obj any
	switch {
	case ep == nil:
		obj = t.obj
	case ep.vertex != nil:
		return ep.vertex, nil
	case ep.label != "":
		v, ok := scopeValue(e, t, ep.label, "last")
		if !ok {
			return nil, fmt.Errorf("addE(): %s(%q) names no step label", which, ep.label)
		}
		obj = v
	default:
		r, err := ep.prog.first(t, e)
		if err != nil {
			return nil, err
		}
		if r == nil {
			return nil, fmt.Errorf("addE(): the %s() traversal produced no vertex", which)
		}
		obj = r.obj
	}
	v, ok := obj.(value.Vertex)
	if !ok {
		return nil, fmt.Errorf("addE(): %s() must be a vertex, got %s", which, typeName(obj))
	}
	return v.ID, nil
}

func newAddE(c *compiler, name string, args []any) (step, error) {
	if len(args) != 1 {
		return nil, argError(name, "takes a label")
	}
	s := &addEStep{}
	switch a := args[0].(type) {
	case string:
		s.label = a
	case *value.Bytecode:
		p, err := c.child(name, a)
		if err != nil {
			return nil, err
		}
		s.labelProg = p
	default:
		return nil, argError(name, "label must be a string or a traversal, got %s", typeName(a))
	}
	return s, nil
}

func (s *addEStep) fold(p *propArg) bool {
	if p.cardSet {
		return false
	}
	s.props = append(s.props, p)
	return true
}

func (s *addEStep) modulate(c *compiler, op string, args []any) error {
	ep, err := parseEndpoint(c, op, args)
	if err != nil {
		return err
	}
	switch op {
	case "from":
		s.from = ep
	case "to":
		s.to = ep
	default:
		return argError(op, "does not modulate addE()")
	}
	return nil
}

func (s *addEStep) build(in iter, e *env) iter {
	return (&mapStep{fn: func(e *env, t *traverser) (any, bool, error) {
		label := s.label
		if s.labelProg != nil {
			r, err := s.labelProg.first(t, e)
			if err != nil {
				return nil, false, err
			}
			if r == nil {
				return nil, false, fmt.Errorf("addE(): the label traversal produced nothing")
			}
			l, ok := r.obj.(string)
			if !ok {
				return nil, false, fmt.Errorf("addE(): the label traversal must produce a string")
			}
			label = l
		}
		if s.from == nil && s.to == nil {
			return nil, false, fmt.Errorf("addE(%s): needs from() or to()", label)
		}
		out, err := s.from.resolve(e, t, "from")
		if err != nil {
			return nil, false, err
		}
		in, err := s.to.resolve(e, t, "to")
		if err != nil {
			return nil, false, err
		}
		cr := &creation{label: label}
		if err := applyProps(e, t, s.props, cr, true); err != nil {
			return nil, false, err
		}
		ed, err := e.tx.AddEdge(cr.id, label, out, in, cr.props)
		if err != nil {
			return nil, false, writeError("addE", err)
		}
		return edgeRef(e, ed), false, nil
	}}).build(in, e)
}

// folder is a creating step that can take the property() steps after it.
type folder interface {
	fold(p *propArg) bool
}

func newProperty(c *compiler, name string, args []any) (step, error) {
	p, err := parsePropertyArgs(c, args)
	if err != nil {
		return nil, err
	}
	return &propertyStep{arg: p}, nil
}

// propertyStep sets a property on the element passing through.
type propertyStep struct{ arg *propArg }

func (s *propertyStep) build(in iter, e *env) iter {
	return (&filterStep{keep: func(e *env, t *traverser) (bool, error) {
		keys, vals, err := s.arg.resolve(e, t)
		if err != nil {
			return false, err
		}
		for i, k := range keys {
			if err := setProperty(e, t.obj, k, vals[i], s.arg.card); err != nil {
				return false, err
			}
		}
		return true, nil
	}}).build(in, e)
}

func setProperty(e *env, obj, key, v any, card store.Cardinality) error {
	k, ok := key.(string)
	if !ok {
		return fmt.Errorf("property(): T.%v can only be set when the element is created", key)
	}
	if cv, ok := v.(cardinalityValue); ok {
		card, v = cv.card, cv.value
	}
	switch el := obj.(type) {
	case value.Vertex:
		if v == nil {
			return e.tx.RemoveVertexProperty(el.ID, k)
		}
		return writeError("property", e.tx.SetVertexProperty(el.ID, k, card, v))
	case value.Edge:
		if v == nil {
			return e.tx.RemoveEdgeProperty(el.ID, k)
		}
		return writeError("property", e.tx.SetEdgeProperty(el.ID, k, v))
	case value.VertexProperty:
		return unsupported("meta-properties (property() on a vertex property)")
	}
	return fmt.Errorf("property() needs an element, got %s", typeName(obj))
}

func newDrop(c *compiler, name string, args []any) (step, error) {
	if len(args) > 0 {
		return nil, argError(name, "takes no arguments")
	}
	return &filterStep{keep: func(e *env, t *traverser) (bool, error) {
		var err error
		switch el := t.obj.(type) {
		case value.Vertex:
			err = e.tx.DropVertex(el.ID)
		case value.Edge:
			err = e.tx.DropEdge(el.ID)
		case value.VertexProperty:
			pid, ok := el.ID.(int64)
			if !ok {
				return false, fmt.Errorf("drop(): vertex property id %v is not a stored property", el.ID)
			}
			err = e.tx.RemoveVertexPropertyByID(el.Vertex, pid)
		case edgeProperty:
			err = e.tx.RemoveEdgeProperty(el.edge, el.key)
		default:
			err = fmt.Errorf("drop() needs an element or a property, got %s", typeName(t.obj))
		}
		return false, err
	}}, nil
}

// cardinalityValue is Cardinality.single(v) etc. inside a mergeV()/property map.
type cardinalityValue struct {
	card  store.Cardinality
	value any
}

// unwrapCardinality turns a CardinalityValueTraversal argument into a cardinalityValue.
func unwrapCardinality(v any) any {
	bc, ok := v.(*value.Bytecode)
	if !ok || len(bc.Sources) != 1 || bc.Sources[0].Op != "CardinalityValueTraversal" || len(bc.Sources[0].Args) != 2 {
		return v
	}
	cv := cardinalityValue{card: store.Single, value: bc.Sources[0].Args[1]}
	switch c, _ := bc.Sources[0].Args[0].(value.Cardinality); c {
	case "list":
		cv.card = store.List
	case "set":
		cv.card = store.Set
	}
	return cv
}

package traversal

import (
	"fmt"

	"github.com/wifivault/wifivault/graph/value"
)

// byMod is one by() modulation: how to turn a traverser into the value a step uses.
// A by() that produces nothing is "unproductive": the step filters the traverser out.
type byMod struct {
	kind   byKind
	key    string
	token  value.T
	column value.Column
	prog   *program
	order  value.Order // by(..., Order) in order()
}

type byKind uint8

const (
	byIdentity byKind = iota
	byKey
	byToken
	byColumn
	byTraversal
)

// parseBy reads by() arguments: (), (key), (T), (Column), (traversal), each optionally
// followed by an Order (order() only; the caller checks).
func parseBy(c *compiler, step string, args []any) (*byMod, error) {
	b := &byMod{kind: byIdentity, order: "asc"}
	if len(args) == 0 {
		return b, nil
	}
	switch a := args[0].(type) {
	case string:
		b.kind, b.key = byKey, a
	case value.T:
		b.kind, b.token = byToken, a
	case value.Column:
		b.kind, b.column = byColumn, a
	case *value.Bytecode:
		p, err := c.child(step, a)
		if err != nil {
			return nil, err
		}
		b.kind, b.prog = byTraversal, p
	case value.Order:
		b.order = a
		if len(args) > 1 {
			return nil, argError("by", "unexpected argument after Order")
		}
		return b, nil
	default:
		return nil, argError("by", "in %s() cannot take %s", step, typeName(a))
	}
	if len(args) > 1 {
		o, ok := args[1].(value.Order)
		if !ok {
			return nil, argError("by", "second argument must be an Order, got %s", typeName(args[1]))
		}
		b.order = o
	}
	if len(args) > 2 {
		return nil, argError("by", "too many arguments")
	}
	return b, nil
}

// apply computes the by() value of t; ok is false when the modulation is unproductive.
func (b *byMod) apply(e *env, t *traverser) (v any, ok bool, err error) {
	if b == nil {
		return t.obj, true, nil
	}
	switch b.kind {
	case byIdentity:
		return t.obj, true, nil
	case byKey:
		if m, isMap := t.obj.(*value.Map); isMap {
			v, ok := m.Get(b.key)
			return v, ok, nil
		}
		vals, err := propertyValues(e, t, []string{b.key})
		if err != nil {
			return nil, false, fmt.Errorf("by(%q): %w", b.key, err)
		}
		if len(vals) == 0 {
			return nil, false, nil
		}
		return vals[0], true, nil
	case byToken:
		return tokenValue(t.obj, b.token)
	case byColumn:
		return columnValue(t.obj, b.column)
	case byTraversal:
		r, err := b.prog.first(t, e)
		if err != nil || r == nil {
			return nil, false, err
		}
		return r.obj, true, nil
	}
	return nil, false, nil
}

// tokenValue reads T.id, T.label, T.key or T.value of an element or property.
func tokenValue(obj any, tok value.T) (any, bool, error) {
	switch tok {
	case "id":
		id, ok := elementID(obj)
		if !ok {
			return nil, false, fmt.Errorf("T.id needs an element, got %s", typeName(obj))
		}
		return id, true, nil
	case "label":
		l, ok := elementLabel(obj)
		if !ok {
			return nil, false, fmt.Errorf("T.label needs an element, got %s", typeName(obj))
		}
		return l, true, nil
	case "key":
		switch p := obj.(type) {
		case value.VertexProperty:
			return p.Key, true, nil
		case edgeProperty:
			return p.key, true, nil
		}
	case "value":
		switch p := obj.(type) {
		case value.VertexProperty:
			return p.Value, true, nil
		case edgeProperty:
			return p.value, true, nil
		}
	}
	return nil, false, fmt.Errorf("T.%s does not apply to %s", tok, typeName(obj))
}

// mapEntry is one entry of a map, as unfold() of a map yields.
type mapEntry struct {
	key, value any
}

// columnValue reads Column.keys or Column.values of a map, a map entry or a path.
func columnValue(obj any, col value.Column) (any, bool, error) {
	switch m := obj.(type) {
	case *value.Map:
		if col == "keys" {
			return value.Set(append([]any(nil), m.Keys()...)), true, nil
		}
		return append([]any(nil), m.Values()...), true, nil
	case mapEntry:
		if col == "keys" {
			return m.key, true, nil
		}
		return m.value, true, nil
	case value.Path:
		if col == "keys" {
			var out []any
			for _, ls := range m.Labels {
				s := make(value.Set, len(ls))
				for i, l := range ls {
					s[i] = l
				}
				out = append(out, s)
			}
			return out, true, nil
		}
		return append([]any(nil), m.Objects...), true, nil
	}
	return nil, false, fmt.Errorf("Column.%s needs a map, got %s", col, typeName(obj))
}

// byList collects the by() modulations of a step.
type byList []*byMod

// get returns the i-th by(), cycling (project/select/path use them round-robin).
func (l byList) get(i int) *byMod {
	if len(l) == 0 {
		return nil
	}
	return l[i%len(l)]
}

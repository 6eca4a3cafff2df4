package traversal

import (
	"fmt"

	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

// edgeProperty is a property of an edge as it travels: it remembers its edge so that
// drop() can remove it.
type edgeProperty struct {
	edge  any
	key   string
	value any
}

// seed is the object of the traverser a root traversal starts from; start steps (V, E,
// addV, inject, ...) replace it.
type seedObject struct{}

var seed = seedObject{}

func isSeed(t *traverser) bool {
	_, ok := t.obj.(seedObject)
	return ok
}

// vertexRef makes the wire reference of a stored vertex.
func vertexRef(v *store.Vertex) value.Vertex { return value.Vertex{ID: v.ID, Label: v.Label} }

// edgeRef makes the wire reference of a stored edge, with its end vertices' labels.
func edgeRef(e *env, ed *store.Edge) value.Edge {
	r := value.Edge{ID: ed.ID, Label: ed.Label, OutV: value.Vertex{ID: ed.Out}, InV: value.Vertex{ID: ed.In}}
	if v, ok := e.tx.Vertex(ed.Out); ok {
		r.OutV.Label = v.Label
	}
	if v, ok := e.tx.Vertex(ed.In); ok {
		r.InV.Label = v.Label
	}
	return r
}

// errRemoved is raised when a step reads an element that no longer exists.
func errRemoved(kind string, id any) error {
	return fmt.Errorf("the %s with id %v has been removed", kind, id)
}

// vertexOf returns the stored record of t's object, the vertex v: the one t carries, or
// the transaction's.
func (e *env) vertexOf(t *traverser, v value.Vertex) (*store.Vertex, error) {
	if t.rec != nil {
		return t.rec, nil
	}
	return e.vertex(v)
}

func (e *env) vertex(v value.Vertex) (*store.Vertex, error) {
	sv, ok := e.tx.Vertex(v.ID)
	if !ok {
		return nil, errRemoved("vertex", v.ID)
	}
	return sv, nil
}

func (e *env) edge(ed value.Edge) (*store.Edge, error) {
	se, ok := e.tx.Edge(ed.ID)
	if !ok {
		return nil, errRemoved("edge", ed.ID)
	}
	return se, nil
}

// propertiesOf returns the properties of an element (value.VertexProperty for vertices,
// edgeProperty for edges), restricted to keys when given, in stored order.
func propertiesOf(e *env, t *traverser, keys []string) ([]any, error) {
	obj := t.obj
	want := func(k string) bool {
		if len(keys) == 0 {
			return true
		}
		for _, x := range keys {
			if x == k {
				return true
			}
		}
		return false
	}
	switch el := obj.(type) {
	case value.Vertex:
		v, err := e.vertexOf(t, el)
		if err != nil {
			return nil, err
		}
		var out []any
		for _, p := range v.Props {
			if want(p.Key) {
				out = append(out, value.VertexProperty{ID: p.ID, Key: p.Key, Value: p.Value, Vertex: v.ID})
			}
		}
		return out, nil
	case value.Edge:
		ed, err := e.edge(el)
		if err != nil {
			return nil, err
		}
		var out []any
		for _, p := range ed.Props {
			if want(p.Key) {
				out = append(out, edgeProperty{edge: ed.ID, key: p.Key, value: p.Value})
			}
		}
		return out, nil
	case value.VertexProperty:
		return nil, nil // meta-properties are not supported; a vertex property has none
	}
	return nil, fmt.Errorf("properties() needs an element, got %s", typeName(obj))
}

// propertyValues returns the values of an element's properties with the given keys.
func propertyValues(e *env, t *traverser, keys []string) ([]any, error) {
	obj := t.obj
	switch el := obj.(type) {
	case value.Vertex:
		v, err := e.vertexOf(t, el)
		if err != nil {
			return nil, err
		}
		var out []any
		if len(keys) == 1 {
			for _, p := range v.Props {
				if p.Key == keys[0] {
					out = append(out, p.Value)
				}
			}
			return out, nil
		}
		for _, p := range v.Props {
			if len(keys) == 0 || contains(keys, p.Key) {
				out = append(out, p.Value)
			}
		}
		return out, nil
	case value.Edge:
		ed, err := e.edge(el)
		if err != nil {
			return nil, err
		}
		var out []any
		for _, p := range ed.Props {
			if len(keys) == 0 || contains(keys, p.Key) {
				out = append(out, p.Value)
			}
		}
		return out, nil
	case value.VertexProperty, edgeProperty:
		return nil, nil
	case *value.Map:
		var out []any
		for _, k := range keys {
			if v, ok := el.Get(k); ok {
				out = append(out, v)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("values() needs an element, got %s", typeName(obj))
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// elementID returns an element's id.
func elementID(obj any) (any, bool) {
	switch el := obj.(type) {
	case value.Vertex:
		return el.ID, true
	case value.Edge:
		return el.ID, true
	case value.VertexProperty:
		return el.ID, true
	}
	return nil, false
}

// elementLabel returns an element's label (a property's key).
func elementLabel(obj any) (string, bool) {
	switch el := obj.(type) {
	case value.Vertex:
		return el.Label, true
	case value.Edge:
		return el.Label, true
	case value.VertexProperty:
		return el.Key, true
	case edgeProperty:
		return el.key, true
	}
	return "", false
}

// plain reports whether obj is already what the wire carries (no internal types inside),
// so export can pass it on without copying.
func plain(obj any) bool {
	switch o := obj.(type) {
	case edgeProperty, mapEntry, seedObject, *value.BulkSet:
		return false
	case value.VertexProperty:
		return o.Vertex == nil
	case []any:
		for _, x := range o {
			if !plain(x) {
				return false
			}
		}
	case value.Set:
		for _, x := range o {
			if !plain(x) {
				return false
			}
		}
	case *value.Map:
		vals := o.Values()
		for i, k := range o.Keys() {
			if !plain(k) || !plain(vals[i]) {
				return false
			}
		}
	case value.Path:
		for _, x := range o.Objects {
			if !plain(x) {
				return false
			}
		}
	}
	return true
}

// export turns an object into what the wire carries.
func export(e *env, obj any) (any, error) {
	if plain(obj) {
		return obj, nil
	}
	switch o := obj.(type) {
	case edgeProperty:
		return value.Property{Key: o.key, Value: o.value}, nil
	case value.VertexProperty:
		o.Vertex = nil
		return o, nil
	case []any:
		out := make([]any, len(o))
		for i, x := range o {
			v, err := export(e, x)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case value.Set:
		out := make(value.Set, len(o))
		for i, x := range o {
			v, err := export(e, x)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *value.Map:
		m := value.NewMap(o.Len())
		var err error
		o.Range(func(k, v any) bool {
			var ek, ev any
			if ek, err = export(e, k); err != nil {
				return false
			}
			if ev, err = export(e, v); err != nil {
				return false
			}
			m.Put(ek, ev)
			return true
		})
		return m, err
	case value.Path:
		objs := make([]any, len(o.Objects))
		for i, x := range o.Objects {
			v, err := export(e, x)
			if err != nil {
				return nil, err
			}
			objs[i] = v
		}
		return value.Path{Labels: o.Labels, Objects: objs}, nil
	case seedObject:
		return nil, nil
	case mapEntry:
		m := value.NewMap(1)
		k, err := export(e, o.key)
		if err != nil {
			return nil, err
		}
		v, err := export(e, o.value)
		if err != nil {
			return nil, err
		}
		m.Put(k, v)
		return m, nil
	case *value.BulkSet:
		return export(e, bulkSetList(o))
	}
	return obj, nil
}

func bulkSetList(b *value.BulkSet) []any {
	var out []any
	for i, it := range b.Items {
		for n := int64(0); n < b.Bulks[i]; n++ {
			out = append(out, it)
		}
	}
	return out
}

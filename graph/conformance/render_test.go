package conformance

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// render gives the canonical text of a value the driver decoded (or of an expected value
// built with the helpers below), so that two values render alike exactly when Gremlin
// considers them the same result:
//   - numbers carry their Go type (int32(29) and int64(29) differ, as Int and Long do);
//   - vertices and edges render as their ids (v["1"], e["7"]): element equality is by id;
//   - vertex properties and properties render as key and value;
//   - lists keep their order; sets and map entries are sorted by rendering, since Gremlin
//     does not order them.
func render(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case string:
		return strconv.Quote(x)
	case int8, int16, int32, int64, int, uint8:
		return fmt.Sprintf("%T(%d)", x, x)
	case float32:
		return "float32(" + strconv.FormatFloat(float64(x), 'g', -1, 32) + ")"
	case float64:
		return "float64(" + strconv.FormatFloat(x, 'g', -1, 64) + ")"
	case *gremlingo.Vertex:
		return "v[" + render(x.Id) + "]"
	case *gremlingo.Edge:
		return "e[" + render(x.Id) + "]"
	case *gremlingo.VertexProperty:
		return "vp[" + x.Label + "->" + render(x.Value) + "]"
	case *gremlingo.Property:
		return "p[" + x.Key + "->" + render(x.Value) + "]"
	case *gremlingo.Path:
		return "path" + renderList(x.Objects)
	case []any:
		return renderList(x)
	case *gremlingo.SimpleSet:
		items := renderAll(x.ToSlice())
		slices.Sort(items)
		return "set{" + strings.Join(items, ", ") + "}"
	case map[any]any:
		entries := make([]string, 0, len(x))
		for k, val := range x {
			entries = append(entries, render(k)+": "+render(val))
		}
		slices.Sort(entries)
		return "{" + strings.Join(entries, ", ") + "}"
	case *any:
		// The driver keys a map by a pointer to the key when the key is itself a map.
		return render(*x)
	default:
		return fmt.Sprintf("%T(%v)", x, x)
	}
}

func renderList(items []any) string {
	return "[" + strings.Join(renderAll(items), ", ") + "]"
}

func renderAll(items []any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = render(it)
	}
	return out
}

// vx is the expected vertex with the given id.
func vx(id string) *gremlingo.Vertex {
	return &gremlingo.Vertex{Element: gremlingo.Element{Id: id}}
}

// vs is the expected vertices with the given ids.
func vs(ids ...string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = vx(id)
	}
	return out
}

// ex is the expected edge with the given id.
func ex(id string) *gremlingo.Edge {
	return &gremlingo.Edge{Element: gremlingo.Element{Id: id}}
}

// es is the expected edges with the given ids.
func es(ids ...string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = ex(id)
	}
	return out
}

// vp is an expected vertex property.
func vp(key string, value any) *gremlingo.VertexProperty {
	return &gremlingo.VertexProperty{Element: gremlingo.Element{Label: key}, Key: key, Value: value}
}

// prop is an expected edge property.
func prop(key string, value any) *gremlingo.Property {
	return &gremlingo.Property{Key: key, Value: value}
}

// path is an expected path with the given objects.
func path(objects ...any) *gremlingo.Path {
	return &gremlingo.Path{Objects: objects}
}

// list is an expected Gremlin List.
func list(items ...any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

// set is an expected Gremlin Set.
func set(items ...any) *gremlingo.SimpleSet {
	return gremlingo.NewSimpleSet(items...)
}

// kv is an expected Gremlin Map from alternating keys and values.
func kv(pairs ...any) map[any]any {
	if len(pairs)%2 != 0 {
		panic("kv: odd number of arguments")
	}
	m := make(map[any]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return m
}

// strs is expected String results.
func strs(items ...string) []any {
	out := make([]any, len(items))
	for i, s := range items {
		out[i] = s
	}
	return out
}

// i32s is expected Int results (TinkerPop's Integer, the type of the fixture's ages).
func i32s(items ...int32) []any {
	out := make([]any, len(items))
	for i, n := range items {
		out[i] = n
	}
	return out
}

// one is a single expected result.
func one(v any) []any { return []any{v} }

// noResults is the empty result.
var noResults = []any{}

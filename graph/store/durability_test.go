package store

import (
	"reflect"
	"testing"

	"github.com/wifivault/wifivault/graph/value"
)

// sameValue reports whether two stored values are equal and of the same Go type,
// recursively (time zones compare by instant).
func sameValue(a, b any) bool {
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	switch x := a.(type) {
	case []any:
		y := b.([]any)
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case *value.Map:
		y := b.(*value.Map)
		if x.Len() != y.Len() {
			return false
		}
		for i, k := range x.Keys() {
			if !sameValue(k, y.Keys()[i]) || !sameValue(x.Values()[i], y.Values()[i]) {
				return false
			}
		}
		return true
	}
	return value.Equal(a, b)
}

func TestDurableRecovery(t *testing.T) {
	dir := t.TempDir()
	idx := []Index{{Label: "person", Key: "email", Unique: true}, {Label: "person", Key: "city"}}
	g, err := Open(Options{Dir: dir, Indexes: idx})
	if err != nil {
		t.Fatal(err)
	}
	w := g.Write()
	typed, err := w.AddVertex("typed", "thing", propertyValues())
	if err != nil {
		t.Fatal(err)
	}
	alice, _ := w.AddVertex(nil, "person", []Property{{"email", "alice@x"}, {"city", "Oslo"}})
	bob, _ := w.AddVertex(int32(7), "person", []Property{{"email", "bob@x"}, {"city", "Oslo"}})
	gone, _ := w.AddVertex(nil, "person", []Property{{"email", "gone@x"}})
	knows, _ := w.AddEdge(nil, "knows", alice.ID, bob.ID, []Property{{"since", int32(2019)}})
	w.AddEdge("loop", "self", bob.ID, bob.ID, nil)
	w.AddEdge(nil, "owns", gone.ID, "typed", nil)
	mustCommit(t, w)
	w = g.Write()
	w.SetVertexProperty(bob.ID, "city", Single, "Bergen")
	w.SetVertexProperty(bob.ID, "nick", List, "b")
	w.SetVertexProperty(bob.ID, "nick", List, "bb")
	w.DropVertex(gone.ID)
	w.SetEdgeProperty(knows.ID, "weight", 0.5)
	mustCommit(t, w)
	uncommitted := g.Write()
	uncommitted.AddVertex("never", "person", nil)
	uncommitted.Rollback()

	r := g.Read()
	type snapshot struct {
		vertices map[any]*Vertex
		edges    map[any]*Edge
	}
	snap := func(r *Tx) snapshot {
		s := snapshot{map[any]*Vertex{}, map[any]*Edge{}}
		r.ScanVertices(func(v *Vertex) bool { s.vertices[v.ID] = v; return true })
		r.ScanEdges(func(e *Edge) bool { s.edges[e.ID] = e; return true })
		return s
	}
	before := snap(r)
	lastID := g.nextID.Load()
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}

	g, err = Open(Options{Dir: dir, Indexes: idx})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	r = g.Read()
	after := snap(r)
	if len(after.vertices) != len(before.vertices) || len(after.edges) != len(before.edges) {
		t.Fatalf("recovered %d vertices %d edges, want %d %d", len(after.vertices), len(after.edges), len(before.vertices), len(before.edges))
	}
	for id, v := range before.vertices {
		got := after.vertices[id]
		t.Run("vertex "+value.Key(id), func(t *testing.T) {
			if got == nil || got.Label != v.Label || len(got.Props) != len(v.Props) {
				t.Fatalf("got %+v, want %+v", got, v)
			}
			for i, p := range v.Props {
				q := got.Props[i]
				if q.ID != p.ID || q.Key != p.Key || !sameValue(q.Value, p.Value) {
					t.Fatalf("prop %d: got %#v, want %#v", i, q, p)
				}
			}
		})
	}
	for id, e := range before.edges {
		got := after.edges[id]
		if got == nil || got.Label != e.Label || got.Out != e.Out || got.In != e.In || !reflect.DeepEqual(got.Props, e.Props) {
			t.Fatalf("edge %v: got %+v, want %+v", id, got, e)
		}
	}
	if typed.Props[0].Value != after.vertices["typed"].Props[0].Value {
		t.Fatal("typed vertex changed")
	}
	checks := []struct {
		name string
		got  func() []any
		want []any
	}{
		{"out of alice", func() (ids []any) {
			r.OutEdges(alice.ID, nil, func(e *Edge) bool { ids = append(ids, e.ID); return true })
			return
		}, []any{knows.ID}},
		{"in of bob", func() (ids []any) {
			r.InEdges(bob.ID, nil, func(e *Edge) bool { ids = append(ids, e.ID); return true })
			return
		}, []any{knows.ID, "loop"}},
		{"in of typed (owner dropped)", func() (ids []any) {
			r.InEdges("typed", nil, func(e *Edge) bool { ids = append(ids, e.ID); return true })
			return
		}, nil},
		{"unique index", func() (ids []any) {
			r.LookupVertices([]string{"person"}, "email", "bob@x", func(v *Vertex) bool { ids = append(ids, v.ID); return true })
			return
		}, []any{int64(7)}},
		{"index after update", func() (ids []any) {
			r.LookupVertices([]string{"person"}, "city", "Oslo", func(v *Vertex) bool { ids = append(ids, v.ID); return true })
			return
		}, []any{alice.ID}},
		{"dropped value freed", func() (ids []any) {
			r.LookupVertices([]string{"person"}, "email", "gone@x", func(v *Vertex) bool { ids = append(ids, v.ID); return true })
			return
		}, nil},
		{"label index", func() (ids []any) {
			r.VerticesByLabel("thing", func(v *Vertex) bool { ids = append(ids, v.ID); return true })
			return
		}, []any{"typed"}},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if got := c.got(); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
	w = g.Write()
	defer w.Rollback()
	if _, err := w.AddVertex(nil, "person", []Property{{"email", "alice@x"}}); err == nil {
		t.Fatal("unique index not enforced after recovery")
	}
	v, _ := w.AddVertex(nil, "x", nil)
	if v.ID.(int64) <= lastID {
		t.Fatalf("generated id %v reuses the counter (last %d)", v.ID, lastID)
	}
}

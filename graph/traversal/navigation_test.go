package traversal

import (
	"fmt"
	"testing"

	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

// hub builds: a (A) -x-> b (B) twice, a -y-> c (C), a -s-> a (a self-loop), c -x-> a; every
// vertex with k=0.
func hub(t testing.TB) *store.Graph {
	t.Helper()
	gr, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gr.Close() })
	w := gr.Write()
	for _, v := range [][2]string{{"a", "A"}, {"b", "B"}, {"c", "C"}} {
		if _, err := w.AddVertex(v[0], v[1], []store.Property{{Key: "k", Value: int32(0)}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range [][4]string{{"e1", "x", "a", "b"}, {"e2", "x", "a", "b"}, {"e3", "y", "a", "c"}, {"e4", "s", "a", "a"}, {"e5", "x", "c", "a"}} {
		if _, err := w.AddEdge(e[0], e[1], e[2], e[3], nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return gr
}

func mustRun(t *testing.T, gr *store.Graph, q *bc) []string {
	t.Helper()
	got, err := run(t, gr, q)
	if err != nil {
		t.Fatal(err)
	}
	return keys(got, true)
}

func TestNavigationOrderAndSelfLoops(t *testing.T) {
	gr := hub(t)
	vtx := func(id, label string) any { return value.Vertex{ID: id, Label: label} }
	edge := func(id, label string, out, in any) any {
		return value.Edge{ID: id, Label: label, OutV: out.(value.Vertex), InV: in.(value.Vertex)}
	}
	a, b, c := vtx("a", "A"), vtx("b", "B"), vtx("c", "C")
	tests := []struct {
		name string
		q    *bc
		want []any
	}{
		{"out", g().V("a").Out(), []any{b, b, c, a}},
		{"out by label", g().V("a").Out("y", "s"), []any{c, a}},
		{"in", g().V("a").In(), []any{a, c}},
		{"both lists a self-loop from each side", g().V("a").step("both"), []any{b, b, c, a, a, c}},
		{"outE", g().V("a").step("outE", "s", "y"), []any{edge("e3", "y", a, c), edge("e4", "s", a, a)}},
		{"inE", g().V("a").step("inE"), []any{edge("e4", "s", a, a), edge("e5", "x", c, a)}},
		{"bothE lists a self-loop once", g().V("a").step("bothE"),
			[]any{edge("e1", "x", a, b), edge("e2", "x", a, b), edge("e3", "y", a, c), edge("e4", "s", a, a), edge("e5", "x", c, a)}},
		{"two hops", g().V("c").Out().Out("y").step("id"), []any{"c"}},
		{"neighbours' properties", g().V("a").Out("x").Values("k"), []any{int32(0), int32(0)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := mustRun(t, gr, tc.q), keys(tc.want, true); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("got %v, want %v", got, want)
			}
		})
	}
}

// TestNavigationInWritingTraversals: a step walks a vertex's edges as they were when it
// reached the vertex, even while later steps of the same traversal write.
func TestNavigationInWritingTraversals(t *testing.T) {
	tests := []struct {
		name  string
		q     *bc
		want  []any
		after *bc
		then  []any
	}{
		{"edges added to the vertex being walked are not walked",
			g().V("a").As("h").Out("x").AddE("x").From("h").step("inV").step("id"), []any{"b", "b"},
			g().V("a").Out("x").Count(), []any{int64(4)}},
		{"a neighbour dropped on the way keeps its label for its second edge",
			g().V("a").Out("x").step("sideEffect", anon().step("drop")).step("label"), []any{"B", "B"},
			g().V().step("id"), []any{"a", "c"}},
		{"an edge dropped on the way is still walked",
			g().V("a").step("outE", "x").step("sideEffect", anon().V("a").step("outE", "x").step("drop")).step("id"), []any{"e1", "e2"},
			g().V("a").Out().step("id"), []any{"c", "a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gr := hub(t)
			if got, want := mustRun(t, gr, tc.q), keys(tc.want, true); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("got %v, want %v", got, want)
			}
			if got, want := mustRun(t, gr, tc.after), keys(tc.then, true); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("afterwards got %v, want %v", got, want)
			}
		})
	}
}

// TestVertexReadsSeeEarlierWrites: steps reading a vertex reached by navigation see what
// the same traversal wrote to it before (a record read while walking must not be reused
// once the transaction has written).
func TestVertexReadsSeeEarlierWrites(t *testing.T) {
	tests := []struct {
		name string
		q    *bc
		want []any
	}{
		{"values after a property() on the neighbour",
			g().V("a").Out("x").Property("k", int32(2)).Values("k"), []any{int32(2), int32(2)}},
		{"values after a write in a side effect",
			g().V("a").Out("y").step("sideEffect", anon().Property("k", int32(3))).Values("k"), []any{int32(3)}},
		{"elementMap after a write to another vertex",
			g().V("c").step("sideEffect", anon().V("a").Out("y").Property("k", int32(4))).step("elementMap", "k"),
			[]any{m(value.T("id"), "c", value.T("label"), "C", "k", int32(4))}},
		{"valueMap of a vertex reached by V() after writing it",
			g().V("b").Property("k", int32(5)).V("b").step("valueMap", "k"), []any{m("k", []any{int32(5)})}},
		{"has() after a write",
			g().V("a").Out("y").Property("k", int32(6)).Has("k", int32(6)).step("id"), []any{"c"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gr := hub(t)
			if got, want := mustRun(t, gr, tc.q), keys(tc.want, true); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("got %v, want %v", got, want)
			}
		})
	}
}

// TestElementMapKeys: maps built one after another get their own keys and label, whatever
// the previous element had at the same positions.
func TestElementMapKeys(t *testing.T) {
	gr, err := store.Open(store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer gr.Close()
	w := gr.Write()
	vertices := []struct {
		id, label string
		props     []store.Property
	}{
		{"1", "P", []store.Property{{Key: "name", Value: "n1"}, {Key: "age", Value: int32(1)}}},
		{"2", "P", []store.Property{{Key: "age", Value: int32(2)}, {Key: "name", Value: "n2"}}},
		{"3", "Q", []store.Property{{Key: "name", Value: "n3"}}},
		{"4", "P", []store.Property{{Key: "name", Value: "n4"}, {Key: "age", Value: int32(4)}, {Key: "extra", Value: true}}},
		{"5", "", nil},
		{"6", "P", []store.Property{{Key: "", Value: "empty key"}, {Key: "name", Value: "n6"}}},
	}
	for _, v := range vertices {
		if _, err := w.AddVertex(v.id, v.label, v.props); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	var wantElement, wantValues, wantTokens []any
	for _, v := range vertices {
		em := m(value.T("id"), v.id, value.T("label"), v.label)
		vm := m()
		tm := m(value.T("id"), v.id, value.T("label"), v.label)
		for _, p := range v.props {
			em.Put(p.Key, p.Value)
			vm.Put(p.Key, []any{p.Value})
			tm.Put(p.Key, []any{p.Value})
		}
		wantElement, wantValues, wantTokens = append(wantElement, em), append(wantValues, vm), append(wantTokens, tm)
	}
	ids := []any{"1", "2", "3", "4", "5", "6", "1"}
	tests := []struct {
		name string
		q    *bc
		want []any
	}{
		{"elementMap", g().V(ids...).step("elementMap"), append(wantElement, wantElement[0])},
		{"valueMap", g().V(ids...).step("valueMap"), append(wantValues, wantValues[0])},
		{"valueMap with tokens", g().V(ids...).step("valueMap", true), append(wantTokens, wantTokens[0])},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mustRun(t, gr, tc.q)
			want := keys(tc.want, true)
			for i := range want {
				if i >= len(got) || got[i] != want[i] {
					t.Fatalf("map %d: got %v, want %v", i, got, want)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("got %d maps, want %d", len(got), len(want))
			}
		})
	}
}

// TestValueMapGroupsValues: the values of a key are listed together in stored order, for
// few and for many (more than 32) properties.
func TestValueMapGroupsValues(t *testing.T) {
	for _, n := range []int{3, 40} {
		t.Run(fmt.Sprintf("%d keys", n), func(t *testing.T) {
			gr, err := store.Open(store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer gr.Close()
			w := gr.Write()
			if _, err := w.AddVertex("v", "L", nil); err != nil {
				t.Fatal(err)
			}
			want := m()
			wantFirst := m(value.T("id"), "v", value.T("label"), "L")
			for round := 0; round < 2; round++ {
				for k := 0; k < n; k++ {
					key := fmt.Sprintf("k%02d", k)
					if k%2 == 1 && round == 1 {
						continue // odd keys have one value
					}
					val := int32(round*100 + k)
					if err := w.SetVertexProperty("v", key, store.List, val); err != nil {
						t.Fatal(err)
					}
					old, _ := want.Get(key)
					list, _ := old.([]any)
					want.Put(key, append(list, val))
					if round == 0 {
						wantFirst.Put(key, val)
					}
				}
			}
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
			wantSome := m("k00", []any{int32(0), int32(100)}, "k01", []any{int32(1)})
			tests := []struct {
				name string
				q    *bc
				want *value.Map
			}{
				{"valueMap", g().V("v").step("valueMap"), want},
				{"valueMap of some keys", g().V("v").step("valueMap", "k01", "k00"), wantSome},
				{"elementMap takes the first value", g().V("v").step("elementMap"), wantFirst},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					got := mustRun(t, gr, tc.q)
					if len(got) != 1 || got[0] != value.Key(tc.want) {
						t.Fatalf("got %v, want %v", got, value.Key(tc.want))
					}
				})
			}
		})
	}
}

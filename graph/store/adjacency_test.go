package store

import (
	"fmt"
	"testing"
)

func TestHighDegreeAdjacency(t *testing.T) {
	tests := []struct {
		name      string
		others    int // distinct vertices linked to the hub
		perOther  int // edges between the hub and each of them
		dropEvery int // drop every n-th other vertex
	}{
		{"many neighbours", 3000, 1, 3},
		{"parallel edges", 2, 1500, 2},
		{"self loops only", 0, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := openMem(t)
			w := g.Write()
			w.AddVertex("hub", "h", nil)
			want := 0
			for i := 0; i < tc.others; i++ {
				id := fmt.Sprintf("o%d", i)
				w.AddVertex(id, "o", nil)
				for j := 0; j < tc.perOther; j++ {
					if _, err := w.AddEdge(nil, "in", id, "hub", nil); err != nil {
						t.Fatal(err)
					}
				}
				if i%tc.dropEvery != 0 {
					want += tc.perOther
				}
			}
			w.AddEdge(nil, "self", "hub", "hub", nil)
			mustCommit(t, w)
			w = g.Write()
			for i := 0; i < tc.others; i += tc.dropEvery {
				if err := w.DropVertex(fmt.Sprintf("o%d", i)); err != nil {
					t.Fatal(err)
				}
			}
			mustCommit(t, w)
			r := g.Read()
			n := 0
			r.InEdges("hub", []string{"in"}, func(e *Edge) bool {
				if _, ok := r.Vertex(e.Out); !ok {
					t.Fatalf("edge %v from dropped vertex %v", e.ID, e.Out)
				}
				n++
				return true
			})
			if n != want || r.CountEdges() != int64(want+1) {
				t.Fatalf("%d in-edges, %d edges; want %d, %d", n, r.CountEdges(), want, want+1)
			}
			w = g.Write()
			w.DropVertex("hub")
			mustCommit(t, w)
			if c := g.Read().CountEdges(); c != 0 {
				t.Fatalf("%d edges left", c)
			}
		})
	}
}

func TestLookupVerticesCoverage(t *testing.T) {
	g := openMem(t, Index{Label: "a", Key: "k"}, Index{Label: "b", Key: "k"})
	w := g.Write()
	w.AddVertex("a1", "a", []Property{{"k", int64(1)}})
	w.AddVertex("b1", "b", []Property{{"k", int32(1)}})
	mustCommit(t, w)
	tests := []struct {
		name    string
		labels  []string
		key     string
		value   any
		covered bool
		want    int
	}{
		{"one indexed label", []string{"a"}, "k", int64(1), true, 1},
		{"numbers equal by value", []string{"a", "b"}, "k", 1.0, true, 2},
		{"all labels indexed", nil, "k", int64(1), true, 2},
		{"unindexed key", []string{"a"}, "other", int64(1), false, 0},
		{"unindexed label", []string{"a", "c"}, "k", int64(1), false, 0},
		{"no match", []string{"a"}, "k", "1", true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			covered := g.Read().LookupVertices(tc.labels, tc.key, tc.value, func(*Vertex) bool { n++; return true })
			if covered != tc.covered || n != tc.want {
				t.Fatalf("covered %v found %d; want %v %d", covered, n, tc.covered, tc.want)
			}
		})
	}
	w = g.Write()
	w.AddVertex("c1", "c", nil)
	mustCommit(t, w)
	if g.Read().LookupVertices(nil, "k", int64(1), func(*Vertex) bool { return true }) {
		t.Fatal("nil labels claimed coverage with an unindexed label in use")
	}
}

// BenchmarkAddEdgeHighDegree adds edges to one vertex that already has 10,000.
func BenchmarkAddEdgeHighDegree(b *testing.B) {
	g, _ := Open(Options{})
	w := g.Write()
	w.AddVertex("hub", "h", nil)
	w.AddVertex("o", "o", nil)
	for i := 0; i < 10_000; i++ {
		w.AddEdge(nil, "l", "o", "hub", nil)
	}
	w.Commit()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := g.Write()
		if _, err := w.AddEdge(nil, "l", "o", "hub", nil); err != nil {
			b.Fatal(err)
		}
		w.Commit()
	}
}

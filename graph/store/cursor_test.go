package store

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// adjacentOf lists what a cursor yields as "edge>other:label" strings.
func adjacentOf(c EdgeCursor) []string {
	var out []string
	for {
		a, ok := c.Next()
		if !ok {
			return out
		}
		label := "<nil>"
		if a.Other != nil {
			if a.Other.ID != a.OtherID {
				label = fmt.Sprintf("<record of %v>", a.Other.ID)
			} else {
				label = a.Other.Label
			}
		}
		out = append(out, fmt.Sprintf("%v/%s>%v:%s", a.Edge, a.Label, a.OtherID, label))
	}
}

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}

// edgesOf lists what OutEdges or InEdges yields in the same form, resolving the other end.
func edgesOf(tx *Tx, vid any, out bool, labels []string) []string {
	var res []string
	fn := func(e *Edge) bool {
		other := e.Out
		if out {
			other = e.In
		}
		v, _ := tx.Vertex(other)
		res = append(res, fmt.Sprintf("%v/%s>%v:%s", e.ID, e.Label, other, v.Label))
		return true
	}
	if out {
		tx.OutEdges(vid, labels, fn)
	} else {
		tx.InEdges(vid, labels, fn)
	}
	return res
}

// cursorGraph: hub h with out-edges to a (twice, label x), b (label y) and itself (label x),
// and in-edges from a (label y); vertices of labels A, B, H.
func cursorGraph(t *testing.T, g *Graph) {
	t.Helper()
	w := g.Write()
	for _, v := range [][2]string{{"h", "H"}, {"a", "A"}, {"b", "B"}} {
		if _, err := w.AddVertex(v[0], v[1], nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range [][4]string{{"e1", "x", "h", "a"}, {"e2", "y", "h", "b"}, {"e3", "x", "h", "a"}, {"e4", "x", "h", "h"}, {"e5", "y", "a", "h"}} {
		if _, err := w.AddEdge(e[0], e[1], e[2], e[3], nil); err != nil {
			t.Fatal(err)
		}
	}
	mustCommit(t, w)
}

func TestEdgeCursorMatchesEdgeLists(t *testing.T) {
	g := openMem(t)
	cursorGraph(t, g)
	r := g.Read()
	tests := []struct {
		name   string
		vid    any
		out    bool
		labels []string
		want   []string
	}{
		{"out, all labels", "h", true, nil, []string{"e1/x>a:A", "e3/x>a:A", "e4/x>h:H", "e2/y>b:B"}},
		{"out, one label", "h", true, []string{"y"}, []string{"e2/y>b:B"}},
		{"out, labels in any order", "h", true, []string{"y", "x"}, []string{"e1/x>a:A", "e3/x>a:A", "e4/x>h:H", "e2/y>b:B"}},
		{"out, unknown label", "h", true, []string{"z"}, nil},
		{"in, all labels", "h", false, nil, []string{"e4/x>h:H", "e5/y>a:A"}},
		{"in of a leaf", "b", false, nil, []string{"e2/y>h:H"}},
		{"no edges", "b", true, nil, nil},
		{"unknown vertex", "nope", true, nil, nil},
		{"id of another type", int32(5), true, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := r.InCursor(tc.vid, tc.labels)
			if tc.out {
				c = r.OutCursor(tc.vid, tc.labels)
			}
			got := adjacentOf(c)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("cursor yields %v, want %v", got, tc.want)
			}
			if lists := edgesOf(r, tc.vid, tc.out, tc.labels); !reflect.DeepEqual(got, lists) {
				t.Fatalf("cursor yields %v, the edge lists %v", got, lists)
			}
		})
	}
	if got := adjacentOf(EdgeCursor{}); got != nil {
		t.Fatalf("zero cursor yields %v", got)
	}
}

// TestEdgeCursorIsASnapshot: writes made through the transaction after the cursor was
// made change nothing it yields, as if the edges had been listed when it was made.
func TestEdgeCursorIsASnapshot(t *testing.T) {
	g := openMem(t)
	cursorGraph(t, g)
	w := g.Write()
	defer w.Rollback()
	old := w.OutCursor("h", nil)
	first, _ := old.Next()
	if _, err := w.AddEdge("e6", "x", "h", "b", nil); err != nil {
		t.Fatal(err)
	}
	if err := w.DropEdge("e3"); err != nil {
		t.Fatal(err)
	}
	if err := w.SetVertexProperty("b", "k", Single, "changed"); err != nil {
		t.Fatal(err)
	}
	if err := w.DropVertex("a"); err != nil {
		t.Fatal(err)
	}
	oldB := func(c EdgeCursor) []any {
		for a, ok := c.Next(); ok; a, ok = c.Next() {
			if a.OtherID == "b" {
				return a.Other.Values("k")
			}
		}
		return []any{"b not reached"}
	}
	got := append([]string{fmt.Sprintf("%v/%s>%v:%s", first.Edge, first.Label, first.OtherID, first.Other.Label)}, adjacentOf(old)...)
	want := []string{"e1/x>a:A", "e3/x>a:A", "e4/x>h:H", "e2/y>b:B"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("cursor made before the writes yields %v, want the edges as they were: %v", got, want)
	}
	if got, want := adjacentOf(w.OutCursor("h", nil)), []string{"e4/x>h:H", "e6/x>b:B", "e2/y>b:B"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("cursor made after the writes yields %v, want %v", got, want)
	}
	if k := oldB(w.OutCursor("h", nil)); !reflect.DeepEqual(k, []any{"changed"}) {
		t.Fatalf("cursor made after the writes reaches b with k=%v, want [changed]", k)
	}
	stale := g.Read() // the published state: the writes are not committed
	if k := oldB(stale.OutCursor("h", nil)); k != nil {
		t.Fatalf("a Read reaches b with k=%v, want none", k)
	}
}

// TestEdgeCursorAfterReopen: the other ends of the adjacency are rebuilt from disk (the
// order of the label groups may differ: Open reads the edges in id order).
func TestEdgeCursorAfterReopen(t *testing.T) {
	dir := t.TempDir()
	g, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cursorGraph(t, g)
	w := g.Write()
	if err := w.DropEdge("e1"); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, w)
	want := sorted(adjacentOf(g.Read().OutCursor("h", nil)))
	wantIn := sorted(adjacentOf(g.Read().InCursor("h", nil)))
	g.Close()
	g, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := sorted(adjacentOf(g.Read().OutCursor("h", nil))); !reflect.DeepEqual(got, want) || len(got) != 3 {
		t.Fatalf("after reopening, out cursor yields %v, want %v", got, want)
	}
	if got := sorted(adjacentOf(g.Read().InCursor("h", nil))); !reflect.DeepEqual(got, wantIn) || len(got) != 2 {
		t.Fatalf("after reopening, in cursor yields %v, want %v", got, wantIn)
	}
}

// TestEdgeCursorSessionReads: a Session that walked a vertex's edges conflicts with a
// commit that changed the edges or a neighbour it reached, as one using OutEdges does.
func TestEdgeCursorSessionReads(t *testing.T) {
	tests := []struct {
		name  string
		first func(tx *Tx) error
		want  error
	}{
		{"an edge added", func(tx *Tx) error { _, err := tx.AddEdge(nil, "x", "h", "b", nil); return err }, ErrConflict},
		{"a neighbour changed", func(tx *Tx) error { return tx.SetVertexProperty("a", "k", Single, 1) }, ErrConflict},
		{"an edge reached changed", func(tx *Tx) error { return tx.SetEdgeProperty("e2", "k", 1) }, ErrConflict},
		{"an unrelated vertex changed", func(tx *Tx) error { _, err := tx.AddVertex("c", "C", nil); return err }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := openMem(t)
			cursorGraph(t, g)
			s1, s2 := g.Session(), g.Session()
			if err := tc.first(s1); err != nil {
				t.Fatal(err)
			}
			adjacentOf(s2.OutCursor("h", nil))
			if err := s2.SetVertexProperty("b", "seen", Single, true); err != nil {
				t.Fatal(err)
			}
			mustCommit(t, s1)
			if err := s2.Commit(); !errors.Is(err, tc.want) {
				t.Fatalf("second commit: %v, want %v", err, tc.want)
			}
		})
	}
}

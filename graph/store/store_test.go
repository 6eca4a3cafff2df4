package store

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/wifivault/wifivault/graph/value"
)

func openMem(t *testing.T, idx ...Index) *Graph {
	t.Helper()
	g, err := Open(Options{Indexes: idx})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

func mustCommit(t *testing.T, tx *Tx) {
	t.Helper()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestNormalizeID(t *testing.T) {
	tests := []struct {
		in      any
		want    any
		wantErr bool
	}{
		{int(3), int64(3), false},
		{int8(-3), int64(-3), false},
		{int16(300), int64(300), false},
		{int32(7), int64(7), false},
		{uint8(200), int64(200), false},
		{int64(9), int64(9), false},
		{"a-b", "a-b", false},
		{3.5, nil, true},
		{nil, nil, true},
		{uint64(1), nil, true},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%T", tc.in), func(t *testing.T) {
			got, err := NormalizeID(tc.in)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Fatalf("NormalizeID(%v) = %v, %v; want %v, err %v", tc.in, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestCRUD(t *testing.T) {
	g := openMem(t)
	w := g.Write()
	_, err := w.AddVertex("a", "person", []Property{{"name", "alice"}, {"age", int32(30)}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := w.AddVertex(nil, "person", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.ID.(int64); !ok {
		t.Fatalf("generated id %T, want int64", b.ID)
	}
	e, err := w.AddEdge(nil, "knows", "a", b.ID, []Property{{"since", int64(2020)}})
	if err != nil {
		t.Fatal(err)
	}
	mustCommit(t, w)

	tests := []struct {
		name string
		op   func(tx *Tx) error
		want error
	}{
		{"duplicate vertex id", func(tx *Tx) error { _, err := tx.AddVertex("a", "x", nil); return err }, ErrDuplicateID},
		{"duplicate edge id", func(tx *Tx) error { _, err := tx.AddEdge(e.ID, "x", "a", "a", nil); return err }, ErrDuplicateID},
		{"edge to missing vertex", func(tx *Tx) error { _, err := tx.AddEdge(nil, "x", "a", "zz", nil); return err }, ErrNotFound},
		{"set on missing vertex", func(tx *Tx) error { return tx.SetVertexProperty("zz", "k", Single, 1) }, ErrNotFound},
		{"set on missing edge", func(tx *Tx) error { return tx.SetEdgeProperty("zz", "k", 1) }, ErrNotFound},
		{"drop missing vertex", func(tx *Tx) error { return tx.DropVertex("zz") }, nil},
		{"drop missing edge", func(tx *Tx) error { return tx.DropEdge("zz") }, nil},
		{"remove absent property", func(tx *Tx) error { return tx.RemoveVertexProperty("a", "nope") }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := g.Write()
			defer tx.Rollback()
			if err := tc.op(tx); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("nil property value", func(t *testing.T) {
		tx := g.Write()
		defer tx.Rollback()
		err := tx.SetVertexProperty("a", "city", Single, nil)
		if err == nil || !contains(err.Error(), "city") {
			t.Fatalf("got %v, want an error naming the key", err)
		}
	})
	t.Run("read-only", func(t *testing.T) {
		if _, err := g.Read().AddVertex(nil, "x", nil); !errors.Is(err, ErrReadOnly) {
			t.Fatalf("got %v", err)
		}
	})

	r := g.Read()
	v, ok := r.Vertex(int32(0))
	if ok {
		t.Fatalf("unexpected vertex %v", v)
	}
	got, ok := r.Vertex("a")
	if !ok || got.Label != "person" || !reflect.DeepEqual(got.Values("age"), []any{int32(30)}) {
		t.Fatalf("vertex a = %+v", got)
	}
	var outs []any
	r.OutEdges("a", nil, func(e *Edge) bool { outs = append(outs, e.In); return true })
	if !reflect.DeepEqual(outs, []any{b.ID}) {
		t.Fatalf("out edges of a: %v", outs)
	}
	var ins []any
	r.InEdges(b.ID, []string{"knows"}, func(e *Edge) bool { ins = append(ins, e.Out); return true })
	if !reflect.DeepEqual(ins, []any{"a"}) {
		t.Fatalf("in edges of b: %v", ins)
	}
	r.InEdges(b.ID, []string{"other"}, func(e *Edge) bool { t.Fatalf("label filter ignored: %v", e); return false })
	if r.CountVertices() != 2 || r.CountEdges() != 1 {
		t.Fatalf("counts %d %d", r.CountVertices(), r.CountEdges())
	}

	w = g.Write()
	if err := w.DropVertex("a"); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, w)
	r = g.Read()
	if _, ok := r.Edge(e.ID); ok || r.CountEdges() != 0 {
		t.Fatal("edge survived the drop of its vertex")
	}
	r.InEdges(b.ID, nil, func(e *Edge) bool { t.Fatalf("dangling adjacency %v", e); return false })
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub))
}

func TestVertexPropertyCardinality(t *testing.T) {
	tests := []struct {
		name string
		ops  func(tx *Tx) error
		want []any
	}{
		{"single replaces all", func(tx *Tx) error {
			tx.SetVertexProperty("v", "k", List, "x")
			tx.SetVertexProperty("v", "k", List, "y")
			return tx.SetVertexProperty("v", "k", Single, "z")
		}, []any{"z"}},
		{"list appends duplicates", func(tx *Tx) error {
			tx.SetVertexProperty("v", "k", List, int64(1))
			return tx.SetVertexProperty("v", "k", List, int64(1))
		}, []any{int64(1), int64(1)}},
		{"set skips equal values", func(tx *Tx) error {
			tx.SetVertexProperty("v", "k", Set, int64(1))
			return tx.SetVertexProperty("v", "k", Set, int32(1))
		}, []any{int64(1)}},
		{"remove all values", func(tx *Tx) error {
			tx.SetVertexProperty("v", "k", List, "a")
			tx.SetVertexProperty("v", "k", List, "b")
			return tx.RemoveVertexProperty("v", "k")
		}, nil},
		{"remove one value by id", func(tx *Tx) error {
			tx.SetVertexProperty("v", "k", List, "a")
			tx.SetVertexProperty("v", "k", List, "b")
			v, _ := tx.Vertex("v")
			return tx.RemoveVertexPropertyByID("v", v.Props[0].ID)
		}, []any{"b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := openMem(t)
			w := g.Write()
			w.AddVertex("v", "l", nil)
			if err := tc.ops(w); err != nil {
				t.Fatal(err)
			}
			mustCommit(t, w)
			v, _ := g.Read().Vertex("v")
			if got := v.Values("k"); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("values %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOwnWritesAndIsolation(t *testing.T) {
	tests := []struct {
		name   string
		commit bool
	}{
		{"rollback leaves nothing", false},
		{"commit publishes", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := openMem(t, Index{Label: "p", Key: "k"})
			w := g.Write()
			w.AddVertex("x", "p", []Property{{"k", "v"}})
			w.AddVertex("y", "p", nil)
			w.AddEdge("e", "l", "x", "y", nil)
			if _, ok := w.Vertex("x"); !ok {
				t.Fatal("own write not visible")
			}
			n := 0
			if !w.LookupVertices([]string{"p"}, "k", "v", func(*Vertex) bool { n++; return true }) || n != 1 {
				t.Fatalf("own write not in index: %d", n)
			}
			r := g.Read()
			if _, ok := r.Vertex("x"); ok || r.CountVertices() != 0 {
				t.Fatal("Read sees an uncommitted write")
			}
			if tc.commit {
				mustCommit(t, w)
			} else {
				w.Rollback()
			}
			w.Rollback() // idempotent, safe after Commit
			r = g.Read()
			_, ok := r.Vertex("x")
			_, eok := r.Edge("e")
			found := false
			r.LookupVertices(nil, "k", "v", func(*Vertex) bool { found = true; return true })
			if ok != tc.commit || eok != tc.commit || found != tc.commit {
				t.Fatalf("after end: vertex %v edge %v index %v, want %v", ok, eok, found, tc.commit)
			}
		})
	}
}

func TestReadDuringLongWrite(t *testing.T) {
	g := openMem(t)
	w := g.Write()
	w.AddVertex("old", "l", nil)
	mustCommit(t, w)

	w = g.Write() // held open while reads happen
	w.AddVertex("new", "l", nil)
	done := make(chan int64)
	go func() { done <- g.Read().CountVertices() }()
	select {
	case n := <-done:
		if n != 1 {
			t.Fatalf("read saw %d vertices, want 1", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Read blocked behind an open Write")
	}
	mustCommit(t, w)
	if n := g.Read().CountVertices(); n != 2 {
		t.Fatalf("after commit %d", n)
	}
}

func TestUniqueIndex(t *testing.T) {
	g := openMem(t, Index{Label: "user", Key: "email", Unique: true})
	w := g.Write()
	if _, err := w.AddVertex("u1", "user", []Property{{"email", "a@x"}}); err != nil {
		t.Fatal(err)
	}
	mustCommit(t, w)
	tests := []struct {
		name string
		op   func(tx *Tx) error
		ok   bool
	}{
		{"same value other vertex", func(tx *Tx) error {
			_, err := tx.AddVertex(nil, "user", []Property{{"email", "a@x"}})
			return err
		}, false},
		{"same value via set", func(tx *Tx) error {
			tx.AddVertex("u2", "user", nil)
			return tx.SetVertexProperty("u2", "email", Single, "a@x")
		}, false},
		{"same value other label", func(tx *Tx) error {
			_, err := tx.AddVertex(nil, "admin", []Property{{"email", "a@x"}})
			return err
		}, true},
		{"rewrite own value", func(tx *Tx) error { return tx.SetVertexProperty("u1", "email", Single, "a@x") }, true},
		{"freed value reusable", func(tx *Tx) error {
			tx.DropVertex("u1")
			_, err := tx.AddVertex(nil, "user", []Property{{"email", "a@x"}})
			return err
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := g.Write()
			defer tx.Rollback()
			err := tc.op(tx)
			var uv *UniqueViolationError
			if tc.ok != (err == nil) || (!tc.ok && !errors.As(err, &uv)) {
				t.Fatalf("got %v", err)
			}
			if !tc.ok && (!contains(err.Error(), "email") || !contains(err.Error(), "a@x")) {
				t.Fatalf("error does not name key and value: %v", err)
			}
		})
	}
}

func TestUniqueIndexRace(t *testing.T) {
	for _, mode := range []string{"write", "session"} {
		t.Run(mode, func(t *testing.T) {
			g := openMem(t, Index{Label: "user", Key: "email", Unique: true})
			var wg sync.WaitGroup
			var mu sync.Mutex
			wins := 0
			start := make(chan struct{})
			for i := 0; i < 32; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					var tx *Tx
					if mode == "session" {
						tx = g.Session()
					} else {
						tx = g.Write()
					}
					if _, err := tx.AddVertex(nil, "user", []Property{{"email", "same@x"}}); err != nil {
						tx.Rollback()
						return
					}
					if tx.Commit() == nil {
						mu.Lock()
						wins++
						mu.Unlock()
					}
				}()
			}
			close(start)
			wg.Wait()
			n := 0
			g.Read().LookupVertices([]string{"user"}, "email", "same@x", func(*Vertex) bool { n++; return true })
			if wins != 1 || n != 1 {
				t.Fatalf("wins %d, indexed %d; want exactly one", wins, n)
			}
		})
	}
}

func TestSessionConflicts(t *testing.T) {
	tests := []struct {
		name   string
		first  func(tx *Tx) error
		second func(tx *Tx) error
		want   error
	}{
		{"both write the same vertex",
			func(tx *Tx) error { return tx.SetVertexProperty("v", "k", Single, "1") },
			func(tx *Tx) error { return tx.SetVertexProperty("v", "k", Single, "2") },
			ErrConflict},
		{"second read a vertex the first changed",
			func(tx *Tx) error { return tx.SetVertexProperty("v", "k", Single, "1") },
			func(tx *Tx) error {
				tx.Vertex("v")
				_, err := tx.AddVertex("other", "l", nil)
				return err
			},
			ErrConflict},
		{"second scanned a label the first grew",
			func(tx *Tx) error { _, err := tx.AddVertex(nil, "l", nil); return err },
			func(tx *Tx) error {
				tx.VerticesByLabel("l", func(*Vertex) bool { return true })
				_, err := tx.AddVertex(nil, "m", nil)
				return err
			},
			ErrConflict},
		{"second read edges the first added",
			func(tx *Tx) error { _, err := tx.AddEdge(nil, "e", "v", "w", nil); return err },
			func(tx *Tx) error {
				tx.OutEdges("v", nil, func(*Edge) bool { return true })
				return tx.SetVertexProperty("w", "k", Single, "x")
			},
			ErrConflict},
		{"disjoint vertices both commit",
			func(tx *Tx) error { return tx.SetVertexProperty("v", "k", Single, "1") },
			func(tx *Tx) error { return tx.SetVertexProperty("w", "k", Single, "2") },
			nil},
		{"both add edges to one vertex",
			func(tx *Tx) error { _, err := tx.AddEdge(nil, "e", "w", "v", nil); return err },
			func(tx *Tx) error { _, err := tx.AddEdge(nil, "e", "w", "v", nil); return err },
			nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := openMem(t)
			w := g.Write()
			w.AddVertex("v", "l", nil)
			w.AddVertex("w", "l", nil)
			mustCommit(t, w)
			s1, s2 := g.Session(), g.Session()
			if err := tc.first(s1); err != nil {
				t.Fatal(err)
			}
			if err := tc.second(s2); err != nil {
				t.Fatal(err)
			}
			mustCommit(t, s1)
			if err := s2.Commit(); !errors.Is(err, tc.want) {
				t.Fatalf("second commit: %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSessionReplayKeepsIDs(t *testing.T) {
	g := openMem(t)
	s := g.Session()
	v, _ := s.AddVertex(nil, "l", []Property{{"k", "a"}})
	s.SetVertexProperty(v.ID, "k", List, "b")
	sv, _ := s.Vertex(v.ID)
	if err := s.RemoveVertexPropertyByID(v.ID, sv.Props[0].ID); err != nil {
		t.Fatal(err)
	}
	w := g.Write() // another commit forces a replay on a newer head
	w.AddVertex(nil, "other", nil)
	mustCommit(t, w)
	mustCommit(t, s)
	got, ok := g.Read().Vertex(v.ID)
	if !ok || !reflect.DeepEqual(got.Props, sv.Props[1:]) {
		t.Fatalf("replayed vertex %+v, want props %+v", got, sv.Props[1:])
	}
}

// propertyValues are the value types a record must round-trip with their Go type.
func propertyValues() []Property {
	m := value.NewMap(2)
	m.Put("k", int32(1))
	m.Put(int64(2), []any{"x", nil})
	return []Property{
		{"string", "héllo"},
		{"bool", true},
		{"int8", int8(-8)},
		{"int16", int16(-1600)},
		{"int32", int32(1 << 30)},
		{"int64", int64(-1 << 60)},
		{"float32", float32(1.5)},
		{"float64", 2.25},
		{"time", time.Date(2024, 5, 6, 7, 8, 9, 10, time.FixedZone("", 3600))},
		{"uuid", value.UUID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
		{"list", []any{int32(1), "two", []any{3.0}}},
		{"set", value.Set{"a", int64(1)}},
		{"map", m},
		{"bytes", []byte{0, 1, 255}},
		{"bigint", new(big.Int).Lsh(big.NewInt(-3), 100)},
		{"bigdecimal", value.BigDecimal{Scale: 3, Unscaled: big.NewInt(123456)}},
		{"uint8", uint8(200)},
		{"char", value.Char('é')},
		{"timestamp", value.Timestamp(time.UnixMilli(1700000000000).UTC())},
	}
}

func TestValueTypesRejected(t *testing.T) {
	g := openMem(t)
	w := g.Write()
	defer w.Rollback()
	_, err := w.AddVertex(nil, "l", []Property{{"bad", struct{}{}}})
	if err == nil || !contains(err.Error(), "struct {}") || !contains(err.Error(), "bad") {
		t.Fatalf("got %v, want an error naming key and type", err)
	}
}

package traversal

import (
	"context"
	"testing"

	"github.com/wifivault/wifivault/graph/store"
	"github.com/wifivault/wifivault/graph/value"
)

// bc builds bytecode in tests: g().V().out("knows") reads like Gremlin.
type bc struct{ b value.Bytecode }

func g() *bc    { return &bc{} }
func anon() *bc { return &bc{} }

func (t *bc) step(op string, args ...any) *bc {
	for i, a := range args {
		if c, ok := a.(*bc); ok {
			args[i] = &c.b
		}
	}
	t.b.Steps = append(t.b.Steps, value.Instruction{Op: op, Args: args})
	return t
}

func (t *bc) V(ids ...any) *bc               { return t.step("V", ids...) }
func (t *bc) E(ids ...any) *bc               { return t.step("E", ids...) }
func (t *bc) Out(l ...any) *bc               { return t.step("out", l...) }
func (t *bc) In(l ...any) *bc                { return t.step("in", l...) }
func (t *bc) Has(a ...any) *bc               { return t.step("has", a...) }
func (t *bc) Values(k ...any) *bc            { return t.step("values", k...) }
func (t *bc) As(l ...any) *bc                { return t.step("as", l...) }
func (t *bc) By(a ...any) *bc                { return t.step("by", a...) }
func (t *bc) Count(a ...any) *bc             { return t.step("count", a...) }
func (t *bc) Fold() *bc                      { return t.step("fold") }
func (t *bc) Order(a ...any) *bc             { return t.step("order", a...) }
func (t *bc) Select(a ...any) *bc            { return t.step("select", a...) }
func (t *bc) Property(a ...any) *bc          { return t.step("property", a...) }
func (t *bc) AddV(a ...any) *bc              { return t.step("addV", a...) }
func (t *bc) AddE(a ...any) *bc              { return t.step("addE", a...) }
func (t *bc) From(a ...any) *bc              { return t.step("from", a...) }
func (t *bc) To(a ...any) *bc                { return t.step("to", a...) }
func p(op string, vals ...any) *value.P      { return &value.P{Op: op, Values: vals} }
func textP(op string, s string) *value.TextP { return &value.TextP{Op: op, Values: []any{s}} }

func m(kv ...any) *value.Map {
	r := value.NewMap(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		r.Put(kv[i], kv[i+1])
	}
	return r
}

// modern builds TinkerPop's modern toy graph with string ids.
func modern(t testing.TB) *store.Graph {
	t.Helper()
	gr, err := store.Open(store.Options{Indexes: []store.Index{{Label: "person", Key: "name"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gr.Close() })
	tx := gr.Write()
	add := func(id, label string, props ...any) {
		var ps []store.Property
		for i := 0; i < len(props); i += 2 {
			ps = append(ps, store.Property{Key: props[i].(string), Value: props[i+1]})
		}
		if _, err := tx.AddVertex(id, label, ps); err != nil {
			t.Fatal(err)
		}
	}
	add("1", "person", "name", "marko", "age", int32(29))
	add("2", "person", "name", "vadas", "age", int32(27))
	add("3", "software", "name", "lop", "lang", "java")
	add("4", "person", "name", "josh", "age", int32(32))
	add("5", "software", "name", "ripple", "lang", "java")
	add("6", "person", "name", "peter", "age", int32(35))
	edge := func(id, label, out, in string, w float64) {
		if _, err := tx.AddEdge(id, label, out, in, []store.Property{{Key: "weight", Value: w}}); err != nil {
			t.Fatal(err)
		}
	}
	edge("7", "knows", "1", "2", 0.5)
	edge("8", "knows", "1", "4", 1.0)
	edge("9", "created", "1", "3", 0.4)
	edge("10", "created", "4", "5", 1.0)
	edge("11", "created", "4", "3", 0.4)
	edge("12", "created", "6", "3", 0.2)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return gr
}

// run compiles and runs a traversal the way the server does: writes in a Write tx.
func run(t testing.TB, gr *store.Graph, q *bc) ([]any, error) {
	t.Helper()
	tr, err := Compile(&q.b)
	if err != nil {
		return nil, err
	}
	var tx *store.Tx
	if tr.Mutating() {
		tx = gr.Write()
	} else {
		tx = gr.Read()
	}
	res := tr.Run(context.Background(), tx)
	var out []any
	for {
		r, ok := res.Next()
		if !ok {
			break
		}
		for i := int64(0); i < r.Bulk; i++ {
			out = append(out, r.Value)
		}
	}
	if err := res.Err(); err != nil {
		tx.Rollback()
		return nil, err
	}
	return out, tx.Commit()
}

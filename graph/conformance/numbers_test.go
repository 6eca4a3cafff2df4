package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestNumberTypes pins the Go type the driver hands back for each number a traversal produces:
// GraphBinary keeps Int (int32), Long (int64), Short (int16), Float (float32) and Double
// (float64) apart, and Gremlin's reducing steps choose the result type.
func TestNumberTypes(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	local := gremlingo.Scope.Local
	runRows(t, g, nil, []row{
		{name: "count is Long", q: func(g *G) *Trav { return g.V().Count() }, want: one(int64(6))},
		{name: "count local is Long", q: func(g *G) *Trav { return g.Inject([]any{"a"}).Count(local) }, want: one(int64(1))},
		{name: "groupCount values are Long", q: func(g *G) *Trav { return g.V("1").GroupCount().By(T.Label) }, want: one(kv("person", int64(1)))},
		{name: "Int property stays Int", q: func(g *G) *Trav { return g.V("1").Values("age") }, want: i32s(29)},
		{name: "Double property stays Double", edgeIDs: true, q: func(g *G) *Trav { return g.E("7").Values("weight") }, want: one(0.5)},
		{name: "sum of Int is Long", q: func(g *G) *Trav { return g.V().Values("age").Sum() }, want: one(int64(123))},
		{name: "sum local of Int is Int", q: func(g *G) *Trav { return g.V().Values("age").Fold().Sum(local) }, want: one(int32(123))},
		{name: "sum of Double is Double", edgeIDs: true, q: func(g *G) *Trav { return g.E("7", "8").Values("weight").Sum() }, want: one(1.5)},
		{name: "mean of Int is Double", q: func(g *G) *Trav { return g.V().Values("age").Mean() }, want: one(30.75)},
		{name: "min and max keep Int", q: func(g *G) *Trav { return g.V().Values("age").Fold().Union(__.Unfold().Min(), __.Unfold().Max()) }, want: i32s(27, 35)},
		{name: "math is Double", q: func(g *G) *Trav { return g.V("1").Values("age").Math("_ * 2") }, want: one(58.0)},
		// Gremlin Server 3.7.3 hands a Long inject() argument that fits 32 bits back as Int;
		// the embedded engine keeps it Long. Either way the value is 7.
		{name: "Long inject argument that fits 32 bits keeps its value", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject(int64(7)).AsString() }, want: one("7")},
		{name: "Long inject argument beyond 32 bits stays Long", q: func(g *G) *Trav { return g.Inject(int64(1) << 40) }, want: one(int64(1) << 40)},
		{name: "Long inside a list stays Long", q: func(g *G) *Trav { return g.Inject([]any{int64(7)}).Unfold() }, want: one(int64(7))},
		{name: "Int inject stays Int", q: func(g *G) *Trav { return g.Inject(int32(7)) }, want: i32s(7)},
		{name: "Double inject", q: func(g *G) *Trav { return g.Inject(2.5) }, want: one(2.5)},
		{name: "Float inject", q: func(g *G) *Trav { return g.Inject(float32(2.5)) }, want: one(float32(2.5))},
		{name: "Short inject", q: func(g *G) *Trav { return g.Inject(int16(3)) }, want: one(int16(3))},
		{name: "Boolean inject", q: func(g *G) *Trav { return g.Inject(true, false) }, want: []any{true, false}},
		{name: "Int and Long are equal in is", q: func(g *G) *Trav { return g.V().Values("age").Is(int64(32)) }, want: i32s(32)},
	})
	runRows(t, g, loadModern, []row{
		{
			name: "Long property stays Long",
			q:    func(g *G) *Trav { return g.V("1").Property(gremlingo.Cardinality.Single, "ts", int64(7)).Values("ts") },
			want: one(int64(7)),
		},
		{
			name: "sum of Int and Long is Long",
			q: func(g *G) *Trav {
				return g.V("1").Property(gremlingo.Cardinality.Single, "n", int64(1)).Values("age", "n").Sum()
			},
			want: one(int64(30)),
		},
	})
}

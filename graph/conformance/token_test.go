package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestTokens covers the tokens T.id, T.label, Column, Order, Scope, Pop and Direction in the
// positions Gremlin accepts them (by() modulators, has(), select(), order(), local scope,
// mergeE keys, to()).
func TestTokens(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	runRows(t, g, nil, []row{
		{name: "T.id in by", q: func(g *G) *Trav {
			return g.V().HasLabel("software").Order().By(T.Id, gremlingo.Order.Desc).Id()
		}, want: strs("5", "3"), ordered: true},
		{name: "T.id and T.label in group", q: func(g *G) *Trav { return g.V("3", "5").Group().By(T.Id).By(T.Label) }, want: one(kv("3", list("software"), "5", list("software")))},
		{name: "T.label in has", edgeIDs: true, q: func(g *G) *Trav { return g.E().Has(T.Label, "knows").Id() }, want: strs("7", "8")},
		{name: "T.key and T.value on properties", q: func(g *G) *Trav {
			return g.V("3").Properties().Project("k", "v").By(T.Key).By(T.Value)
		}, want: []any{kv("k", "name", "v", "lop"), kv("k", "lang", "v", "java")}},
		{name: "Column.keys ordered by Column.values", q: func(g *G) *Trav {
			return g.V().Out().GroupCount().By("name").Order(gremlingo.Scope.Local).By(gremlingo.Column.Values, gremlingo.Order.Desc).
				Unfold().Limit(1).Select(gremlingo.Column.Keys)
		}, want: strs("lop")},
		{name: "Column.values of a map entry", q: func(g *G) *Trav {
			return g.V("1").ValueMap("name").Unfold().Select(gremlingo.Column.Values)
		}, want: one(list("marko"))},
		{name: "Order.asc on strings", q: func(g *G) *Trav {
			return g.V().HasLabel("software").Values("name").Order().By(gremlingo.Order.Asc)
		}, want: strs("lop", "ripple"), ordered: true},
		{name: "Scope.local versus global", q: func(g *G) *Trav {
			return g.V().HasLabel("person").Values("age").Fold().Union(__.Count(gremlingo.Scope.Local), __.Count(gremlingo.Scope.Global))
		}, want: []any{int64(4), int64(1)}, ordered: true},
		{name: "Pop.last after repeat", q: func(g *G) *Trav {
			return g.V("1").As("p").Repeat(__.Out().As("p")).Times(2).Select(gremlingo.Pop.Last, "p").Values("name")
		}, want: strs("ripple", "lop")},
		{name: "Direction and T keys of an edge elementMap", edgeIDs: true, q: func(g *G) *Trav {
			return g.E("9").ElementMap().Unfold().Select(gremlingo.Column.Keys)
		}, want: strs("id", "label", "IN", "OUT", "weight")},
		{name: "Direction.Both in to", q: func(g *G) *Trav { return g.V("4").To(gremlingo.Direction.Both, "knows") }, want: vs("1")},
	})
}

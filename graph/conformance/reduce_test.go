package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestReducingSteps covers fold, unfold, count, sum, min, max, mean (global and local scope),
// order (several by, asc/desc/shuffle, local), group and groupCount.
func TestReducingSteps(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	local := gremlingo.Scope.Local
	asc, desc := gremlingo.Order.Asc, gremlingo.Order.Desc
	ages := func(g *G) *Trav { return g.V().Values("age") }
	runRows(t, g, nil, []row{
		// fold, unfold
		{name: "fold", q: func(g *G) *Trav { return g.V("1").Out().Values("name").Order().Fold() }, want: one(list("josh", "lop", "vadas"))},
		{name: "fold empty", q: func(g *G) *Trav { return g.V("2").Out().Fold() }, want: one(list())},
		{name: "unfold list", q: func(g *G) *Trav { return g.Inject([]any{"a", "b"}, "c").Unfold() }, want: strs("a", "b", "c"), ordered: true},
		{name: "unfold map into entries", q: func(g *G) *Trav {
			return g.V("1").ValueMap().Unfold().Select(gremlingo.Column.Keys)
		}, want: strs("name", "age")},
		{name: "fold unfold round trip", q: func(g *G) *Trav { return g.V().HasLabel("software").Fold().Unfold() }, want: vs("3", "5")},
		// count
		{name: "count", q: func(g *G) *Trav { return g.V().Count() }, want: one(int64(6))},
		{name: "count empty", q: func(g *G) *Trav { return g.V("99").Count() }, want: one(int64(0))},
		{name: "count local list", q: func(g *G) *Trav { return g.V().HasLabel("person").Fold().Count(local) }, want: one(int64(4))},
		{name: "count local map", q: func(g *G) *Trav { return g.V("1").ValueMap().Count(local) }, want: one(int64(2))},
		// sum, min, max, mean
		{name: "sum Int", q: func(g *G) *Trav { return ages(g).Sum() }, want: one(int64(123))},
		{name: "sum Double", q: func(g *G) *Trav { return g.E().HasLabel("knows").Values("weight").Sum() }, want: one(1.5)},
		// TinkerPop 3.7.3: sum() of Ints is a Long, but sum(local) of a list of Ints stays an Int.
		{name: "sum local", q: func(g *G) *Trav { return ages(g).Fold().Sum(local) }, want: one(int32(123))},
		{name: "sum empty", q: func(g *G) *Trav { return g.V("99").Values("age").Sum() }, want: noResults},
		{name: "min", q: func(g *G) *Trav { return ages(g).Min() }, want: i32s(27)},
		{name: "min strings", q: func(g *G) *Trav { return g.V().Values("name").Min() }, want: strs("josh")},
		{name: "min local", q: func(g *G) *Trav { return ages(g).Fold().Min(local) }, want: i32s(27)},
		{name: "max", q: func(g *G) *Trav { return ages(g).Max() }, want: i32s(35)},
		{name: "max strings", q: func(g *G) *Trav { return g.V().Values("name").Max() }, want: strs("vadas")},
		{name: "max local", q: func(g *G) *Trav { return g.V().HasLabel("person").Local(__.Values("age").Fold().Max(local)) }, want: i32s(29, 27, 32, 35)},
		{name: "mean", q: func(g *G) *Trav { return ages(g).Mean() }, want: one(30.75)},
		{name: "mean local", q: func(g *G) *Trav { return ages(g).Fold().Mean(local) }, want: one(30.75)},
		{name: "mean empty", q: func(g *G) *Trav { return g.V("99").Values("age").Mean() }, want: noResults},
		// order
		{name: "order default ascending", q: func(g *G) *Trav { return g.V().Values("name").Order() }, want: strs("josh", "lop", "marko", "peter", "ripple", "vadas"), ordered: true},
		{name: "order by key desc", q: func(g *G) *Trav {
			return g.V().HasLabel("person").Order().By("age", desc).Values("name")
		}, want: strs("peter", "josh", "marko", "vadas"), ordered: true},
		{name: "order by several", q: func(g *G) *Trav {
			return g.V().Order().By(T.Label, asc).By("name", desc).Values("name")
		}, want: strs("vadas", "peter", "marko", "josh", "ripple", "lop"), ordered: true},
		{name: "order by traversal", q: func(g *G) *Trav {
			return g.V().HasLabel("person").Order().By(__.OutE().Count(), desc).By("name").Values("name")
		}, want: strs("marko", "josh", "peter", "vadas"), ordered: true},
		{name: "order by T.id desc", q: func(g *G) *Trav { return g.V().Order().By(T.Id, desc).Id() }, want: strs("6", "5", "4", "3", "2", "1"), ordered: true},
		{name: "order shuffle keeps all", q: func(g *G) *Trav { return g.V().Values("name").Order().By(gremlingo.Order.Shuffle) }, want: strs("josh", "lop", "marko", "peter", "ripple", "vadas")},
		{name: "order local list", q: func(g *G) *Trav { return g.Inject([]any{"c", "a", "b"}).Order(local) }, want: one(list("a", "b", "c"))},
		{name: "order local desc", q: func(g *G) *Trav { return ages(g).Fold().Order(local).By(desc) }, want: one(list(int32(35), int32(32), int32(29), int32(27)))},
		{name: "order numbers across types", q: func(g *G) *Trav { return g.Inject(int64(5000000000), int32(3), 2.5).Order() }, want: []any{2.5, int32(3), int64(5000000000)}, ordered: true},
		// group, groupCount
		{name: "group by label", q: func(g *G) *Trav {
			return g.V().Group().By(T.Label).By(__.Values("name").Order().Fold())
		}, want: one(kv("person", list("josh", "marko", "peter", "vadas"), "software", list("lop", "ripple")))},
		{name: "group default values are lists", q: func(g *G) *Trav { return g.V().HasLabel("software").Group().By("lang") }, want: one(kv("java", list(vx("3"), vx("5"))))},
		{name: "group by key then count", q: func(g *G) *Trav { return g.V().Group().By(T.Label).By(__.Count()) }, want: one(kv("person", int64(4), "software", int64(2)))},
		{name: "group by traversal", q: func(g *G) *Trav {
			return g.V().HasLabel("person").Group().By(__.OutE().Count()).By("name")
		}, want: one(kv(int64(3), list("marko"), int64(0), list("vadas"), int64(2), list("josh"), int64(1), list("peter")))},
		{name: "groupCount", q: func(g *G) *Trav { return g.V().GroupCount().By(T.Label) }, want: one(kv("person", int64(4), "software", int64(2)))},
		{name: "groupCount of values", q: func(g *G) *Trav { return g.V().Out().Values("name").GroupCount() }, want: one(kv("vadas", int64(1), "josh", int64(1), "lop", int64(3), "ripple", int64(1)))},
		{name: "groupCount side effect", q: func(g *G) *Trav { return g.V().Out("created").GroupCount("c").By("name").Cap("c") }, want: one(kv("lop", int64(3), "ripple", int64(1)))},
	})
}

package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestFilterSteps covers has (all forms), hasLabel, hasId, hasKey, hasNot, is, where, and,
// or, not, dedup, limit, range, skip, tail, simplePath, cyclicPath, coalesce and optional.
func TestFilterSteps(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	byAge := func(g *G) *Trav { return g.V().HasLabel("person").Order().By("age") }
	runRows(t, g, nil, []row{
		// has
		{name: "has key value", q: func(g *G) *Trav { return g.V().Has("name", "marko") }, want: vs("1")},
		{name: "has key value compares numbers across types", q: func(g *G) *Trav { return g.V().Has("age", int64(29)) }, want: vs("1")},
		{name: "has key predicate", q: func(g *G) *Trav { return g.V().Has("age", P.Gt(30)) }, want: vs("4", "6")},
		{name: "has label key value", q: func(g *G) *Trav { return g.V().Has("person", "name", "josh") }, want: vs("4")},
		{name: "has label key value wrong label", q: func(g *G) *Trav { return g.V().Has("software", "name", "josh") }, want: noResults},
		{name: "has label key predicate", q: func(g *G) *Trav { return g.V().Has("software", "name", P.Within("lop", "josh")) }, want: vs("3")},
		{name: "has key only", q: func(g *G) *Trav { return g.V().Has("age") }, want: vs("1", "2", "4", "6")},
		{name: "has T.id", q: func(g *G) *Trav { return g.V().Has(T.Id, "2") }, want: vs("2")},
		{name: "has T.label", q: func(g *G) *Trav { return g.V().Has(T.Label, "software") }, want: vs("3", "5")},
		{name: "has on edges", edgeIDs: true, q: func(g *G) *Trav { return g.E().Has("weight", P.Gte(1.0)) }, want: es("8", "10")},
		{name: "has missing key", q: func(g *G) *Trav { return g.V().Has("nope", "x") }, want: noResults},
		// hasLabel, hasId, hasKey, hasNot
		{name: "hasLabel", q: func(g *G) *Trav { return g.V().HasLabel("software") }, want: vs("3", "5")},
		{name: "hasLabel several", q: func(g *G) *Trav { return g.V().HasLabel("software", "person").Count() }, want: one(int64(6))},
		{name: "hasLabel predicate", edgeIDs: true, q: func(g *G) *Trav { return g.E().HasLabel(P.Neq("created")) }, want: es("7", "8")},
		{name: "hasId", q: func(g *G) *Trav { return g.V().HasId("1", "2", "99") }, want: vs("1", "2")},
		{name: "hasId predicate", q: func(g *G) *Trav { return g.V().HasId(P.Within("3", "5")) }, want: vs("3", "5")},
		{name: "hasKey", q: func(g *G) *Trav { return g.V("1").Properties().HasKey("age").Value() }, want: i32s(29)},
		{name: "hasKey several", q: func(g *G) *Trav { return g.V("3").Properties().HasKey("lang", "age").Value() }, want: strs("java")},
		{name: "hasNot", q: func(g *G) *Trav { return g.V().HasNot("age") }, want: vs("3", "5")},
		// is
		{name: "is value", q: func(g *G) *Trav { return g.V().Values("age").Is(32) }, want: i32s(32)},
		{name: "is predicate", q: func(g *G) *Trav { return g.V().Values("age").Is(P.Lte(29)) }, want: i32s(29, 27)},
		{name: "is on count", q: func(g *G) *Trav { return g.V().Where(__.OutE().Count().Is(0)) }, want: vs("2", "3", "5")},
		// where
		{name: "where predicate on step label", q: func(g *G) *Trav {
			return g.V().As("a").Out("created").In("created").Where(P.Neq("a"))
		}, want: vs("4", "6", "1", "6", "1", "4")},
		{name: "where start label predicate by key", q: func(g *G) *Trav {
			return g.V().As("a").Out("knows").As("b").Where("a", P.Gt("b")).By("age")
		}, want: vs("2")},
		{name: "where traversal", q: func(g *G) *Trav { return g.V().Where(__.Out("created")) }, want: vs("1", "4", "6")},
		{name: "where traversal with predicate", q: func(g *G) *Trav {
			return g.V().Where(__.OutE("created").Count().Is(P.Gt(1)))
		}, want: vs("4")},
		{name: "where traversal with labels", q: func(g *G) *Trav {
			return g.V().As("a").Out("knows").Where(__.Out("created").As("a")).Values("name")
		}, want: noResults},
		// and, or, not
		{name: "and", q: func(g *G) *Trav { return g.V().And(__.Has("age", P.Gt(27)), __.OutE("created")) }, want: vs("1", "4", "6")},
		{name: "or", q: func(g *G) *Trav { return g.V().Or(__.Has("name", "lop"), __.Has("age", int32(27))) }, want: vs("2", "3")},
		{name: "not", q: func(g *G) *Trav { return g.V().Not(__.HasLabel("person")) }, want: vs("3", "5")},
		// dedup
		{name: "dedup", q: func(g *G) *Trav { return g.V().Out().Dedup() }, want: vs("2", "3", "4", "5")},
		{name: "dedup by", q: func(g *G) *Trav { return g.V().Dedup().By(T.Label).Label() }, want: strs("person", "software")},
		{name: "dedup by traversal", q: func(g *G) *Trav {
			return g.V().HasLabel("person").Dedup().By(__.OutE("created").Count()).Count()
		}, want: one(int64(3))},
		{name: "dedup local", q: func(g *G) *Trav { return g.Inject([]any{"a", "b", "a"}).Dedup(gremlingo.Scope.Local) }, want: one(set("a", "b"))},
		// limit, range, skip, tail
		{name: "limit", q: func(g *G) *Trav { return byAge(g).Limit(2).Values("name") }, want: strs("vadas", "marko"), ordered: true},
		{name: "limit zero", q: func(g *G) *Trav { return g.V().Limit(0) }, want: noResults},
		{name: "range", q: func(g *G) *Trav { return byAge(g).Range(1, 3).Values("name") }, want: strs("marko", "josh"), ordered: true},
		{name: "range to end", q: func(g *G) *Trav { return byAge(g).Range(2, -1).Values("name") }, want: strs("josh", "peter"), ordered: true},
		{name: "skip", q: func(g *G) *Trav { return byAge(g).Skip(3).Values("name") }, want: strs("peter"), ordered: true},
		{name: "tail default one", q: func(g *G) *Trav { return byAge(g).Tail().Values("name") }, want: strs("peter")},
		{name: "tail n", q: func(g *G) *Trav { return byAge(g).Values("name").Tail(2) }, want: strs("josh", "peter"), ordered: true},
		{name: "limit local", q: func(g *G) *Trav { return g.Inject([]any{"a", "b", "c"}).Limit(gremlingo.Scope.Local, 2) }, want: one(list("a", "b"))},
		{name: "range local", q: func(g *G) *Trav { return g.Inject([]any{"a", "b", "c"}).Range(gremlingo.Scope.Local, 1, 2) }, want: strs("b")},
		{name: "tail local", q: func(g *G) *Trav { return g.Inject([]any{"a", "b", "c"}).Tail(gremlingo.Scope.Local, 2) }, want: one(list("b", "c"))},
		{name: "skip local", q: func(g *G) *Trav { return g.Inject([]any{"a", "b", "c"}).Skip(gremlingo.Scope.Local, 1) }, want: one(list("b", "c"))},
		// simplePath, cyclicPath
		{name: "simplePath", q: func(g *G) *Trav { return g.V("1").Both().Both().SimplePath() }, want: vs("5", "3", "4", "6")},
		{name: "cyclicPath", q: func(g *G) *Trav { return g.V("1").Both().Both().CyclicPath() }, want: vs("1", "1", "1")},
		{name: "simplePath with path", q: func(g *G) *Trav {
			return g.V("2").In().Out("created").SimplePath().Path().By("name")
		}, want: one(path("vadas", "marko", "lop"))},
		// coalesce, optional
		{name: "coalesce first productive", q: func(g *G) *Trav {
			return g.V("1", "3").Coalesce(__.Values("age"), __.Constant("none"))
		}, want: []any{int32(29), "none"}},
		{name: "coalesce nothing productive", q: func(g *G) *Trav { return g.V("2").Coalesce(__.Out(), __.OutE()) }, want: noResults},
		{name: "optional", q: func(g *G) *Trav { return g.V("2", "1").Optional(__.Out("knows")) }, want: vs("2", "2", "4")},
	})
}

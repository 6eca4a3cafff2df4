package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestBranchSteps covers union, choose (predicate, traversal and option forms), local,
// barrier, identity and none on the modern graph.
func TestBranchSteps(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	persons := func(g *G) *Trav { return g.V().HasLabel("person") }
	runRows(t, g, nil, []row{
		{name: "union", q: func(g *G) *Trav { return g.V("4").Union(__.In(), __.Out()) }, want: vs("1", "5", "3")},
		{name: "union of values", q: func(g *G) *Trav { return g.V("4").Union(__.Values("name"), __.Values("age")) }, want: []any{"josh", int32(32)}},
		{name: "union with count", q: func(g *G) *Trav {
			return g.V("1").Union(__.Out().Count(), __.In().Count())
		}, want: []any{int64(3), int64(0)}, ordered: true},
		{name: "union start step", q: func(g *G) *Trav { return g.Union(__.V("1"), __.V("2")).Values("name") }, want: strs("marko", "vadas")},
		{name: "choose traversal predicate", q: func(g *G) *Trav {
			return persons(g).Choose(__.Values("age").Is(P.Gt(30)), __.Constant("old"), __.Constant("young"))
		}, want: strs("young", "young", "old", "old")},
		{name: "choose P predicate", q: func(g *G) *Trav {
			return persons(g).Values("age").Choose(P.Gt(30), __.Constant("old"), __.Constant("young"))
		}, want: strs("young", "young", "old", "old")},
		{name: "choose without false branch passes through", q: func(g *G) *Trav {
			return persons(g).Choose(__.Has("age", P.Gt(30)), __.Values("name"))
		}, want: []any{vx("1"), vx("2"), "josh", "peter"}},
		{name: "choose options", q: func(g *G) *Trav {
			return persons(g).Choose(__.Values("age")).
				Option(int32(29), __.Constant("marko")).
				Option(int32(27), __.Constant("vadas")).
				Option(gremlingo.Pick.None, __.Constant("other"))
		}, want: strs("marko", "vadas", "other", "other")},
		{name: "choose options by T.label", q: func(g *G) *Trav {
			return g.V().Choose(__.Label()).
				Option("person", __.Values("age")).
				Option("software", __.Values("lang"))
		}, want: []any{int32(29), int32(27), int32(32), int32(35), "java", "java"}},
		{name: "choose option without match and no none filters", q: func(g *G) *Trav {
			return g.V().Choose(__.Label()).Option("software", __.Values("name"))
		}, want: strs("lop", "ripple")},
		{name: "local limits per traverser", q: func(g *G) *Trav { return persons(g).Local(__.Out("created").Limit(1)).Count() }, want: one(int64(3))},
		{name: "global limit for contrast", q: func(g *G) *Trav { return persons(g).Out("created").Limit(1).Count() }, want: one(int64(1))},
		{name: "local fold per traverser", q: func(g *G) *Trav {
			return persons(g).Local(__.Out("created").Fold()).Count(gremlingo.Scope.Local)
		}, want: []any{int64(1), int64(0), int64(2), int64(1)}},
		{name: "barrier", q: func(g *G) *Trav { return g.V().Barrier().Count() }, want: one(int64(6))},
		{name: "barrier with size", q: func(g *G) *Trav { return g.V().Out().Barrier(2).Values("name") }, want: strs("vadas", "josh", "lop", "ripple", "lop", "lop")},
		{name: "identity", q: func(g *G) *Trav { return g.V("1").Identity() }, want: vs("1")},
		{name: "none", q: func(g *G) *Trav { return g.V().None() }, want: noResults},
	})
}

// TestRepeat covers repeat with times, until, emit and their placement before or after
// repeat, on the chain a -> b -> c -> d -> e and on the modern graph.
func TestRepeat(t *testing.T) {
	g := source(t)
	loadChain(t, g)
	runRows(t, g, nil, []row{
		{name: "times", q: func(g *G) *Trav { return g.V("a").Repeat(__.Out()).Times(2) }, want: vs("c")},
		{name: "times path", q: func(g *G) *Trav { return g.V("a").Repeat(__.Out()).Times(3).Path().By("name") }, want: one(path("a", "b", "c", "d"))},
		{name: "until after is do-while", q: func(g *G) *Trav { return g.V("a").Repeat(__.Out()).Until(__.HasId("c")) }, want: vs("c")},
		{name: "until after never tests the start", q: func(g *G) *Trav { return g.V("a").Repeat(__.Out()).Until(__.HasId("a")) }, want: noResults},
		{name: "until before is while-do", q: func(g *G) *Trav { return g.V("a").Until(__.HasId("a")).Repeat(__.Out()) }, want: vs("a")},
		{name: "until end of chain", q: func(g *G) *Trav { return g.V("a").Repeat(__.Out()).Until(__.OutE().Count().Is(0)) }, want: vs("e")},
		{name: "emit after", q: func(g *G) *Trav { return g.V("a").Repeat(__.Out()).Times(2).Emit() }, want: vs("b", "c")},
		{name: "emit before", q: func(g *G) *Trav { return g.V("a").Emit().Repeat(__.Out()).Times(2) }, want: vs("a", "b", "c")},
		{name: "emit predicate", q: func(g *G) *Trav { return g.V("a").Repeat(__.Out()).Emit(__.HasId("c")).Times(4) }, want: vs("c", "e")},
		{name: "emit with until", q: func(g *G) *Trav {
			return g.V("a").Repeat(__.Out()).Until(__.HasId("d")).Emit().Values("name")
		}, want: strs("b", "c", "d")},
		{name: "repeat in reverse", q: func(g *G) *Trav { return g.V("e").Repeat(__.In("next")).Times(4).Id() }, want: strs("a")},
		{name: "repeat loops", q: func(g *G) *Trav {
			return g.V("a").Repeat(__.Out()).Until(__.Loops().Is(3)).Id()
		}, want: strs("d")},
	})
	loadModern(t, g)
	runRows(t, g, nil, []row{
		{name: "modern times 2", q: func(g *G) *Trav { return g.V("1").Repeat(__.Out()).Times(2).Values("name") }, want: strs("ripple", "lop")},
		{name: "modern emit paths", q: func(g *G) *Trav {
			return g.V("1").Repeat(__.Out()).Times(2).Emit().Path().By("name")
		}, want: []any{
			path("marko", "vadas"), path("marko", "josh"), path("marko", "lop"),
			path("marko", "josh", "ripple"), path("marko", "josh", "lop"),
		}},
		{name: "modern until has", q: func(g *G) *Trav {
			return g.V("1").Repeat(__.Both().SimplePath()).Until(__.HasId("6")).Path().By("name")
		}, want: []any{path("marko", "lop", "peter"), path("marko", "josh", "lop", "peter")}},
	})
}

// TestFailAndNone covers fail(), which must surface as an error and never as an empty result,
// and none(), which discards results but keeps the traversal's side effects.
func TestFailAndNone(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	runErrorRows(t, g, []errorRow{
		{name: "fail with message", q: func(g *G) *Trav { return g.V("1").Fail("boom-1") }, wantInMessage: "boom-1"},
		{name: "fail without message", q: func(g *G) *Trav { return g.Inject(1).Fail() }},
		{name: "fail in a branch", q: func(g *G) *Trav {
			return g.V().HasLabel("person").Choose(__.Has("age", P.Gt(34)), __.Fail("too-old"), __.Identity())
		}, wantInMessage: "too-old"},
		{name: "fail as coalesce fallback", q: func(g *G) *Trav {
			return g.V("99").Fold().Coalesce(__.Unfold(), __.Fail("missing-99"))
		}, wantInMessage: "missing-99"},
	})
	runRows(t, g, loadModern, []row{
		{
			name:      "none keeps side effects",
			q:         func(g *G) *Trav { return g.V("1").Property("touched", true).None() },
			want:      noResults,
			check:     func(g *G) *Trav { return g.V().Has("touched", true).Id() },
			checkWant: strs("1"),
		},
		{
			name: "fail not reached",
			q: func(g *G) *Trav {
				return g.V("1").Fold().Coalesce(__.Unfold(), __.Fail("unreached")).Values("name")
			},
			want: strs("marko"),
		},
	})
}

package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestPropertyAndDrop covers property (with Cardinality.single/list/set) and drop on
// vertices, edges and properties. Every row starts from a fresh modern graph.
func TestPropertyAndDrop(t *testing.T) {
	g := source(t)
	single, lst, st := gremlingo.Cardinality.Single, gremlingo.Cardinality.List, gremlingo.Cardinality.Set
	runRows(t, g, loadModern, []row{
		{
			name:      "property single replaces",
			q:         func(g *G) *Trav { return g.V("1").Property(single, "name", "mark").Values("name") },
			want:      strs("mark"),
			check:     func(g *G) *Trav { return g.V("1").Properties("name").Count() },
			checkWant: one(int64(1)),
		},
		{
			name:      "property without cardinality on a new key",
			q:         func(g *G) *Trav { return g.V("1").Property("city", "santa fe").Values("city") },
			want:      strs("santa fe"),
			check:     func(g *G) *Trav { return g.V("1").ValueMap("city") },
			checkWant: one(kv("city", list("santa fe"))),
		},
		{
			name: "property list keeps duplicates",
			q: func(g *G) *Trav {
				return g.V("1").Property(lst, "nick", "mo").Property(lst, "nick", "mk").Property(lst, "nick", "mo").Values("nick")
			},
			want:      strs("mo", "mk", "mo"),
			check:     func(g *G) *Trav { return g.V("1").Properties("nick").Count() },
			checkWant: one(int64(3)),
		},
		{
			name: "property set drops duplicates",
			q: func(g *G) *Trav {
				return g.V("1").Property(st, "tag", "a").Property(st, "tag", "b").Property(st, "tag", "a").Values("tag")
			},
			want: strs("a", "b"),
		},
		{
			name: "property single after list collapses",
			q: func(g *G) *Trav {
				return g.V("1").Property(lst, "nick", "a").Property(lst, "nick", "b").Property(single, "nick", "c").Values("nick")
			},
			want: strs("c"),
		},
		{
			name:      "property on edge",
			edgeIDs:   true,
			q:         func(g *G) *Trav { return g.E("7").Property("weight", 0.6).Values("weight") },
			want:      one(0.6),
			check:     func(g *G) *Trav { return g.E("7").ValueMap() },
			checkWant: one(kv("weight", 0.6)),
		},
		{
			name: "property value from traversal",
			q: func(g *G) *Trav {
				return g.V("1").Property(single, "friends", __.Out("knows").Count()).Values("friends")
			},
			want: one(int64(2)),
		},
		{
			name: "property map form",
			q: func(g *G) *Trav {
				return g.V("2").Property(kv("city", "rome", "age", int32(28))).ValueMap("city", "age")
			},
			want: one(kv("city", list("rome"), "age", list(int32(28)))),
		},
		{
			name:      "drop vertex drops its edges",
			edgeIDs:   true,
			q:         func(g *G) *Trav { return g.V("1").Drop() },
			want:      noResults,
			check:     func(g *G) *Trav { return g.E().Id() },
			checkWant: strs("10", "11", "12"),
		},
		{
			name:      "drop edge keeps vertices",
			edgeIDs:   true,
			q:         func(g *G) *Trav { return g.E("7").Drop() },
			want:      noResults,
			check:     func(g *G) *Trav { return g.V("1").Out("knows") },
			checkWant: vs("4"),
		},
		{
			name:      "drop vertex property",
			q:         func(g *G) *Trav { return g.V("1").Properties("age").Drop() },
			want:      noResults,
			check:     func(g *G) *Trav { return g.V("1").Values() },
			checkWant: strs("marko"),
		},
		{
			name:      "drop edge property",
			edgeIDs:   true,
			q:         func(g *G) *Trav { return g.E("7").Properties("weight").Drop() },
			want:      noResults,
			check:     func(g *G) *Trav { return g.E("7").ValueMap() },
			checkWant: one(kv()),
		},
		{
			name:      "drop filtered",
			q:         func(g *G) *Trav { return g.V().HasLabel("software").Drop() },
			want:      noResults,
			check:     func(g *G) *Trav { return g.V().Label().Dedup() },
			checkWant: strs("person"),
		},
	})
}

// TestSideEffectSteps covers sideEffect, aggregate, store and cap.
func TestSideEffectSteps(t *testing.T) {
	g := source(t)
	runRows(t, g, loadModern, []row{
		{
			name:      "sideEffect runs and passes the traverser on",
			q:         func(g *G) *Trav { return g.V("1").SideEffect(__.Property("visited", true)).Values("name") },
			want:      strs("marko"),
			check:     func(g *G) *Trav { return g.V("1").Values("visited") },
			checkWant: one(true),
		},
		{
			name: "sideEffect output is discarded",
			q:    func(g *G) *Trav { return g.V("1").SideEffect(__.Out()).Id() },
			want: strs("1"),
		},
		{
			name: "aggregate then cap",
			q:    func(g *G) *Trav { return g.V("1").Out("created").Aggregate("x").Cap("x") },
			want: one(list(vx("3"))),
		},
		{
			name: "aggregate is a barrier",
			q:    func(g *G) *Trav { return g.V().Aggregate("x").Limit(1).Cap("x").Count(gremlingo.Scope.Local) },
			want: one(int64(6)),
		},
		{
			name: "aggregate by then where without",
			q: func(g *G) *Trav {
				return g.V("1").Out("knows").Aggregate("f").Out("created").Where(P.Without("f"))
			},
			want: vs("5", "3"),
		},
		{
			name: "aggregate by key",
			q:    func(g *G) *Trav { return g.V().HasLabel("software").Aggregate("n").By("name").Cap("n").Unfold() },
			want: strs("lop", "ripple"),
		},
		{
			name: "store collects lazily",
			q:    func(g *G) *Trav { return g.V().HasLabel("person").Store("s").By("age").Cap("s").Unfold() },
			want: i32s(29, 27, 32, 35),
		},
		{
			name: "store in where within",
			q: func(g *G) *Trav {
				return g.V("4").Store("seen").Out("created").In("created").Where(P.Without("seen")).Values("name")
			},
			want: strs("marko", "peter"),
		},
		{
			name: "cap several side effects",
			q: func(g *G) *Trav {
				return g.V("3").Aggregate("x").By("name").GroupCount("y").By("lang").Cap("x", "y")
			},
			want: one(kv("x", list("lop"), "y", kv("java", int64(1)))),
		},
	})
}

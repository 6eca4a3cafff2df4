package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestSourceReads covers the read-only start steps V, E and inject.
func TestSourceReads(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	runRows(t, g, nil, []row{
		{name: "V all", q: func(g *G) *Trav { return g.V() }, want: vs("1", "2", "3", "4", "5", "6")},
		{name: "V by ids", q: func(g *G) *Trav { return g.V("1", "3") }, want: vs("1", "3")},
		{name: "V unknown id", q: func(g *G) *Trav { return g.V("99") }, want: noResults},
		{name: "V mid-traversal", q: func(g *G) *Trav { return g.V("1").V("2") }, want: vs("2")},
		{name: "E all", edgeIDs: true, q: func(g *G) *Trav { return g.E() }, want: es("7", "8", "9", "10", "11", "12")},
		{name: "E by id", edgeIDs: true, q: func(g *G) *Trav { return g.E("7", "12") }, want: es("7", "12")},
		// Gremlin Server 3.7.3 hands a Long inject() argument that fits 32 bits back as Int
		// (numbers_test.go), the embedded engine keeps it Long: compare the values as text.
		{name: "inject Long", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject(1, 2, int64(5000000000)).AsString() }, want: strs("1", "2", "5000000000"), ordered: true},
		{name: "inject mixed", q: func(g *G) *Trav { return g.Inject("a", int32(1), 2.5, true) }, want: []any{"a", int32(1), 2.5, true}, ordered: true},
		{name: "inject list", q: func(g *G) *Trav { return g.Inject([]any{"a", "b"}) }, want: one(list("a", "b"))},
		{name: "inject mid-traversal", q: func(g *G) *Trav { return g.V("1").Values("name").Inject("first") }, want: strs("first", "marko"), ordered: true},
	})
}

// TestSourceWrites covers addV, addE, mergeV and mergeE with their modulators.
func TestSourceWrites(t *testing.T) {
	g := source(t)
	merge := func(pairs ...any) map[any]any { return kv(pairs...) }
	runRows(t, g, loadModern, []row{
		{
			name:      "addV with label, id and properties",
			q:         func(g *G) *Trav { return g.AddV("person").Property(T.Id, "100").Property("name", "zoe") },
			want:      vs("100"),
			check:     func(g *G) *Trav { return g.V("100").ElementMap() },
			checkWant: one(kv("id", "100", "label", "person", "name", "zoe")),
		},
		{
			name:      "addV default label",
			q:         func(g *G) *Trav { return g.AddV().Property(T.Id, "101").Label() },
			want:      strs("vertex"),
			check:     func(g *G) *Trav { return g.V().Count() },
			checkWant: one(int64(7)),
		},
		{
			name:      "addV per incoming traverser",
			requires:  generatedVertexIDs,
			q:         func(g *G) *Trav { return g.V().HasLabel("software").AddV("copy").Count() },
			want:      one(int64(2)),
			check:     func(g *G) *Trav { return g.V().HasLabel("copy").Count() },
			checkWant: one(int64(2)),
		},
		{
			name:    "addE from and to traversals",
			edgeIDs: true,
			q: func(g *G) *Trav {
				return g.AddE("knows").From(__.V("6")).To(__.V("2")).Property(T.Id, "13").Property("weight", 0.1)
			},
			want:      es("13"),
			check:     func(g *G) *Trav { return g.V("6").Out("knows") },
			checkWant: vs("2"),
		},
		{
			name:      "addE from step label",
			edgeIDs:   true,
			q:         func(g *G) *Trav { return g.V("1").As("a").V("5").AddE("likes").From("a").Property(T.Id, "14").InV() },
			want:      vs("5"),
			check:     func(g *G) *Trav { return g.E("14").OutV() },
			checkWant: vs("1"),
		},
		{
			name:      "addE to from the incoming vertex",
			edgeIDs:   true,
			q:         func(g *G) *Trav { return g.V("2").AddE("knows").To(__.V("1")).Property(T.Id, "15").OutV() },
			want:      vs("2"),
			check:     func(g *G) *Trav { return g.V("1").In("knows") },
			checkWant: vs("2"),
		},
		{
			name:      "mergeV matches existing by id",
			q:         func(g *G) *Trav { return g.MergeV(merge(T.Id, "1")) },
			want:      vs("1"),
			check:     func(g *G) *Trav { return g.V().Count() },
			checkWant: one(int64(6)),
		},
		{
			name:      "mergeV matches by label and property",
			q:         func(g *G) *Trav { return g.MergeV(merge(T.Label, "person", "name", "josh")) },
			want:      vs("4"),
			check:     func(g *G) *Trav { return g.V().Count() },
			checkWant: one(int64(6)),
		},
		{
			name:      "mergeV creates when nothing matches",
			q:         func(g *G) *Trav { return g.MergeV(merge(T.Id, "200", T.Label, "person", "name", "zoe")).ElementMap() },
			want:      one(kv("id", "200", "label", "person", "name", "zoe")),
			check:     func(g *G) *Trav { return g.V().Count() },
			checkWant: one(int64(7)),
		},
		{
			name: "mergeV onCreate adds properties to the created vertex",
			q: func(g *G) *Trav {
				return g.MergeV(merge(T.Id, "201")).
					Option(gremlingo.Merge.OnCreate, merge(T.Label, "person", "name", "new")).
					Option(gremlingo.Merge.OnMatch, merge("name", "matched")).ElementMap()
			},
			want: one(kv("id", "201", "label", "person", "name", "new")),
		},
		{
			name: "mergeV onMatch updates the matched vertex",
			q: func(g *G) *Trav {
				return g.MergeV(merge(T.Id, "1")).
					Option(gremlingo.Merge.OnCreate, merge("name", "new")).
					Option(gremlingo.Merge.OnMatch, merge("age", int32(30))).Values("age")
			},
			want:      i32s(30),
			check:     func(g *G) *Trav { return g.V().Has("name", "new").Count() },
			checkWant: one(int64(0)),
		},
		{
			name: "mergeV from incoming maps",
			q: func(g *G) *Trav {
				return g.Inject(merge(T.Id, "1"), merge(T.Id, "300")).MergeV().Id()
			},
			want:      strs("1", "300"),
			check:     func(g *G) *Trav { return g.V().Count() },
			checkWant: one(int64(7)),
		},
		{
			name:    "mergeE matches existing edge",
			edgeIDs: true,
			q: func(g *G) *Trav {
				return g.MergeE(merge(T.Label, "knows", gremlingo.Direction.Out, "1", gremlingo.Direction.In, "2"))
			},
			want:      es("7"),
			check:     func(g *G) *Trav { return g.E().Count() },
			checkWant: one(int64(6)),
		},
		{
			name:    "mergeE creates with onCreate",
			edgeIDs: true,
			q: func(g *G) *Trav {
				return g.MergeE(merge(T.Id, "20", T.Label, "knows", gremlingo.Direction.Out, "6", gremlingo.Direction.In, "2")).
					Option(gremlingo.Merge.OnCreate, merge("weight", 0.9)).
					Option(gremlingo.Merge.OnMatch, merge("weight", 0.1)).Values("weight")
			},
			want:      one(0.9),
			check:     func(g *G) *Trav { return g.V("6").Out("knows") },
			checkWant: vs("2"),
		},
		{
			name:    "mergeE onMatch updates the matched edge",
			edgeIDs: true,
			q: func(g *G) *Trav {
				return g.MergeE(merge(T.Label, "knows", gremlingo.Direction.Out, "1", gremlingo.Direction.In, "2")).
					Option(gremlingo.Merge.OnCreate, merge("weight", 0.9)).
					Option(gremlingo.Merge.OnMatch, merge("weight", 0.75)).Id()
			},
			want:      strs("7"),
			check:     func(g *G) *Trav { return g.E("7").Values("weight") },
			checkWant: one(0.75),
		},
	})
}

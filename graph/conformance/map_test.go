package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// valueMapTokens is WithOptions.tokens, the with() key asking valueMap for id and label.
const valueMapTokens = "~tinkerpop.valueMap.tokens"

// TestElementMapSteps covers id, label, values, valueMap (with and without tokens),
// elementMap, properties, key, value, project, select, constant and path.
//
// T tokens and Direction keys arrive through gremlin-go as their names ("id", "label", "IN",
// "OUT"), so the expected maps use those strings.
func TestElementMapSteps(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	runRows(t, g, nil, []row{
		{name: "id", q: func(g *G) *Trav { return g.V().HasLabel("software").Id() }, want: strs("3", "5")},
		{name: "id of edge", edgeIDs: true, q: func(g *G) *Trav { return g.V("1").OutE("knows").Id() }, want: strs("7", "8")},
		{name: "label", q: func(g *G) *Trav { return g.V("1", "3").Label() }, want: strs("person", "software")},
		{name: "label of edge", edgeIDs: true, q: func(g *G) *Trav { return g.E("7", "9").Label() }, want: strs("knows", "created")},
		{name: "values all", q: func(g *G) *Trav { return g.V("1").Values() }, want: []any{"marko", int32(29)}},
		{name: "values keys", q: func(g *G) *Trav { return g.V("1", "3").Values("name", "lang") }, want: strs("marko", "lop", "java")},
		{name: "values of edge", q: func(g *G) *Trav { return g.V("1").OutE().Values("weight") }, want: []any{0.5, 1.0, 0.4}},
		{name: "valueMap", q: func(g *G) *Trav { return g.V("1").ValueMap() }, want: one(kv("name", list("marko"), "age", list(int32(29))))},
		{name: "valueMap keys", q: func(g *G) *Trav { return g.V("1").ValueMap("name") }, want: one(kv("name", list("marko")))},
		{name: "valueMap with tokens", q: func(g *G) *Trav { return g.V("3").ValueMap().With(valueMapTokens) }, want: one(kv(
			"id", "3", "label", "software", "name", list("lop"), "lang", list("java")))},
		{name: "valueMap true", q: func(g *G) *Trav { return g.V("2").ValueMap(true) }, want: one(kv(
			"id", "2", "label", "person", "name", list("vadas"), "age", list(int32(27))))},
		{name: "valueMap by unfold", q: func(g *G) *Trav { return g.V("1").ValueMap().By(__.Unfold()) }, want: one(kv("name", "marko", "age", int32(29)))},
		{name: "valueMap of edge", edgeIDs: true, q: func(g *G) *Trav { return g.E("7").ValueMap() }, want: one(kv("weight", 0.5))},
		{name: "elementMap vertex", q: func(g *G) *Trav { return g.V("1").ElementMap() }, want: one(kv(
			"id", "1", "label", "person", "name", "marko", "age", int32(29)))},
		{name: "elementMap keys", q: func(g *G) *Trav { return g.V("1").ElementMap("age") }, want: one(kv(
			"id", "1", "label", "person", "age", int32(29)))},
		{name: "elementMap edge", edgeIDs: true, q: func(g *G) *Trav { return g.E("7").ElementMap() }, want: one(kv(
			"id", "7", "label", "knows", "weight", 0.5,
			"OUT", kv("id", "1", "label", "person"),
			"IN", kv("id", "2", "label", "person")))},
		{name: "properties", q: func(g *G) *Trav { return g.V("1").Properties() }, want: []any{vp("name", "marko"), vp("age", int32(29))}},
		{name: "properties keys", q: func(g *G) *Trav { return g.V("1").Properties("age") }, want: one(vp("age", int32(29)))},
		{name: "properties of edge", edgeIDs: true, q: func(g *G) *Trav { return g.E("7").Properties() }, want: one(prop("weight", 0.5))},
		{name: "key", q: func(g *G) *Trav { return g.V("3").Properties().Key() }, want: strs("name", "lang")},
		{name: "value", q: func(g *G) *Trav { return g.V("3").Properties().Value() }, want: strs("lop", "java")},
		{name: "key and value of edge property", edgeIDs: true, q: func(g *G) *Trav {
			return g.E("8").Properties().Project("k", "v").By(__.Key()).By(__.Value())
		}, want: one(kv("k", "weight", "v", 1.0))},
		{name: "project", q: func(g *G) *Trav {
			return g.V("1").Project("name", "age", "knows").By("name").By("age").By(__.Out("knows").Count())
		}, want: one(kv("name", "marko", "age", int32(29), "knows", int64(2)))},
		{name: "project by T", q: func(g *G) *Trav { return g.V("3").Project("i", "l").By(T.Id).By(T.Label) }, want: one(kv("i", "3", "l", "software"))},
		{name: "project default by is identity", q: func(g *G) *Trav { return g.V("3").Project("self") }, want: one(kv("self", vx("3")))},
		{name: "project by cycles", q: func(g *G) *Trav { return g.V("1").Project("a", "b").By("name") }, want: one(kv("a", "marko", "b", "marko"))},
		{name: "select labels", q: func(g *G) *Trav {
			return g.V("1").As("a").Out("knows").As("b").Select("a", "b").By("name")
		}, want: []any{kv("a", "marko", "b", "vadas"), kv("a", "marko", "b", "josh")}},
		{name: "select one label", q: func(g *G) *Trav { return g.V("1").As("a").Out("knows").Select("a") }, want: vs("1", "1")},
		{name: "select Pop.first", q: func(g *G) *Trav {
			return g.V("1").As("x").Out("created").As("x").Select(gremlingo.Pop.First, "x")
		}, want: vs("1")},
		{name: "select Pop.last", q: func(g *G) *Trav {
			return g.V("1").As("x").Out("created").As("x").Select(gremlingo.Pop.Last, "x")
		}, want: vs("3")},
		{name: "select Pop.all", q: func(g *G) *Trav {
			return g.V("1").As("x").Out("created").As("x").Select(gremlingo.Pop.All, "x")
		}, want: one(list(vx("1"), vx("3")))},
		{name: "select Pop.mixed", q: func(g *G) *Trav {
			return g.V("1").As("x").Out("created").As("x").As("y").Select(gremlingo.Pop.Mixed, "x", "y")
		}, want: one(kv("x", list(vx("1"), vx("3")), "y", vx("3")))},
		{name: "select map key", q: func(g *G) *Trav { return g.Inject(kv("a", 1, "b", 2)).Select("b") }, want: one(int64(2))},
		{name: "select missing label filters", q: func(g *G) *Trav { return g.V("1").Select("nope") }, want: noResults},
		{name: "select Column.keys", q: func(g *G) *Trav {
			return g.V().GroupCount().By(T.Label).Select(gremlingo.Column.Keys)
		}, want: one(set("person", "software"))},
		{name: "select Column.values", q: func(g *G) *Trav {
			return g.V().GroupCount().By(T.Label).Select(gremlingo.Column.Values).Unfold()
		}, want: []any{int64(4), int64(2)}},
		{name: "constant", q: func(g *G) *Trav { return g.V("1", "2").Constant("c") }, want: strs("c", "c")},
		{name: "constant list", q: func(g *G) *Trav { return g.V("1").Constant([]any{"a"}) }, want: one(list("a"))},
		{name: "path", q: func(g *G) *Trav { return g.V("1").Out("knows").Path() }, want: []any{path(vx("1"), vx("2")), path(vx("1"), vx("4"))}},
		{name: "path by", q: func(g *G) *Trav { return g.V("1").OutE("created").InV().Path().By("name").By(T.Label) }, want: one(path("marko", "created", "lop"))},
		{name: "path from mid-traversal", q: func(g *G) *Trav { return g.V("6").Out().In().Path().By("name") }, want: []any{
			path("peter", "lop", "marko"), path("peter", "lop", "josh"), path("peter", "lop", "peter")}},
	})
}

// TestPathLabels checks that a path carries the step labels of each of its objects.
func TestPathLabels(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	got := mustResults(t, g.V("1").As("a").Out("knows").As("b", "c").Has("name", "vadas").Path())
	if len(got) != 1 {
		t.Fatalf("got %d paths, want 1", len(got))
	}
	p, ok := got[0].(*gremlingo.Path)
	if !ok {
		t.Fatalf("got %T, want *gremlingo.Path", got[0])
	}
	want := []*gremlingo.SimpleSet{set("a"), set("b", "c")}
	if len(p.Labels) != len(want) {
		t.Fatalf("labels %v, want %v", p.Labels, want)
	}
	for i := range want {
		if render(p.Labels[i]) != render(want[i]) {
			t.Errorf("labels[%d] = %s, want %s", i, render(p.Labels[i]), render(want[i]))
		}
	}
	obj, err := p.GetPathObject("c")
	if err != nil {
		t.Fatalf("GetPathObject: %v", err)
	}
	if render(obj) != render(vx("2")) {
		t.Errorf("path object c = %s, want v[\"2\"]", render(obj))
	}
}

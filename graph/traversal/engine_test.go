package traversal

import (
	"errors"
	"sort"
	"testing"

	"github.com/wifivault/wifivault/graph/value"
)

func keys(vals []any, ordered bool) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = value.Key(v)
	}
	if !ordered {
		sort.Strings(out)
	}
	return out
}

func TestReadTraversals(t *testing.T) {
	gr := modern(t)
	v := func(id string, label string) value.Vertex { return value.Vertex{ID: id, Label: label} }
	cases := []struct {
		name    string
		q       *bc
		want    []any
		ordered bool
	}{
		{"count", g().V().Count(), []any{int64(6)}, true},
		{"out knows", g().V("1").Out("knows").Values("name"), []any{"vadas", "josh"}, false},
		{"has label key value", g().V().Has("person", "name", "marko").Values("age"), []any{int32(29)}, true},
		{"has predicate", g().V().Has("age", p("gt", int32(30))).Values("name"), []any{"josh", "peter"}, false},
		{"has textP", g().V().Has("name", textP("startingWith", "r")).Values("name"), []any{"ripple"}, false},
		{"sum keeps Int", g().V().step("hasLabel", "person").Values("age").step("sum"), []any{int64(123)}, true},
		{"mean is Double", g().V().step("hasLabel", "person").Values("age").step("mean"), []any{30.75}, true},
		{"max", g().V().Values("age").step("max"), []any{int32(35)}, true},
		{"order by name", g().V().Order().By("name").Values("name"),
			[]any{"josh", "lop", "marko", "peter", "ripple", "vadas"}, true},
		{"order by age desc", g().V().step("hasLabel", "person").Order().By("age", value.Order("desc")).Values("name"),
			[]any{"peter", "josh", "marko", "vadas"}, true},
		{"where neq label", g().V("1").As("a").Out("created").In("created").step("where", p("neq", "a")).Values("name"),
			[]any{"josh", "peter"}, false},
		{"group count by label", g().V().step("group").By(value.T("label")).By(anon().Count()),
			[]any{m("person", int64(4), "software", int64(2))}, true},
		{"groupCount by lang", g().V().step("groupCount").By("lang"), []any{m("java", int64(2))}, true},
		{"repeat times", g().V("1").step("repeat", anon().Out()).step("times", int32(2)).Values("name"),
			[]any{"ripple", "lop"}, false},
		{"repeat emit", g().V("1").step("repeat", anon().Out()).step("emit").Values("name"),
			[]any{"vadas", "josh", "lop", "ripple", "lop"}, false},
		{"until before repeat", g().V("1").step("until", anon().Has("name", "ripple")).step("repeat", anon().Out()).Values("name"),
			[]any{"ripple"}, false},
		{"path by name", g().V("1").Out().Out().step("path").By("name"),
			[]any{value.Path{Labels: [][]string{{}, {}, {}}, Objects: []any{"marko", "josh", "ripple"}}, value.Path{Labels: [][]string{{}, {}, {}}, Objects: []any{"marko", "josh", "lop"}}}, false},
		{"choose predicate traversal", g().V().step("hasLabel", "person").step("choose",
			anon().Values("age").step("is", p("gt", int32(30))), anon().step("constant", "old"), anon().step("constant", "young")),
			[]any{"old", "old", "young", "young"}, false},
		{"choose options", g().V().step("choose", anon().step("label")).step("option", "person", anon().step("constant", "p")).
			step("option", value.Pick("none"), anon().step("constant", "other")),
			[]any{"p", "p", "p", "p", "other", "other"}, false},
		{"coalesce", g().V("2", "3").step("coalesce", anon().Values("lang"), anon().Values("name")), []any{"vadas", "java"}, false},
		{"optional", g().V("2").step("optional", anon().Out()), []any{v("2", "person")}, true},
		{"union", g().V("1").step("union", anon().Out("knows").Values("name"), anon().Values("age")),
			[]any{"vadas", "josh", int32(29)}, false},
		{"project", g().V("1").step("project", "n", "c").By("name").By(anon().Out().Count()),
			[]any{m("n", "marko", "c", int64(3))}, true},
		{"select by", g().V("1").As("a").Out("knows").As("b").Select("a", "b").By("name"),
			[]any{m("a", "marko", "b", "vadas"), m("a", "marko", "b", "josh")}, false},
		{"dedup", g().V().Out().step("dedup").Values("name"), []any{"vadas", "josh", "lop", "ripple"}, false},
		{"range", g().V().Order().By("name").Values("name").step("range", int32(1), int32(3)), []any{"lop", "marko"}, true},
		{"limit", g().V().Order().By("name").Values("name").step("limit", int64(2)), []any{"josh", "lop"}, true},
		{"tail", g().V().Order().By("name").Values("name").step("tail", int64(2)), []any{"ripple", "vadas"}, true},
		{"skip", g().V().Order().By("name").Values("name").step("skip", int64(4)), []any{"ripple", "vadas"}, true},
		{"fold unfold", g().V("1").Out().Values("name").Fold().step("unfold"), []any{"vadas", "josh", "lop"}, false},
		{"count local", g().V().Values("name").Fold().Count(value.Scope("local")), []any{int64(6)}, true},
		{"valueMap tokens", g().V("3").step("valueMap", true),
			[]any{m(value.T("id"), "3", value.T("label"), "software", "name", []any{"lop"}, "lang", []any{"java"})}, true},
		{"elementMap edge", g().E("7").step("elementMap"),
			[]any{m(value.T("id"), "7", value.T("label"), "knows",
				value.Direction("IN"), m(value.T("id"), "2", value.T("label"), "person"),
				value.Direction("OUT"), m(value.T("id"), "1", value.T("label"), "person"), "weight", 0.5)}, true},
		{"local count", g().V().step("hasLabel", "person").step("local", anon().Out().Count()),
			[]any{int64(3), int64(0), int64(2), int64(1)}, false},
		{"and or not", g().V().step("and", anon().Out(), anon().Has("age")).step("not", anon().Has("name", "josh")).Values("name"),
			[]any{"marko", "peter"}, false},
		{"where traversal", g().V().step("where", anon().Out("created").Count().step("is", p("gt", int64(1)))).Values("name"),
			[]any{"josh"}, false},
		{"aggregate cap", g().V().Out("created").step("aggregate", "x").step("cap", "x").step("unfold").Values("name").step("dedup"),
			[]any{"lop", "ripple"}, false},
		{"otherV", g().V("1").step("outE", "knows").step("otherV").Values("name"), []any{"vadas", "josh"}, false},
		{"simplePath", g().V("1").Out().In().step("simplePath").Values("name"), []any{"josh", "peter"}, false},
		{"string steps", g().V("1").Values("name").step("toUpper").step("concat", "!"), []any{"MARKO!"}, true},
		{"inject split", g().step("inject", "a,b").step("split", ","), []any{[]any{"a", "b"}}, true},
		{"select keys", g().V().step("groupCount").By(value.T("label")).Select(value.Column("keys")),
			[]any{value.Set{"person", "software"}}, true},
		{"order local values", g().V().step("groupCount").By(value.T("label")).step("unfold").Order().By(value.Column("values"), value.Order("desc")).Select(value.Column("keys")),
			[]any{"person", "software"}, true},
		{"within", g().V().Has("name", p("within", "marko", "lop")).step("id"), []any{"1", "3"}, false},
		{"between", g().V().Values("age").step("is", p("between", int32(27), int32(32))), []any{int32(29), int32(27)}, false},
		{"loops", g().V("1").step("repeat", anon().Out()).step("until", anon().step("loops").step("is", int32(2))).Values("name"),
			[]any{"ripple", "lop"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := run(t, gr, c.q)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			g, w := keys(got, c.ordered), keys(c.want, c.ordered)
			if len(g) != len(w) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i := range g {
				if g[i] != w[i] {
					t.Fatalf("got %v, want %v", got, c.want)
				}
			}
		})
	}
}

func TestWritesAndAtomicity(t *testing.T) {
	gr := modern(t)
	if _, err := run(t, gr, g().AddV("x").Property("n", int32(1)).step("fail", "stop")); !IsFailStep(err) {
		t.Fatalf("want a fail() error, got %v", err)
	}
	got, err := run(t, gr, g().V().Count())
	if err != nil || got[0] != int64(6) {
		t.Fatalf("after a failed traversal count = %v (%v), want 6", got, err)
	}
	if _, err := run(t, gr, g().AddV("venue").Property(value.T("id"), "v1").Property("name", "A")); err != nil {
		t.Fatal(err)
	}
	got, err = run(t, gr, g().V("v1").Values("name"))
	if err != nil || len(got) != 1 || got[0] != "A" {
		t.Fatalf("addV with T.id: %v %v", got, err)
	}
	merge := g().step("mergeV", m(value.T("id"), "u1", value.T("label"), "unit")).
		step("option", value.Merge("onCreate"), m("vlan", int32(10))).
		step("option", value.Merge("onMatch"), m("seen", true))
	if _, err := run(t, gr, merge); err != nil {
		t.Fatal(err)
	}
	merge2 := g().step("mergeV", m(value.T("id"), "u1", value.T("label"), "unit")).
		step("option", value.Merge("onCreate"), m("vlan", int32(10))).
		step("option", value.Merge("onMatch"), m("seen", true))
	if _, err := run(t, gr, merge2); err != nil {
		t.Fatal(err)
	}
	got, err = run(t, gr, g().V("u1").step("valueMap"))
	if err != nil || value.Key(got[0]) != value.Key(m("vlan", []any{int32(10)}, "seen", []any{true})) {
		t.Fatalf("mergeV twice: %v %v", got, err)
	}
	if _, err := run(t, gr, g().V("v1").As("a").V("u1").AddE("venue_has_unit").From("a")); err != nil {
		t.Fatal(err)
	}
	got, err = run(t, gr, g().V("v1").Out("venue_has_unit").step("id"))
	if err != nil || len(got) != 1 || got[0] != "u1" {
		t.Fatalf("addE: %v %v", got, err)
	}
	if _, err := run(t, gr, g().AddV("x").Property(value.T("id"), "v1")); err == nil {
		t.Fatal("a duplicate id must fail")
	}
	if _, err := run(t, gr, g().V("u1").step("drop")); err != nil {
		t.Fatal(err)
	}
	got, _ = run(t, gr, g().V("v1").Out().Count())
	if got[0] != int64(0) {
		t.Fatalf("dropping a vertex must drop its edges: %v", got)
	}
}

func TestUnsupportedIsAnError(t *testing.T) {
	gr := modern(t)
	cases := []struct {
		name string
		q    *bc
	}{
		{"unknown step", g().V().step("pageRank")},
		{"lambda", g().V().step("map", &value.Lambda{Language: "gremlin-groovy", Script: "it.get()"})},
		{"strategy", &bc{b: value.Bytecode{Sources: []value.Instruction{{Op: "withStrategies", Args: []any{value.TraversalStrategy{Class: "org.apache.tinkerpop.gremlin.process.traversal.strategy.decoration.PartitionStrategy"}}}}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := run(t, gr, c.q)
			var u *UnsupportedError
			if !errors.As(err, &u) {
				t.Fatalf("want UnsupportedError, got %v", err)
			}
		})
	}
}

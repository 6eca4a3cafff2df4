package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestStringSteps covers the TinkerPop 3.7 string steps concat, toLower, toUpper, trim, split
// and replace, in global and (where they take one) local scope.
func TestStringSteps(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	local := gremlingo.Scope.Local
	runRows(t, g, nil, []row{
		{name: "concat strings", q: func(g *G) *Trav { return g.V("1").Values("name").Concat("-", "x") }, want: strs("marko-x")},
		{name: "concat traversal", q: func(g *G) *Trav { return g.Inject("a").Concat(__.Constant("b")) }, want: strs("ab")},
		{name: "concat traversal of a vertex", q: func(g *G) *Trav {
			return g.V("1").Values("name").Concat(__.Constant(" is ")).Concat(__.Constant("person"))
		}, want: strs("marko is person")},
		{name: "concat per traverser", q: func(g *G) *Trav { return g.V().HasLabel("software").Values("name").Concat("!") }, want: strs("lop!", "ripple!")},
		{name: "toUpper", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.V("1").Values("name").ToUpper() }, want: strs("MARKO")},
		{name: "toLower", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject("MiXeD").ToLower() }, want: strs("mixed")},
		{name: "toUpper local", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject([]any{"a", "b"}).ToUpper(local) }, want: one(list("A", "B"))},
		{name: "toLower local", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject([]any{"A", "B"}).ToLower(local) }, want: one(list("a", "b"))},
		{name: "trim", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject("  a b  ").Trim() }, want: strs("a b")},
		{name: "trim local", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject([]any{" a", "b "}).Trim(local) }, want: one(list("a", "b"))},
		{name: "split", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject("a,b,c").Split(",") }, want: one(list("a", "b", "c"))},
		// TinkerPop 3.7.3 drops empty pieces (String.split would keep the interior one).
		{name: "split drops empty pieces", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject("a,,b").Split(",") }, want: one(list("a", "b"))},
		{name: "split local", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject([]any{"a-b", "c"}).Split(local, "-") }, want: one(list(list("a", "b"), list("c")))},
		{name: "replace", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject("marko").Replace("rk", "XX") }, want: strs("maXXo")},
		{name: "replace all occurrences", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject("banana").Replace("a", "o") }, want: strs("bonono")},
		{name: "replace local", requires: tinkerPop371Steps, q: func(g *G) *Trav { return g.Inject([]any{"ab", "b"}).Replace(local, "b", "c") }, want: one(list("ac", "c"))},
		{name: "string steps chain", requires: tinkerPop371Steps, q: func(g *G) *Trav {
			return g.Inject(" Lop ").Trim().ToLower().Concat("-", "java").Split("-")
		}, want: one(list("lop", "java"))},
	})
}

package conformance

import (
	"testing"
)

// TestPredicates covers P.eq/neq/lt/lte/gt/gte/between/inside/outside/within/without/and/or/not
// and TextP.containing/notContaining/startingWith/notStartingWith/endingWith/notEndingWith/regex,
// applied by has() to the modern graph's ages (29, 27, 32, 35) and names.
func TestPredicates(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	age := func(p any) query {
		return func(g *G) *Trav { return g.V().Has("age", p).Values("name") }
	}
	name := func(p any) query {
		return func(g *G) *Trav { return g.V().Has("name", p).Values("name") }
	}
	runRows(t, g, nil, []row{
		{name: "eq", q: age(P.Eq(29)), want: strs("marko")},
		{name: "neq", q: age(P.Neq(29)), want: strs("vadas", "josh", "peter")},
		{name: "lt", q: age(P.Lt(29)), want: strs("vadas")},
		{name: "lte", q: age(P.Lte(29)), want: strs("vadas", "marko")},
		{name: "gt", q: age(P.Gt(32)), want: strs("peter")},
		{name: "gte", q: age(P.Gte(32)), want: strs("josh", "peter")},
		{name: "between is inclusive-exclusive", q: age(P.Between(27, 32)), want: strs("vadas", "marko")},
		{name: "inside is exclusive", q: age(P.Inside(27, 32)), want: strs("marko")},
		{name: "outside is exclusive", q: age(P.Outside(27, 32)), want: strs("peter")},
		{name: "within", q: age(P.Within(27, 35, 99)), want: strs("vadas", "peter")},
		{name: "within list", q: age(P.Within([]any{27, 35})), want: strs("vadas", "peter")},
		{name: "without", q: age(P.Without(27, 35)), want: strs("marko", "josh")},
		{name: "and", q: age(P.Gt(27).And(P.Lt(35))), want: strs("marko", "josh")},
		{name: "or", q: age(P.Lt(28).Or(P.Gt(33))), want: strs("vadas", "peter")},
		{name: "not", q: age(P.Not(P.Within(27, 29))), want: strs("josh", "peter")},
		{name: "eq string", q: name(P.Eq("lop")), want: strs("lop")},
		{name: "lt string", q: name(P.Lt("lop")), want: strs("josh")},
		{name: "containing", q: name(TextP.Containing("a")), want: strs("marko", "vadas")},
		{name: "notContaining", q: name(TextP.NotContaining("a")), want: strs("lop", "josh", "ripple", "peter")},
		{name: "startingWith", q: name(TextP.StartingWith("p")), want: strs("peter")},
		{name: "notStartingWith", q: name(TextP.NotStartingWith("p")), want: strs("marko", "vadas", "lop", "josh", "ripple")},
		{name: "endingWith", q: name(TextP.EndingWith("o")), want: strs("marko")},
		{name: "notEndingWith", q: name(TextP.NotEndingWith("s")), want: strs("marko", "lop", "josh", "ripple", "peter")},
		{name: "regex", q: name(TextP.Regex("^[jr].*[hl]e?$")), want: strs("josh", "ripple")},
		{name: "regex finds a match anywhere", q: name(TextP.Regex("ar")), want: strs("marko")},
		{name: "text and", q: name(TextP.StartingWith("m").And(TextP.EndingWith("o"))), want: strs("marko")},
		{name: "predicate in is", q: func(g *G) *Trav { return g.V().Values("age").Is(P.Inside(28, 33)) }, want: i32s(29, 32)},
		{name: "text predicate in is", q: func(g *G) *Trav {
			return g.V().Values("name").Is(TextP.Containing("o"))
		}, want: strs("marko", "lop", "josh")},
	})
	// TinkerPop 3.7 evaluates a TextP against a non-String by casting, so the traversal fails
	// (ClassCastException on TinkerGraph) rather than filtering the value out.
	runErrorRows(t, g, []errorRow{
		{name: "text predicate on an Int property", q: func(g *G) *Trav {
			return g.V().Has("age", TextP.Containing("2")).Values("name")
		}},
	})
}

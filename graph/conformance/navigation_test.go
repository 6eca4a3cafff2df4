package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestNavigationSteps covers out, in, both, outE, inE, bothE, outV, inV, otherV, bothV and the
// Direction token (to, toE).
func TestNavigationSteps(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	runRows(t, g, nil, []row{
		{name: "out", q: func(g *G) *Trav { return g.V("1").Out() }, want: vs("2", "3", "4")},
		{name: "out label", q: func(g *G) *Trav { return g.V("1").Out("knows") }, want: vs("2", "4")},
		{name: "out labels", q: func(g *G) *Trav { return g.V("1", "4").Out("knows", "created") }, want: vs("2", "4", "3", "5", "3")},
		{name: "out none", q: func(g *G) *Trav { return g.V("2").Out() }, want: noResults},
		{name: "in", q: func(g *G) *Trav { return g.V("3").In() }, want: vs("1", "4", "6")},
		{name: "in label", q: func(g *G) *Trav { return g.V("4").In("created") }, want: noResults},
		{name: "both", q: func(g *G) *Trav { return g.V("4").Both() }, want: vs("1", "5", "3")},
		{name: "both label", q: func(g *G) *Trav { return g.V("4").Both("knows") }, want: vs("1")},
		{name: "outE", edgeIDs: true, q: func(g *G) *Trav { return g.V("1").OutE() }, want: es("7", "8", "9")},
		{name: "outE label", edgeIDs: true, q: func(g *G) *Trav { return g.V("1").OutE("knows") }, want: es("7", "8")},
		{name: "inE", edgeIDs: true, q: func(g *G) *Trav { return g.V("3").InE() }, want: es("9", "11", "12")},
		{name: "bothE", edgeIDs: true, q: func(g *G) *Trav { return g.V("4").BothE() }, want: es("8", "10", "11")},
		{name: "bothE label", edgeIDs: true, q: func(g *G) *Trav { return g.V("4").BothE("created") }, want: es("10", "11")},
		{name: "outV", edgeIDs: true, q: func(g *G) *Trav { return g.E("7").OutV() }, want: vs("1")},
		{name: "inV", edgeIDs: true, q: func(g *G) *Trav { return g.E("7").InV() }, want: vs("2")},
		{name: "otherV from out side", q: func(g *G) *Trav { return g.V("1").OutE("knows").OtherV() }, want: vs("2", "4")},
		{name: "otherV from in side", q: func(g *G) *Trav { return g.V("3").InE().OtherV() }, want: vs("1", "4", "6")},
		{name: "bothV", edgeIDs: true, q: func(g *G) *Trav { return g.E("12").BothV() }, want: vs("6", "3")},
		{name: "edge then vertex has", q: func(g *G) *Trav {
			return g.V("1").OutE().Has("weight", P.Gt(0.45)).InV().Values("name")
		}, want: strs("vadas", "josh")},
		{name: "two hops", q: func(g *G) *Trav { return g.V("1").Out("knows").Out("created").Values("name") }, want: strs("ripple", "lop")},
		{name: "to Direction.Out", q: func(g *G) *Trav { return g.V("1").To(gremlingo.Direction.Out, "knows") }, want: vs("2", "4")},
		{name: "to Direction.In", q: func(g *G) *Trav { return g.V("3").To(gremlingo.Direction.In) }, want: vs("1", "4", "6")},
		{name: "toE Direction.Both", edgeIDs: true, q: func(g *G) *Trav { return g.V("4").ToE(gremlingo.Direction.Both, "created") }, want: es("10", "11")},
		{name: "toV Direction.In", edgeIDs: true, q: func(g *G) *Trav { return g.E("9").ToV(gremlingo.Direction.In) }, want: vs("3")},
	})
}

package conformance

import (
	"strconv"
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// runNonce makes vertex ids unique to one test run, for tests that must never reuse an id a
// failed traversal touched: TinkerTransactionGraph 3.7.3 refuses ("Conflict: element modified
// in another transaction") to re-create such an id for the rest of the server's life.
var runNonce = strconv.FormatInt(time.Now().UnixNano(), 36)

// uid returns id made unique to this test run.
func uid(id string) string { return "run" + runNonce + "-" + id }

// TestTraversalAtomicity checks "one traversal, one transaction": a sessionless traversal that
// writes and then fails leaves the graph as it was. It needs a transactional graph
// (requireTransactions): TinkerGraph applies each write at once and keeps it.
func TestTraversalAtomicity(t *testing.T) {
	requireTransactions(t)
	g := source(t)
	// Three persons, loaded once: every row must leave the graph unchanged, which is what
	// the checks verify.
	p1, p2, p3 := uid("p1"), uid("p2"), uid("p3")
	iterate(t, g.AddV("person").Property(T.Id, p1).Property("name", "ann").Property("age", int32(25)).
		AddV("person").Property(T.Id, p2).Property("name", "bob").Property("age", int32(31)).
		AddV("person").Property(T.Id, p3).Property("name", "cid").Property("age", int32(40)).
		AddE("knows").From(__.V(p1)).To(__.V(p2)))
	rows := []struct {
		name  string
		q     query
		check query
		want  []any
	}{
		{
			name: "added vertices vanish",
			q: func(g *G) *Trav {
				return g.AddV("a").Property(T.Id, uid("new1")).AddV("b").Property(T.Id, uid("new2")).Fail("half-way")
			},
			check: func(g *G) *Trav { return g.V().Count() },
			want:  one(int64(3)),
		},
		{
			name: "property update is undone",
			q: func(g *G) *Trav {
				return g.V(p1).Property(gremlingo.Cardinality.Single, "name", "changed").Fail("half-way")
			},
			check: func(g *G) *Trav { return g.V(p1).Values("name") },
			want:  strs("ann"),
		},
		{
			name:  "drop is undone",
			q:     func(g *G) *Trav { return g.V(p2).SideEffect(__.Drop()).Fail("half-way") },
			check: func(g *G) *Trav { return g.V(p1).Out("knows").Values("name") },
			want:  strs("bob"),
		},
		{
			name: "fail after some traversers wrote",
			q: func(g *G) *Trav {
				return g.V().HasLabel("person").Order().By("age").
					Property(gremlingo.Cardinality.Single, "seen", true).
					Choose(__.Has("age", P.Gt(35)), __.Fail("third person"), __.Identity())
			},
			check: func(g *G) *Trav { return g.V().Has("seen").Count() },
			want:  one(int64(0)),
		},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			if got, err := results(r.q(g)); err == nil {
				t.Fatalf("traversal succeeded with %v, want the fail() error", renderAll(got))
			}
			assertResults(t, "graph state after the failed traversal", mustResults(t, r.check(g)), r.want, false)
		})
	}
}

package conformance

import (
	"slices"
	"strings"
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// Short names for the driver's anonymous traversal spawn and tokens, as Gremlin writes them.
var (
	__    = gremlingo.T__
	P     = gremlingo.P
	TextP = gremlingo.TextP
	T     = gremlingo.T
)

// G and Trav shorten the driver's traversal source and traversal types in the test tables.
type (
	G    = gremlingo.GraphTraversalSource
	Trav = gremlingo.GraphTraversal
)

// query builds the traversal a row runs from the remote traversal source.
type query func(g *G) *Trav

// row is one conformance case: the traversal and the results Gremlin's semantics prescribe.
//
// Results are compared by their canonical rendering (render.go), which keeps the Go type the
// driver decoded (int32 vs int64 vs float64, ...), so a row also asserts the wire types.
// Rows compare as multisets unless ordered is set (the traversal orders its output).
// When check is set it runs after q and its results must equal checkWant: it observes the
// graph state a mutating row left behind. edgeIDs marks a row that supplies edge ids, looks
// edges up by id or returns edges or edge ids; it runs only where requireUserEdgeIDs holds.
// requires names an optional server feature the row needs (capability_test.go).
type row struct {
	name      string
	q         query
	want      []any
	ordered   bool
	check     query
	checkWant []any
	edgeIDs   bool
	requires  *serverFeature
}

// connect opens a driver connection to the server under test, using the remote traversal
// source named alias, closed when the test ends.
func connect(t testing.TB, alias string) (*gremlingo.DriverRemoteConnection, *gremlingo.GraphTraversalSource) {
	t.Helper()
	url := startServer(t)
	conn, err := gremlingo.NewDriverRemoteConnection(url, func(s *gremlingo.DriverRemoteConnectionSettings) {
		s.TraversalSource = alias
		s.LogVerbosity = gremlingo.Off
	})
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	t.Cleanup(conn.Close)
	return conn, gremlingo.Traversal_().WithRemote(conn)
}

// source connects to the traversal source under test (graphSource) and empties its graph.
func source(t testing.TB) *gremlingo.GraphTraversalSource {
	t.Helper()
	_, g := connect(t, graphSource())
	dropAll(t, g)
	return g
}

// dropAll removes every vertex (and so every edge) of g's graph.
func dropAll(t testing.TB, g *gremlingo.GraphTraversalSource) {
	t.Helper()
	iterate(t, g.V().Drop())
}

// iterate runs trav for its side effects and fails the test on error.
func iterate(t testing.TB, trav *gremlingo.GraphTraversal) {
	t.Helper()
	if err := <-trav.Iterate(); err != nil {
		t.Fatalf("iterate %v: %v", trav.Bytecode, err)
	}
}

// results runs trav and returns the values the driver decoded, in arrival order.
func results(trav *gremlingo.GraphTraversal) ([]any, error) {
	list, err := trav.ToList()
	if err != nil {
		return nil, err
	}
	out := make([]any, len(list))
	for i, r := range list {
		out[i] = r.GetInterface()
	}
	return out, nil
}

// mustResults is results that fails the test on error.
func mustResults(t testing.TB, trav *gremlingo.GraphTraversal) []any {
	t.Helper()
	got, err := results(trav)
	if err != nil {
		t.Fatalf("traversal failed: %v", err)
	}
	return got
}

// runRows runs each row as a subtest against g. When reload is not nil it rebuilds the
// fixture before every row (for rows that mutate the graph).
func runRows(t *testing.T, g *gremlingo.GraphTraversalSource, reload func(testing.TB, *gremlingo.GraphTraversalSource), rows []row) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			if r.edgeIDs {
				requireUserEdgeIDs(t)
			}
			if r.requires != nil {
				r.requires.require(t)
			}
			if reload != nil {
				reload(t, g)
			}
			got, err := results(r.q(g))
			if err != nil {
				t.Fatalf("traversal failed: %v", err)
			}
			assertResults(t, "results", got, r.want, r.ordered)
			if r.check != nil {
				after, err := results(r.check(g))
				if err != nil {
					t.Fatalf("check traversal failed: %v", err)
				}
				assertResults(t, "graph state after the traversal", after, r.checkWant, false)
			}
		})
	}
}

// assertResults compares got and want by canonical rendering, as sequences when ordered,
// else as multisets.
func assertResults(t testing.TB, what string, got, want []any, ordered bool) {
	t.Helper()
	g, w := renderAll(got), renderAll(want)
	if !ordered {
		slices.Sort(g)
		slices.Sort(w)
	}
	if !slices.Equal(g, w) {
		t.Errorf("%s:\n got: %s\nwant: %s", what, strings.Join(g, ", "), strings.Join(w, ", "))
	}
}

// errorRow is a traversal that Gremlin defines to fail; wantInMessage is a substring the
// server's error text must contain ("" accepts any error).
type errorRow struct {
	name          string
	q             query
	wantInMessage string
}

// runErrorRows checks that every row's traversal fails (an error, never an empty result),
// and that the connection still serves a traversal afterwards.
func runErrorRows(t *testing.T, g *gremlingo.GraphTraversalSource, rows []errorRow) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			got, err := results(r.q(g))
			if err == nil {
				t.Fatalf("traversal succeeded with %v, want an error", renderAll(got))
			}
			if !strings.Contains(err.Error(), r.wantInMessage) {
				t.Errorf("error %q does not contain %q", err.Error(), r.wantInMessage)
			}
			after := mustResults(t, g.Inject(int32(1)))
			assertResults(t, "after the error", after, []any{int32(1)}, true)
		})
	}
}

package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// TestLargeResultStreams checks that a result far larger than one response batch arrives
// complete and in order: Gremlin Server streams it as many 206 (partial content) responses
// of batchSize results (64 by default) and a final 200.
func TestLargeResultStreams(t *testing.T) {
	g := source(t)
	const n = 10000
	numbers := make([]any, n)
	for i := range numbers {
		numbers[i] = int32(i)
	}
	rows := []struct {
		name string
		q    query
		want []any
	}{
		{name: "inject unfold 10000", q: func(g *G) *Trav { return g.Inject(numbers).Unfold() }, want: numbers},
		{name: "range over 10000", q: func(g *G) *Trav { return g.Inject(numbers).Unfold().Range(100, 9100) }, want: numbers[100:9100]},
		// Gremlin Server 3.7.3 requires batchSize to be an Int: a Go int (Long) fails with a
		// ClassCastException.
		{name: "small batch size", q: func(g *G) *Trav {
			return g.With("batchSize", int32(7)).Inject(numbers).Unfold().Limit(1000)
		}, want: numbers[:1000]},
		{name: "10000 projected maps", q: func(g *G) *Trav {
			return g.Inject(numbers).Unfold().Project("i").By(__.Identity()).Select("i")
		}, want: numbers},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			got := mustResults(t, r.q(g))
			if len(got) != len(r.want) {
				t.Fatalf("got %d results, want %d", len(got), len(r.want))
			}
			for i := range got {
				if render(got[i]) != render(r.want[i]) {
					t.Fatalf("result %d = %s, want %s (order or value lost)", i, render(got[i]), render(r.want[i]))
				}
			}
		})
	}
}

// TestUnsupportedRequestsFail checks that traversals a server cannot run come back as errors,
// never as empty results, and that the connection survives them.
func TestUnsupportedRequestsFail(t *testing.T) {
	g := source(t)
	loadModern(t, g)
	runErrorRows(t, g, []errorRow{
		{name: "unknown step", q: func(g *G) *Trav {
			trav := g.V()
			trav.Bytecode.AddStep("wifivaultNoSuchStep", "x")
			return trav
		}},
		{name: "unknown start step", q: func(g *G) *Trav {
			trav := g.V().Count()
			trav.Bytecode.AddSource("wifivaultNoSuchSource")
			return trav
		}},
		{name: "lambda in an unsupported language", q: func(g *G) *Trav {
			return g.V().Map(&gremlingo.Lambda{Script: "x -> x", Language: "wifivault-no-such-language"})
		}},
		{name: "step with wrong argument types", q: func(g *G) *Trav { return g.V().Limit("ten") }},
		{name: "unknown traversal source alias", q: func(g *G) *Trav { return unknownAlias(t).V() }},
	})
}

// unknownAlias returns a traversal source bound to an alias the server does not serve.
func unknownAlias(t *testing.T) *G {
	t.Helper()
	_, g := connect(t, "wifivaultNoSuchAlias")
	return g
}

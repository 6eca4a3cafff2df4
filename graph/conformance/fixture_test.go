package conformance

import (
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// loadModern replaces g's graph with TinkerPop's "modern" toy graph, with string ids:
//
//	vertices 1 marko (person, age 29), 2 vadas (person, 27), 3 lop (software, java),
//	         4 josh (person, 32), 5 ripple (software, java), 6 peter (person, 35)
//	edges    7 marko-knows->vadas 0.5, 8 marko-knows->josh 1.0, 9 marko-created->lop 0.4,
//	         10 josh-created->ripple 1.0, 11 josh-created->lop 0.4, 12 peter-created->lop 0.2
//
// Ages are Int (int32) and weights Double (float64), as in TinkerPop. It is built in one
// traversal. On a server that assigns edge ids itself (JanusGraph, see requireUserEdgeIDs)
// the edges get the server's ids instead.
func loadModern(t testing.TB, g *gremlingo.GraphTraversalSource) {
	t.Helper()
	dropAll(t, g)
	person := func(trav *gremlingo.GraphTraversal, id, name string, age int32) *gremlingo.GraphTraversal {
		return trav.AddV("person").Property(T.Id, id).Property("name", name).Property("age", age).As(name)
	}
	software := func(trav *gremlingo.GraphTraversal, id, name string) *gremlingo.GraphTraversal {
		return trav.AddV("software").Property(T.Id, id).Property("name", name).Property("lang", "java").As(name)
	}
	edge := func(trav *gremlingo.GraphTraversal, id, label, from, to string, weight float64) *gremlingo.GraphTraversal {
		return edgeIDOrNone(t, trav.AddE(label).From(from).To(to), id).Property("weight", weight)
	}
	trav := g.AddV("person").Property(T.Id, "1").Property("name", "marko").Property("age", int32(29)).As("marko")
	trav = person(trav, "2", "vadas", 27)
	trav = software(trav, "3", "lop")
	trav = person(trav, "4", "josh", 32)
	trav = software(trav, "5", "ripple")
	trav = person(trav, "6", "peter", 35)
	trav = edge(trav, "7", "knows", "marko", "vadas", 0.5)
	trav = edge(trav, "8", "knows", "marko", "josh", 1.0)
	trav = edge(trav, "9", "created", "marko", "lop", 0.4)
	trav = edge(trav, "10", "created", "josh", "ripple", 1.0)
	trav = edge(trav, "11", "created", "josh", "lop", 0.4)
	trav = edge(trav, "12", "created", "peter", "lop", 0.2)
	iterate(t, trav)
}

// loadChain replaces g's graph with the chain a -next-> b -next-> c -next-> d -next-> e
// (label "node", property "name" equal to the id), the fixture for repeat().
func loadChain(t testing.TB, g *gremlingo.GraphTraversalSource) {
	t.Helper()
	dropAll(t, g)
	ids := []string{"a", "b", "c", "d", "e"}
	trav := g.AddV("node").Property(T.Id, ids[0]).Property("name", ids[0]).As(ids[0])
	for _, id := range ids[1:] {
		trav = trav.AddV("node").Property(T.Id, id).Property("name", id).As(id)
	}
	for i := 1; i < len(ids); i++ {
		trav = trav.AddE("next").From(ids[i-1]).To(ids[i])
	}
	iterate(t, trav)
}

// TestFixtures checks the fixtures themselves, since every other test builds on them.
func TestFixtures(t *testing.T) {
	g := source(t)
	t.Run("modern", func(t *testing.T) {
		loadModern(t, g)
		runRows(t, g, nil, []row{
			{name: "vertices", q: func(g *G) *Trav {
				return g.V().ElementMap()
			}, want: []any{
				kv("id", "1", "label", "person", "name", "marko", "age", int32(29)),
				kv("id", "2", "label", "person", "name", "vadas", "age", int32(27)),
				kv("id", "3", "label", "software", "name", "lop", "lang", "java"),
				kv("id", "4", "label", "person", "name", "josh", "age", int32(32)),
				kv("id", "5", "label", "software", "name", "ripple", "lang", "java"),
				kv("id", "6", "label", "person", "name", "peter", "age", int32(35)),
			}},
			{name: "edges", edgeIDs: true, q: func(g *G) *Trav {
				return g.E().Project("id", "label", "out", "in", "weight").
					By(T.Id).By(T.Label).By(__.OutV().Id()).By(__.InV().Id()).By("weight")
			}, want: []any{
				kv("id", "7", "label", "knows", "out", "1", "in", "2", "weight", 0.5),
				kv("id", "8", "label", "knows", "out", "1", "in", "4", "weight", 1.0),
				kv("id", "9", "label", "created", "out", "1", "in", "3", "weight", 0.4),
				kv("id", "10", "label", "created", "out", "4", "in", "5", "weight", 1.0),
				kv("id", "11", "label", "created", "out", "4", "in", "3", "weight", 0.4),
				kv("id", "12", "label", "created", "out", "6", "in", "3", "weight", 0.2),
			}},
		})
	})
	t.Run("chain", func(t *testing.T) {
		loadChain(t, g)
		runRows(t, g, nil, []row{
			{name: "path", q: func(g *G) *Trav {
				return g.V("a").Out().Out().Out().Out().Path().By("name")
			}, want: one(path("a", "b", "c", "d", "e"))},
		})
	})
}

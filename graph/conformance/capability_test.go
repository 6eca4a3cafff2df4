package conformance

import (
	// graphdb registers the reader of JanusGraph's RelationIdentifier with gremlin-go,
	// without which no JanusGraph vertex decodes (the engine itself imports nothing of ours;
	// this is its test harness).
	"github.com/wifivault/wifivault/graphdb"
	"strings"
	"sync"
	"testing"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// edgeIDCapability is what the server under test does with edge ids, detected once per run
// by probeEdgeIDs.
var edgeIDCapability struct {
	once sync.Once
	// userSupplied is whether addE accepts an id through T.id. TinkerGraph (ANY id manager)
	// and the embedded engine do; JanusGraph refuses ("Edge does not support user supplied
	// identifiers"): it always assigns edge ids itself.
	userSupplied bool
	// relationIdentifier is whether the server returns edge ids as JanusGraph's
	// RelationIdentifier, a GraphBinary custom type that gremlin-go v3.7.3 decodes only with
	// a registered custom type reader (TINKERPOP-2802; relationidentifier_test.go registers
	// one). It marks a JanusGraph server.
	relationIdentifier bool
	detail             string // the server's answers, for skip messages
	failed             string // set when the probe broke for another reason
}

// probeEdgeIDs detects edgeIDCapability once: it adds two probe vertices, tries an edge with
// a user-supplied id, then an edge without one and reads its id back, and drops the probe.
func probeEdgeIDs(t testing.TB) {
	t.Helper()
	edgeIDCapability.once.Do(func() {
		_, g := connect(t, graphSource())
		a, b := uid("edgeprobe.a"), uid("edgeprobe.b")
		defer func() { _ = <-g.V(a, b).Drop().Iterate() }()
		if err := <-g.AddV("probe").Property(T.Id, a).AddV("probe").Property(T.Id, b).Iterate(); err != nil {
			edgeIDCapability.failed = "adding probe vertices: " + err.Error()
			return
		}
		err := <-g.AddE("probe").From(__.V(a)).To(__.V(b)).Property(T.Id, uid("edgeprobe.e")).Iterate()
		switch {
		case err == nil:
			edgeIDCapability.userSupplied = true
		case strings.Contains(err.Error(), "does not support user supplied identifiers"):
			edgeIDCapability.detail = firstLine(err.Error())
		default:
			edgeIDCapability.failed = "adding an edge with T.id: " + err.Error()
			return
		}
		if !edgeIDCapability.userSupplied {
			if err := <-g.AddE("probe").From(__.V(a)).To(__.V(b)).Iterate(); err != nil {
				edgeIDCapability.failed = "adding an edge: " + err.Error()
				return
			}
		}
		ids, err := results(g.V(a).OutE("probe").Id())
		if err != nil {
			edgeIDCapability.failed = "reading an edge id: " + err.Error()
			return
		}
		for _, id := range ids {
			if rid, ok := id.(graphdb.RelationIdentifier); ok {
				edgeIDCapability.relationIdentifier = true
				edgeIDCapability.detail += "; edge id " + rid.String()
			}
		}
	})
	if edgeIDCapability.failed != "" {
		t.Fatalf("detecting edge id support: %s", edgeIDCapability.failed)
	}
}

// userEdgeIDs reports whether the server under test accepts edge ids supplied through T.id.
// Fixtures give their edges ids only where it does.
func userEdgeIDs(t testing.TB) bool {
	t.Helper()
	probeEdgeIDs(t)
	return edgeIDCapability.userSupplied
}

// requireUserEdgeIDs skips t unless the server accepts user-supplied edge ids and returns
// edges and edge ids that gremlin-go decodes. JanusGraph does neither: it assigns every edge
// a RelationIdentifier (user-supplied edge ids are refused, TinkerPop's
// Edge.Exceptions.userSuppliedIdsNotSupported), and gremlin-go v3.7.3 cannot decode that
// custom type, so a row that creates edges with ids, looks edges up by id (g.E(id)) or
// returns Edge objects or edge ids cannot run there. wifivault's domain traversals follow
// the same rule (no returned Edge objects or edge ids; see docs/deploy.md).
func requireUserEdgeIDs(t testing.TB) {
	t.Helper()
	probeEdgeIDs(t)
	if !edgeIDCapability.userSupplied || edgeIDCapability.relationIdentifier {
		t.Skipf("server assigns its own edge ids (JanusGraph RelationIdentifier): %.160s", edgeIDCapability.detail)
	}
}

// requireConflictDetection skips t on JanusGraph, whose transactions detect a conflicting
// write only on property keys and edge labels that the schema declares with
// ConsistencyModifier.LOCK (JanusGraph "Eventually-Consistent Storage Backends" and
// transaction docs); on the suite's schema-less graph two transactions writing the same
// property both commit, the last one winning. wifivault's schema sets LOCK on its unique
// indexes (schema.JanusGraphSchemaScript), which is where the domain relies on it.
func requireConflictDetection(t *testing.T) {
	t.Helper()
	probeEdgeIDs(t)
	if edgeIDCapability.relationIdentifier {
		t.Skip("JanusGraph detects write conflicts only on schema elements with ConsistencyModifier.LOCK")
	}
}

// firstLine returns s up to its first line break (server errors carry a Java stack trace).
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// edgeIDOrNone adds the property step giving the edge built by trav the id id when the
// server accepts user-supplied edge ids, and returns trav unchanged when it does not.
func edgeIDOrNone(t testing.TB, trav *gremlingo.GraphTraversal, id string) *gremlingo.GraphTraversal {
	t.Helper()
	if !userEdgeIDs(t) {
		return trav
	}
	return trav.Property(T.Id, id)
}

// serverFeature is an optional capability of the server under test, detected once per run
// by a probe traversal that either succeeds or is refused with a known message.
type serverFeature struct {
	name    string
	probe   query
	refusal string // substring of the server's error when the feature is missing
	why     string // the documented reason a conforming server may lack it

	once      sync.Once
	supported bool
	detail    string
	failed    string
}

// tinkerPop371Steps are the steps TinkerPop added in 3.7.1 (asString, toUpper, toLower,
// trim, split, replace, ...). JanusGraph 1.0.0 embeds TinkerPop 3.7.0, whose server cannot
// resolve them ("Could not locate method"); JanusGraph 1.0.1 (TinkerPop 3.7.3) has them but
// its server artifact is not on Maven Central.
var tinkerPop371Steps = &serverFeature{
	name:    "TinkerPop 3.7.1 steps",
	probe:   func(g *G) *Trav { return g.Inject("a").ToUpper() },
	refusal: "Could not locate method",
	why:     "the server embeds TinkerPop 3.7.0 (JanusGraph 1.0.0)",
}

// generatedVertexIDs is addV without T.id (the server picks the id). JanusGraph with
// graph.set-vertex-id=true, which custom string ids need, requires an id on every vertex
// ("Must provide vertex id"; docs/advanced-topics/custom-vertex-id.md).
var generatedVertexIDs = &serverFeature{
	name:    "server-generated vertex ids",
	probe:   func(g *G) *Trav { return g.AddV("probe").Drop() },
	refusal: "Must provide vertex id",
	why:     "JanusGraph with graph.set-vertex-id=true requires T.id on every vertex",
}

// require skips t unless the server under test has f, probing once per run; it fails t when
// the probe breaks for another reason than the expected refusal.
func (f *serverFeature) require(t testing.TB) {
	t.Helper()
	f.once.Do(func() {
		_, g := connect(t, graphSource())
		_, err := results(f.probe(g))
		switch {
		case err == nil:
			f.supported = true
		case strings.Contains(err.Error(), f.refusal):
			f.detail = firstLine(err.Error())
		default:
			f.failed = err.Error()
		}
	})
	if f.failed != "" {
		t.Fatalf("detecting %s: %s", f.name, f.failed)
	}
	if !f.supported {
		t.Skipf("no %s: %s (%.120s)", f.name, f.why, f.detail)
	}
}

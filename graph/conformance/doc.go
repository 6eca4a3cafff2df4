// Package conformance is a Gremlin conformance suite run through the gremlin-go v3.7.3 driver
// against a Gremlin-Server-compatible endpoint.
//
// The tests state Gremlin's documented semantics (TinkerPop 3.7 reference documentation) step
// by step, and are proven against the reference implementation, Apache TinkerPop Gremlin Server
// 3.7.3 with TinkerGraph (scripts/gremlin-servers/tinkergraph.sh). The same tests then hold the
// embedded wifivault engine to that behaviour.
//
// Run against a server:
//
//	scripts/gremlin-servers/tinkergraph.sh start
//	WIFIVAULT_TEST_GRAPH_URL=$(scripts/gremlin-servers/tinkergraph.sh url) go test ./graph/conformance/
//
// Without WIFIVAULT_TEST_GRAPH_URL the suite runs on the embedded engine, started in memory
// (see server_test.go). WIFIVAULT_TEST_GRAPH_SOURCE
// picks the remote traversal source (default "g"); the reference server's "gtx" is a
// TinkerTransactionGraph that proves the transaction and atomicity tests, which skip on graphs
// without transactions. Against JanusGraph (scripts/gremlin-servers/janusgraph.sh) the rows
// that need what JanusGraph legitimately lacks skip, each through a capability probe
// (capability_test.go): user-supplied edge ids, server-generated vertex ids under
// graph.set-vertex-id, the steps of TinkerPop 3.7.1, and write-conflict detection without a
// LOCK schema. Every test rebuilds the fixture it needs after dropping all vertices,
// so tests never run in parallel. The package has no non-test code.
package conformance

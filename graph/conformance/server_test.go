package conformance

import (
	"os"
	"testing"

	"github.com/wifivault/wifivault/graph"
)

// graphURLEnv names the environment variable holding the WebSocket URL of the Gremlin server
// under test, e.g. ws://127.0.0.1:8183/gremlin.
const graphURLEnv = "WIFIVAULT_TEST_GRAPH_URL"

// graphSourceEnv names the environment variable that selects the remote traversal source the
// suite runs against (default "g"); the reference server also serves "gtx", a transactional
// TinkerTransactionGraph, to prove the transaction and atomicity tests.
const graphSourceEnv = "WIFIVAULT_TEST_GRAPH_SOURCE"

// graphSource returns the remote traversal source name the tests use.
func graphSource() string {
	if s := os.Getenv(graphSourceEnv); s != "" {
		return s
	}
	return "g"
}

// startServer returns the WebSocket URL of the Gremlin server the suite runs against.
//
// With WIFIVAULT_TEST_GRAPH_URL set it returns that URL (the reference TinkerGraph server,
// JanusGraph, ...). Without it the embedded wifivault engine is started in memory on a
// loopback port and stopped by t.Cleanup.
func startServer(t testing.TB) string {
	t.Helper()
	if url := os.Getenv(graphURLEnv); url != "" {
		return url
	}
	eng, err := graph.Open(graph.Options{})
	if err != nil {
		t.Fatalf("open embedded engine: %v", err)
	}
	url, err := eng.Start("127.0.0.1:0")
	if err != nil {
		eng.Close()
		t.Fatalf("start embedded engine: %v", err)
	}
	t.Cleanup(func() { eng.Close() })
	return url
}

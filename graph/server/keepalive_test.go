package server

import (
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// longCount is a traversal whose work is n loop iterations of real traversal evaluation.
func longCount(g *gremlingo.GraphTraversalSource, n int) *gremlingo.GraphTraversal {
	return g.Inject(int32(1)).Repeat(__.Identity()).Times(n).Count()
}

// TestLongQueryKeepAlive runs a query for more than 12 seconds through gremlin-go, whose
// connection dies if no frame or pong arrives for 10 s: the server must keep answering the
// client's pings while the query runs, and keep serving other requests on the connection.
func TestLongQueryKeepAlive(t *testing.T) {
	if testing.Short() {
		t.Skip("takes more than 12 s")
	}
	ts := startServer(t, func(c *Config) { c.EvaluationTimeout = 2 * time.Minute })
	g, _ := connect(t, ts.url, "g", func(s *gremlingo.DriverRemoteConnectionSettings) {
		s.MaximumConcurrentConnections = 1 // everything on one socket
	})

	// Calibrate the loop count on this machine, aiming at 17 s: the margin over
	// 12 s absorbs a machine that gets faster (less loaded) after calibrating.
	const probe = 2_000_000
	start := time.Now()
	toList(t, longCount(g, probe))
	n := int(float64(probe) * 17 * float64(time.Second) / float64(time.Since(start)))

	for attempt := 0; attempt < 3; attempt++ {
		done := make(chan error, 1)
		start = time.Now()
		go func() {
			rs, err := longCount(g, n).ToList()
			if err == nil && (len(rs) != 1 || rs[0].GetInterface() != int64(1)) {
				t.Errorf("long query returned %v, want [1]", rs)
			}
			done <- err
		}()
		// While it runs, short requests on the same connection are answered.
		time.Sleep(500 * time.Millisecond)
		if got := toList(t, g.Inject(int32(42))); len(got) != 1 || got[0] != int32(42) {
			t.Fatalf("concurrent request got %v", got)
		}
		if err := <-done; err != nil {
			t.Fatalf("long query failed after %v: %v", time.Since(start), err)
		}
		elapsed := time.Since(start)
		if elapsed >= 12*time.Second {
			t.Logf("query of %d iterations took %v", n, elapsed)
			// The connection survived: it still answers.
			if got := toList(t, g.Inject(int32(1))); len(got) != 1 {
				t.Fatalf("after the long query got %v", got)
			}
			return
		}
		n = int(float64(n) * 17 / elapsed.Seconds()) // the machine got faster: retry longer
	}
	t.Fatal("could not make the query last 12 s")
}

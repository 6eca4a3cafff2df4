package graph_test

import (
	"fmt"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"

	"github.com/wifivault/wifivault/graph"
)

// latencies collects per-request latencies and reports percentiles as benchmark metrics.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) report(b *testing.B, elapsed time.Duration) {
	sort.Slice(l.d, func(i, j int) bool { return l.d[i] < l.d[j] })
	if len(l.d) == 0 {
		return
	}
	p := func(q float64) float64 { return float64(l.d[int(float64(len(l.d)-1)*q)].Microseconds()) / 1000 }
	b.ReportMetric(float64(len(l.d))/elapsed.Seconds(), "req/s")
	b.ReportMetric(p(0.50), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
}

// parallel runs fn b.N times over workers goroutines and reports throughput and latency.
func parallel(b *testing.B, workers int, fn func(i int) error) {
	var l latencies
	var next atomic.Int64
	var failure atomic.Value
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= b.N {
					return
				}
				t0 := time.Now()
				if err := fn(i); err != nil {
					failure.Store(err)
					return
				}
				l.add(time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failure.Load().(error); err != nil {
		b.Fatal(err)
	}
	l.report(b, elapsed)
}

// benchGCPercent is the collector setting the wifivault binary runs with
// (internal/gctune.DefaultPercent; graph/ imports nothing of the rest of the project).
const benchGCPercent = 400

func benchEngine(b *testing.B, dir string) *gremlingo.GraphTraversalSource {
	old := debug.SetGCPercent(benchGCPercent)
	b.Cleanup(func() { debug.SetGCPercent(old) })
	e, err := graph.Open(graph.Options{Dir: dir, Logger: quietLog()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { e.Close() })
	url, err := e.Start("127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	conn, err := gremlingo.NewDriverRemoteConnection(url, func(s *gremlingo.DriverRemoteConnectionSettings) {
		s.LogVerbosity = gremlingo.Off
		s.MaximumConcurrentConnections = 4
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(conn.Close)
	return gremlingo.Traversal_().WithRemote(conn)
}

// BenchmarkAddVertexDurable: addV with 10 properties, each acknowledged only after fsync,
// from 16 concurrent gremlin-go callers (client and server in this process).
//
//	go test ./graph -run '^$' -bench AddVertexDurable -benchtime 20000x
func BenchmarkAddVertexDurable(b *testing.B) {
	g := benchEngine(b, b.TempDir())
	parallel(b, 16, func(i int) error {
		t := g.AddV("unit").Property(gremlingo.T.Id, fmt.Sprintf("u%d", i))
		for k := 0; k < 10; k++ {
			t = t.Property(gremlingo.Cardinality.Single, fmt.Sprintf("p%d", k), int64(i*k))
		}
		return <-t.Iterate()
	})
}

// BenchmarkVenueUnitsElementMap: from a venue vertex to its 1,000 unit vertices with
// elementMap(), one caller (the latency of one listing).
//
//	go test ./graph -run '^$' -bench VenueUnitsElementMap -benchtime 300x
func BenchmarkVenueUnitsElementMap(b *testing.B) {
	g := benchEngine(b, b.TempDir())
	if err := <-g.AddV("venue").Property(gremlingo.T.Id, "venue1").Iterate(); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 1000; i += 100 {
		t := g.V("venue1").As("v")
		for j := i; j < i+100; j++ {
			t = t.AddV("venue_unit").Property(gremlingo.T.Id, fmt.Sprintf("unit%d", j)).
				Property(gremlingo.Cardinality.Single, "UnitID", fmt.Sprintf("%d", j)).
				Property(gremlingo.Cardinality.Single, "Building", "A").
				Property(gremlingo.Cardinality.Single, "Floor", fmt.Sprintf("%d", j/20)).
				Property(gremlingo.Cardinality.Single, "vlan", int64(100+j)).
				AddE("venue_has_unit").From("v").OutV()
		}
		if err := <-t.Iterate(); err != nil {
			b.Fatal(err)
		}
	}
	parallel(b, 1, func(int) error {
		res, err := g.V("venue1").Out("venue_has_unit").ElementMap().ToList()
		if err != nil {
			return err
		}
		if len(res) != 1000 {
			return fmt.Errorf("%d units, want 1000", len(res))
		}
		return nil
	})
}

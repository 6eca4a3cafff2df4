package server

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"testing"
	"time"

	gremlingo "github.com/apache/tinkerpop/gremlin-go/v3/driver"
)

// BenchmarkValueMapByID measures g.V(id).valueMap() from 16 concurrent gremlin-go callers,
// client and server in this process, and reports requests/s and latency percentiles.
func BenchmarkValueMapByID(b *testing.B) {
	// The collector as the wifivault binary runs it (internal/gctune: GOGC=400).
	defer debug.SetGCPercent(debug.SetGCPercent(gctuneDefaultPercent))
	ts := startServer(b, nil)
	g, _ := connect(b, ts.url, "g")
	const vertices = 1000
	for i := 0; i < vertices; i++ {
		toList(b, g.AddV("unit").Property(gremlingo.T.Id, fmt.Sprintf("u%d", i)).
			Property("name", fmt.Sprintf("Unit %d", i)).Property("floor", int32(i%20)).Property("vlan", int64(100+i)))
	}
	const callers = 16
	b.SetParallelism((callers + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	var mu sync.Mutex
	var all []time.Duration
	var worker sync.Mutex
	next := 0
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		worker.Lock()
		i := next * 61
		next++
		worker.Unlock()
		lat := make([]time.Duration, 0, 1024)
		for pb.Next() {
			id := fmt.Sprintf("u%d", i%vertices)
			i++
			t0 := time.Now()
			rs, err := g.V(id).ValueMap().ToList()
			lat = append(lat, time.Since(t0))
			if err != nil || len(rs) != 1 {
				b.Errorf("V(%s).valueMap(): %v, %v", id, rs, err)
				return
			}
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000 }
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}

// gctuneDefaultPercent mirrors internal/gctune.DefaultPercent (graph/ imports nothing of
// the rest of the project).
const gctuneDefaultPercent = 400
